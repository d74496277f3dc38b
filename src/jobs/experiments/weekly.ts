import type { Period } from '../../analysis/isoWeek';
import { tableToObjects } from '../../pipeline/arrow';
import type { Source } from '../../pipeline/source';
import { experimentReadout } from './readout';
import type { Section } from '../report';
import { experimentSection } from './sections';

/**
 * The weekly report's Experiments section: every experiment that ran during the week, read as of the week's end,
 * with its decision findings, metrics tables and lift chart. Says so when none ran.
 */
export async function experimentsSection(source: Source, period: Period): Promise<Section> {
  const ids = tableToObjects<{ experiment_id: string }>(await source.query('experiments/active', { from_ts: period.from, to_ts: period.to }));
  const section: Section = { id: 'experiments', title: 'Experiments', findings: [], tables: [], charts: [] };
  if (ids.length === 0) {
    section.findings.push({ id: 'experiments.none', severity: 'info', metric: 'experiments', value: 0, message: `No experiment ran during ${period.label}.` });
    return section;
  }
  const lastDay = new Date(period.to.getTime() - 1).toISOString().slice(0, 10);
  for (const { experiment_id: id } of ids) {
    const one = experimentSection(await experimentReadout(source, id, { until: lastDay }));
    section.findings.push(...one.findings);
    section.tables.push(...one.tables.filter((t) => t.id !== 'experiment.segments'));
    section.charts.push(...one.charts.filter((c) => c.id === 'experiment.lifts').map((c) => ({ ...c, id: `${c.id}.${id}`, title: `${id}: ${c.title}` })));
  }
  return section;
}
