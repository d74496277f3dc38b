import type { Period } from '../../analysis/isoWeek';
import { paths } from '../../pipeline/paths';
import { ResultsStore, type StoredRun } from '../../pipeline/results-store';
import type { Finding, Section } from '../report';
import { weeklyPart, type WeeklyPart } from '../weekly/part';

/** The metrics the trend follows, in the order of the table's columns. */
const TREND: [string, string][] = [
  ['intent_accuracy', 'Intent accuracy'], ['min_class_f1', 'Min class F1'], ['avg_rouge_l', 'ROUGE-L'], ['avg_bertscore_f1', 'BERTScore F1'],
  ['format_compliance', 'Format'], ['guardrail_pass_rate', 'Guardrails'], ['prohibited_violations', 'Prohibited'],
];

const status = (r: StoredRun) => (!r.complete ? 'INCOMPLETE' : r.passed ? 'PASS' : 'FAIL');
const day = (d: Date) => d.toISOString().slice(0, 10);

/** The evaluation runs stored before a week's end, newest first, and the store they came from. */
export interface QualityWeekly {
  file: string;
  period: Period;
  runs: StoredRun[];
}

async function qualityReadout(file: string, period: Period): Promise<QualityWeekly> {
  const store = await ResultsStore.open(file);
  try {
    return { file, period, runs: await store.recentRuns(12, period.to) };
  } finally {
    store.close();
  }
}

/**
 * The weekly report's Quality section (US-3.2): the gates of the latest evaluation run stored before the week's end,
 * and the trend of the gated metrics over the last runs. Says so, as a warning, when the store holds no run: quality
 * then could not be reported.
 */
function qualitySections({ file, period, runs }: QualityWeekly): Section[] {
  const section: Section = { id: 'quality', title: 'Quality (golden-set evaluation)', findings: [], tables: [], charts: [] };
  if (runs.length === 0) {
    section.findings.push({ id: 'quality.none', severity: 'warning', metric: 'eval_runs', value: 0,
      message: `Quality could not be reported: ${file} holds no evaluation run before ${day(period.to)}. Run mangalab eval to score a candidate on the golden set.` });
    return [section];
  }
  const latest = runs[0]!;
  const versions = [latest.promptVersion && `prompts ${latest.promptVersion}`, latest.modelVersion && `model ${latest.modelVersion}`].filter(Boolean).join(', ');
  const failing = latest.gates.filter((g) => g.status === 'FAIL' || (g.status === 'NOT COMPUTED' && g.blocking)).map((g) => `${g.metric} ${g.status}`);
  const inWeek = latest.createdAt.getTime() >= period.from.getTime();
  const head: Finding = {
    id: 'quality.latest', metric: 'gates_passed', value: latest.passed ? 1 : 0, severity: latest.passed ? 'info' : 'critical',
    message: `Latest run ${latest.runId}${latest.name ? ` (${latest.name})` : ''} on ${day(latest.createdAt)}${inWeek ? '' : ', before this week'}: ${status(latest)}`
      + ` on ${latest.entries} entries of ${latest.datasetVersion}${latest.intent ? ` (intent ${latest.intent})` : ''}${versions ? `, ${versions}` : ''}`
      + `${failing.length > 0 ? `; blocking: ${failing.join(', ')}` : ''}.`,
  };
  section.findings.push(head);
  const failedRuns = runs.filter((r) => !r.passed).length;
  section.findings.push({ id: 'quality.runs', metric: 'failed_runs', value: failedRuns, severity: 'info',
    message: `${runs.length} runs up to ${day(new Date(period.to.getTime() - 1))}; ${failedRuns} did not pass their gates.` });
  section.tables.push({
    id: 'quality.gates', title: `Gates of ${latest.runId}`,
    columns: [{ key: 'gate', label: 'Gate' }, { key: 'status', label: 'Status' }, { key: 'value', label: 'Value', format: 'number' }, { key: 'rule', label: 'Rule' }, { key: 'note', label: 'Note' }],
    rows: latest.gates.map((g) => ({ gate: g.metric, status: g.status, value: g.value, rule: `${g.comparator} ${g.threshold}`, note: g.reason ?? '' })),
  });
  const chrono = [...runs].reverse();
  section.tables.push({
    id: 'quality.trend', title: 'Runs, oldest first',
    columns: [{ key: 'day', label: 'Day' }, { key: 'run', label: 'Run' }, { key: 'versions', label: 'Prompts / model' }, { key: 'status', label: 'Status' },
      ...TREND.map(([key, label]) => ({ key, label, format: key === 'prohibited_violations' ? 'integer' as const : 'number' as const }))],
    rows: chrono.map((r) => ({
      day: day(r.createdAt), run: r.name ? `${r.runId} (${r.name})` : r.runId, versions: `${r.promptVersion ?? '-'} / ${r.modelVersion ?? '-'}`, status: status(r),
      ...Object.fromEntries(TREND.map(([key]) => [key, r.metrics[key]?.value ?? null])),
    })),
    notes: ['n/a: the metric was not computed in that run (its report says why); an incomplete run scores nothing.'],
  });
  const values = chrono.flatMap((r) => TREND.filter(([k]) => k !== 'prohibited_violations')
    .map(([key, label]) => ({ run: `${day(r.createdAt)} ${r.runId.slice(-6)}`, metric: label, value: r.metrics[key]?.value ?? null }))
    .filter((v) => v.value !== null));
  if (values.length > 0) {
    section.charts.push({ id: 'quality.trend', title: 'Gated metrics over runs', vegaLite: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title: 'Gated metrics over runs', width: 560, height: 220, data: { values },
      mark: { type: 'line', point: true, tooltip: true },
      encoding: { x: { field: 'run', type: 'ordinal', title: 'Run', sort: null, axis: { labelAngle: -30 } }, y: { field: 'value', type: 'quantitative', title: 'Value', scale: { zero: false } },
        color: { field: 'metric', type: 'nominal', title: 'Metric' } },
    } });
  }
  return [section];
}

/** The Quality part of the weekly report, from the results store (data/results.duckdb, or MANGALAB_RESULTS). */
export function qualityPart(storeFile?: string): WeeklyPart {
  return weeklyPart({ id: 'quality', readout: (_source, period) => qualityReadout(storeFile ?? paths.resultsStore(), period), sections: qualitySections });
}
