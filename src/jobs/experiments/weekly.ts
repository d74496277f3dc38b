import type { Period } from '../../analysis/isoWeek';
import { readExperimentsActive } from '../../pipeline/rows/experiments';
import { NothingYetError } from '../../pipeline/errors';
import type { Source } from '../../pipeline/source';
import type { Section } from '../report';
import { weeklyPart } from '../weekly/part';
import { experimentReadout } from './readout';
import { experimentSection } from './sections';
import type { Readout } from './types';

/** Every experiment that ran during a week, each read as of the week's last day. */
export interface ExperimentsWeekly {
  period: Period;
  readouts: Readout[];
  /** Experiments that ran during the week but have nothing to read yet (no sessions so far), with why. */
  notYet: { id: string; reason: string }[];
}

async function experimentsWeeklyReadout(source: Source, period: Period): Promise<ExperimentsWeekly> {
  const ids = await readExperimentsActive(source, { from_ts: period.from, to_ts: period.to });
  const lastDay = new Date(period.to.getTime() - 1).toISOString().slice(0, 10);
  const readouts: Readout[] = [];
  const notYet: ExperimentsWeekly['notYet'] = [];
  for (const { experimentId } of ids) {
    try {
      readouts.push(await experimentReadout(source, experimentId!, { until: lastDay }));
    } catch (e) {
      if (!(e instanceof NothingYetError)) throw e;
      notYet.push({ id: experimentId!, reason: e.problem });
    }
  }
  return { period, readouts, notYet };
}

/** One Experiments section: each experiment's decision findings, metrics tables and lift chart; says so when none ran. */
function experimentsWeeklySections({ period, readouts, notYet }: ExperimentsWeekly): Section[] {
  const section: Section = { id: 'experiments', title: 'Experiments', findings: [], tables: [], charts: [] };
  for (const x of notYet)
    section.findings.push({
      id: `experiments.not_read.${x.id}`,
      severity: 'info',
      metric: 'experiment_not_read',
      segment: x.id,
      value: null,
      message: `${x.id}: not read yet (${x.reason}).`,
    });
  if (readouts.length === 0 && notYet.length === 0) {
    section.findings.push({
      id: 'experiments.none',
      severity: 'info',
      metric: 'experiments',
      value: 0,
      message: `No experiment ran during ${period.label}.`,
    });
    return [section];
  }
  for (const readout of readouts) {
    const id = readout.experiment.id;
    const one = experimentSection(readout);
    section.findings.push(...one.findings);
    section.tables.push(...one.tables.filter((t) => t.id !== 'experiment.segments'));
    section.charts.push(
      ...one.charts.filter((c) => c.id === 'experiment.lifts').map((c) => ({ ...c, id: `${c.id}.${id}`, title: `${id}: ${c.title}` })),
    );
  }
  return [section];
}

/** The weekly report's Experiments section. */
export const experimentsPart = weeklyPart({ id: 'experiments', readout: experimentsWeeklyReadout, sections: experimentsWeeklySections });
