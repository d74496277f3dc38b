import { formatCell } from '../render/format';
import type { Finding, ReportTable, Section } from '../report';
import { failures } from './failures';
import { classChangesTable, repeatsSection } from './diff-sections';
import type { EvalReadout, MetricComparison, QualityWeekly } from './readout';
import type { StoredRun } from '../../pipeline/results-store';

const fmt = (metric: string, v: number | null) => formatCell(v, metric === 'prohibited_violations' ? 'integer' : 'number');
const list = (ids: string[], n = 5) => `${ids.slice(0, n).join(', ')}${ids.length > n ? ', ...' : ''}`;

/** The report's sections: the gate table first (what a pull-request comment leads with), then regressions and classes. */
export function evalSections(r: EvalReadout): Section[] {
  const gateFindings: Finding[] = r.outcome.gates.map((g) => ({
    id: `eval.gate.${g.metric}`,
    metric: g.metric,
    value: g.value,
    threshold: g.threshold,
    severity: g.blocking ? 'critical' : g.status === 'NOT COMPUTED' || g.status === 'NOISE' ? 'warning' : 'info',
    message:
      g.status === 'NOT COMPUTED'
        ? `${g.metric}: NOT COMPUTED (${g.reason})${g.blocking ? '; this fails the run' : '; allowed to be skipped by the config'}.`
        : g.status === 'NOISE'
          ? `${g.metric}: NOISE, ${fmt(g.metric, g.value)} against ${g.comparator} ${g.threshold}, but ${g.reason}. Neither a pass nor a failure: more entries, or repeats, would tell.`
          : `${g.metric}: ${g.status}, ${fmt(g.metric, g.value)} against ${g.comparator} ${g.threshold}.`,
  }));
  const scope = `${r.evaluated} golden entries${r.intent ? ` of intent ${r.intent}` : ''} (${r.golden.version})`;
  const head: Finding = {
    id: 'eval.result',
    metric: 'gates_passed',
    value: r.outcome.passed ? 1 : 0,
    severity: r.outcome.passed ? 'info' : 'critical',
    message: r.outcome.passed
      ? `All blocking gates pass on ${scope}${r.outcome.noise.length > 0 ? `; ${r.outcome.noise.join(', ')} past ${r.outcome.noise.length === 1 ? 'its threshold' : 'their thresholds'} by a change not distinguishable from noise` : ''}. Run ${r.runId}.`
      : `The run fails on ${scope}: ${[...r.outcome.failed.map((m) => `${m} FAIL`), ...r.outcome.gates.filter((g) => g.blocking && g.status === 'NOT COMPUTED').map((g) => `${g.metric} NOT COMPUTED`)].join(', ')}. Run ${r.runId}.`,
  };
  if (r.missing.length > 0) {
    gateFindings.unshift({
      id: 'eval.incomplete',
      metric: 'missing_predictions',
      value: r.missing.length,
      severity: 'critical',
      message: `${r.missing.length} golden entries have no prediction, so nothing was scored: ${r.missing.slice(0, 20).join(', ')}${r.missing.length > 20 ? ', ...' : ''}.`,
    });
  }
  for (const f of r.failures.slice(0, 20)) {
    gateFindings.push({
      id: `eval.responder_failure.${f.queryId}`,
      metric: 'responder_failure',
      value: null,
      severity: 'critical',
      message: `${f.queryId}: no response (${f.problem}).`,
    });
  }
  for (const [i, note] of r.responder.notes.entries())
    gateFindings.push({ id: `eval.responder_note.${i}`, metric: 'responder', value: null, severity: 'info', message: note });
  const gateTable: ReportTable = {
    id: 'eval.gates',
    title: 'Quality gates',
    columns: [
      { key: 'gate', label: 'Gate' },
      { key: 'status', label: 'Status' },
      { key: 'value', label: 'Value', format: 'number' },
      { key: 'rule', label: 'Rule' },
      { key: 'note', label: 'Note' },
    ],
    rows: r.outcome.gates.map((g) => ({
      gate: g.metric,
      status: g.status,
      value: g.value,
      rule: `${g.comparator} ${g.threshold}`,
      note: g.reason ?? '',
    })),
  };
  const sections: Section[] = [
    { id: 'eval.gates', title: 'Quality gates', findings: [head, ...gateFindings], tables: [gateTable], charts: [] },
  ];
  if (!r.run) return sections;
  const run = r.run;
  sections.push(r.baseline ? baselineSection(r, r.baseline) : failingSection(r, run));
  if (r.repeats) sections.push(repeatsSection(r.repeats, r));
  if (run.classes) sections.push(classesSection(run.classes));
  return sections;
}

/** Metrics where a higher value is worse. */
const LOWER_IS_BETTER = new Set(['prohibited_violations']);

/** One compared metric in a plain phrase: which way it moved and whether that is beyond the noise of this set. */
function reading(c: MetricComparison): string {
  if (!c.paired) return c.untested ?? '';
  if (c.paired.changed === 0) return 'no change on any entry';
  const repeat = c.repeatNoise?.explains ? '; repeat noise alone could explain it' : '';
  if (!c.paired.significant) return `not distinguishable from noise at n = ${c.paired.n}${repeat}`;
  if (c.metric === 'mean_response_chars') return `${c.paired.delta > 0 ? 'longer' : 'shorter'}, beyond noise`;
  const up = c.paired.delta > 0 !== LOWER_IS_BETTER.has(c.metric);
  return `${up ? 'better' : 'worse'}, beyond noise`;
}

/** The diff's verdict: the metrics whose change is beyond noise, worse ones first. */
function pairedFinding(r: EvalReadout): Finding {
  const moved = r.comparison.filter((c) => c.paired?.significant);
  const worse = moved.filter((c) => reading(c).startsWith('worse'));
  const other = moved.filter((c) => !worse.includes(c));
  const say = (c: MetricComparison) =>
    `${c.metric} ${formatCell(c.delta, 'number')} (${formatCell(c.paired!.lower, 'number')} to ${formatCell(c.paired!.upper, 'number')}, p ${formatCell(c.paired!.pValue, 'pvalue')})`;
  const tested = r.comparison.filter((c) => c.paired).length;
  const unpaired = r.baseline?.unpaired ?? [];
  const n = r.evaluated - unpaired.length;
  const left = unpaired.length > 0 ? ` ${unpaired.length} entries have no baseline result and are left out (${list(unpaired)}).` : '';
  return {
    id: 'eval.significance',
    metric: 'significant_regressions',
    value: worse.length,
    severity: worse.length > 0 ? 'warning' : 'info',
    message:
      moved.length === 0
        ? `No metric moved beyond the noise of ${n} paired entries (${tested} tested at level ${r.config.significance.alpha}).${left}`
        : `${worse.length > 0 ? `Worse beyond noise: ${worse.map(say).join('; ')}.` : 'Nothing got worse beyond noise.'}${other.length > 0 ? ` Moved beyond noise otherwise: ${other.map(say).join('; ')}.` : ''} (${tested} metrics tested paired at level ${r.config.significance.alpha}, ${n} entries.)${left}`,
  };
}

/** The diff against the baseline: regressions, improvements, new prohibited elements. */
function baselineSection(r: EvalReadout, baseline: NonNullable<EvalReadout['baseline']>): Section {
  return {
    id: 'eval.baseline',
    title: `Against the baseline ${baseline.label}`,
    findings: [
      pairedFinding(r),
      {
        id: 'eval.regressions',
        metric: 'regressed_entries',
        value: r.regressions.length,
        severity: r.regressions.length > 0 ? 'warning' : 'info',
        message: `${r.regressions.length} entries passed on the baseline and fail now${
          r.regressions.length > 0
            ? ` (${list(
                r.regressions.map((x) => x.queryId),
                10,
              )})`
            : ''
        }.`,
      },
      {
        id: 'eval.new_prohibited',
        metric: 'new_prohibited_violations',
        value: r.newProhibited.length,
        severity: r.newProhibited.length > 0 ? 'critical' : 'info',
        message:
          r.newProhibited.length > 0
            ? `New prohibited content in ${r.newProhibited.length} entries: ${r.newProhibited
                .slice(0, 10)
                .map((x) => `${x.queryId} (${x.elements.join(', ')})`)
                .join('; ')}.`
            : 'No prohibited element appears that the baseline did not already show.',
      },
    ],
    tables: [
      {
        id: 'eval.deltas',
        title: 'Metrics against the baseline (same entries)',
        columns: [
          { key: 'metric', label: 'Metric' },
          { key: 'baseline', label: 'Baseline', format: 'number' },
          { key: 'candidate', label: 'Candidate', format: 'number' },
          { key: 'delta', label: 'Delta', format: 'number' },
          { key: 'interval', label: 'Interval of the delta' },
          { key: 'p', label: 'p', format: 'pvalue' },
          { key: 'reading', label: 'Reading' },
        ],
        rows: r.comparison.map((c) => ({
          metric: c.metric,
          baseline: c.baseline,
          candidate: c.candidate,
          delta: c.delta,
          interval: c.paired ? `${formatCell(c.paired.lower, 'number')} to ${formatCell(c.paired.upper, 'number')}` : '',
          p: c.paired?.pValue ?? null,
          reading: reading(c),
        })),
        notes: [
          `Paired by golden entry (${r.evaluated - (r.baseline?.unpaired.length ?? 0)} entries): pass/fail rates by McNemar's exact test, means and sums by a sign-flip permutation test, each interval a percentile bootstrap at ${formatCell(1 - r.config.significance.alpha, 'percent')} (${r.config.significance.resamples.toLocaleString('en-US')} resamples, seed ${r.config.significance.seed}). A change is beyond noise when p is below ${r.config.significance.alpha}.`,
          ...(r.comparison.some((c) => c.delta === null)
            ? ['An empty delta: the metric was not measured on one side (no classifier, guardrail or BERTScore model there).']
            : []),
        ],
      },
      ...[classChangesTable(r)].filter((t): t is ReportTable => t !== null),
      {
        id: 'eval.regressed',
        title: 'Top regressions',
        columns: [
          { key: 'query_id', label: 'Query' },
          { key: 'why', label: 'Why it fails now' },
        ],
        rows: r.regressions.slice(0, 25).map((x) => ({ query_id: x.queryId, why: x.why.join('; ') })),
        notes: r.regressions.length > 25 ? [`${r.regressions.length - 25} more in report.json.`] : undefined,
      },
    ],
    charts: [],
  };
}

/** Without a baseline: the failing entries, prohibited elements and guardrail blocks first. */
function failingSection(r: EvalReadout, run: NonNullable<EvalReadout['run']>): Section {
  const rows = run.entries
    .filter((e) => !e.passed)
    // Prohibited elements first (zero tolerance), then guardrail blocks, then the rest, in golden order.
    .map((e, i) => ({ e, i, rank: e.prohibitedFound.length > 0 ? 0 : e.guardrailPassed === false ? 1 : 2 }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map(({ e }) => ({ query_id: e.queryId, why: failures(e).join('; ') }));
  return {
    id: 'eval.entries',
    title: 'Failing entries',
    findings: [
      {
        id: 'eval.no_baseline',
        metric: 'baseline',
        value: null,
        severity: 'info',
        message: `No baseline comparison: ${r.baselineProblem}.`,
      },
    ],
    tables: [
      {
        id: 'eval.entries',
        title: 'Failing entries',
        columns: [
          { key: 'query_id', label: 'Query' },
          { key: 'why', label: 'Why it fails' },
        ],
        rows: rows.slice(0, 25),
        notes: rows.length > 25 ? [`${rows.length - 25} more in report.json.`] : undefined,
      },
    ],
    charts: [],
  };
}

/** Intent classification: per-class precision, recall and F1, and the confusion matrix. */
function classesSection(classes: NonNullable<NonNullable<EvalReadout['run']>['classes']>): Section {
  const labels = classes.labels;
  return {
    id: 'eval.classes',
    title: 'Intent classification',
    findings: [
      {
        id: 'eval.macro_f1',
        metric: 'macro_f1',
        value: classes.macroF1,
        severity: 'info',
        message: `Accuracy ${formatCell(classes.accuracy, 'percent')}, macro F1 ${fmt('', classes.macroF1)}; weakest class ${classes.minClassF1.label} at F1 ${fmt('', classes.minClassF1.f1)}.${classes.unsupported.length > 0 ? ` Predicted classes with no golden entry in this run (${classes.unsupported.join(', ')}) have no F1 to speak of and are left out of the per-class gate.` : ''}`,
      },
    ],
    tables: [
      {
        id: 'eval.per_class',
        title: 'Per-class precision, recall and F1',
        columns: [
          { key: 'label', label: 'Intent' },
          { key: 'precision', label: 'Precision', format: 'number' },
          { key: 'recall', label: 'Recall', format: 'number' },
          { key: 'f1', label: 'F1', format: 'number' },
          { key: 'support', label: 'Support', format: 'integer' },
        ],
        rows: labels.map((l) => ({ label: l, ...classes.perClass[l]! })),
      },
    ],
    charts: [{ id: 'eval.confusion', title: 'Confusion matrix', vegaLite: confusionChart(labels, classes.confusion) }],
  };
}

/** The confusion matrix as a vega-lite heatmap with counts (rows: expected intent). */
export function confusionChart(labels: string[], confusion: number[][]): Record<string, unknown> {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Confusion matrix (rows: expected intent)',
    width: 320,
    height: 320,
    data: { values: labels.flatMap((t, i) => labels.map((p, j) => ({ expected: t, predicted: p, count: confusion[i]![j]! }))) },
    layer: [
      {
        mark: 'rect',
        encoding: {
          y: { field: 'expected', type: 'nominal', title: 'Expected intent' },
          x: { field: 'predicted', type: 'nominal', title: 'Predicted intent' },
          color: { field: 'count', type: 'quantitative', title: 'Entries' },
        },
      },
      {
        mark: { type: 'text', fontSize: 10 },
        encoding: {
          y: { field: 'expected', type: 'nominal' },
          x: { field: 'predicted', type: 'nominal' },
          text: { field: 'count', type: 'quantitative' },
        },
      },
    ],
  };
}

/** The metrics the trend follows, in the order of the table's columns. */
const TREND: [string, string][] = [
  ['intent_accuracy', 'Intent accuracy'],
  ['min_class_f1', 'Min class F1'],
  ['avg_rouge_l', 'ROUGE-L'],
  ['avg_bertscore_f1', 'BERTScore F1'],
  ['format_compliance', 'Format'],
  ['guardrail_pass_rate', 'Guardrails'],
  ['prohibited_violations', 'Prohibited'],
];

const status = (r: StoredRun) => (!r.complete ? 'INCOMPLETE' : r.passed ? 'PASS' : 'FAIL');
const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The weekly report's Quality section (US-3.2): the gates of the latest evaluation run stored before the week's end,
 * and the trend of the gated metrics over the last runs. Says so, as a warning, when the store holds no run: quality
 * then could not be reported.
 */
export function qualitySections({ file, period, runs }: QualityWeekly): Section[] {
  const section: Section = { id: 'quality', title: 'Quality (golden-set evaluation)', findings: [], tables: [], charts: [] };
  if (runs.length === 0) {
    section.findings.push({
      id: 'quality.none',
      severity: 'warning',
      metric: 'eval_runs',
      value: 0,
      message: `Quality could not be reported: ${file} holds no evaluation run before ${day(period.to)}. Run mangalab eval to score a candidate on the golden set.`,
    });
    return [section];
  }
  // The latest complete run is the one the week is judged by: an incomplete run (answers missing, a service down)
  // scored nothing, so it is listed, never shown as the quality of the week.
  const latest = runs.find((r) => r.complete);
  const newerIncomplete = runs.slice(0, latest ? runs.indexOf(latest) : runs.length).map((r) => r.runId);
  if (newerIncomplete.length > 0)
    section.findings.push({
      id: 'quality.incomplete',
      severity: latest ? 'info' : 'warning',
      metric: 'incomplete_runs',
      value: newerIncomplete.length,
      message: `${newerIncomplete.length} newer run${newerIncomplete.length === 1 ? ' is' : 's are'} incomplete (${newerIncomplete.join(', ')}): ${latest ? `they scored nothing, so the gates below are those of ${latest.runId}, the latest complete run` : `no complete run is stored before ${day(period.to)}, so quality could not be reported`}.`,
    });
  if (!latest) return [section];
  const versions = [latest.promptVersion && `prompts ${latest.promptVersion}`, latest.modelVersion && `model ${latest.modelVersion}`]
    .filter(Boolean)
    .join(', ');
  const failing = latest.gates
    .filter((g) => g.status === 'FAIL' || (g.status === 'NOT COMPUTED' && g.blocking))
    .map((g) => `${g.metric} ${g.status}`);
  const inWeek = latest.createdAt.getTime() >= period.from.getTime();
  const head: Finding = {
    id: 'quality.latest',
    metric: 'gates_passed',
    value: latest.passed ? 1 : 0,
    severity: latest.passed ? 'info' : 'critical',
    message:
      `Latest run ${latest.runId}${latest.name ? ` (${latest.name})` : ''} on ${day(latest.createdAt)}${inWeek ? '' : ', before this week'}: ${status(latest)}` +
      ` on ${latest.entries} entries of ${latest.datasetVersion}${latest.intent ? ` (intent ${latest.intent})` : ''}${versions ? `, ${versions}` : ''}` +
      `${failing.length > 0 ? `; blocking: ${failing.join(', ')}` : ''}.`,
  };
  section.findings.push(head);
  const failedRuns = runs.filter((r) => !r.passed).length;
  section.findings.push({
    id: 'quality.runs',
    metric: 'failed_runs',
    value: failedRuns,
    severity: 'info',
    message: `${runs.length} runs up to ${day(new Date(period.to.getTime() - 1))}; ${failedRuns} did not pass their gates.`,
  });
  section.tables.push({
    id: 'quality.gates',
    title: `Gates of ${latest.runId}`,
    columns: [
      { key: 'gate', label: 'Gate' },
      { key: 'status', label: 'Status' },
      { key: 'value', label: 'Value', format: 'number' },
      { key: 'rule', label: 'Rule' },
      { key: 'note', label: 'Note' },
    ],
    rows: latest.gates.map((g) => ({
      gate: g.metric,
      status: g.status,
      value: g.value,
      rule: `${g.comparator} ${g.threshold}`,
      note: g.reason ?? '',
    })),
  });
  const chrono = [...runs].reverse();
  section.tables.push({
    id: 'quality.trend',
    title: 'Runs, oldest first',
    columns: [
      { key: 'day', label: 'Day' },
      { key: 'run', label: 'Run' },
      { key: 'versions', label: 'Prompts / model' },
      { key: 'status', label: 'Status' },
      ...TREND.map(([key, label]) => ({
        key,
        label,
        format: key === 'prohibited_violations' ? ('integer' as const) : ('number' as const),
      })),
    ],
    rows: chrono.map((r) => ({
      day: day(r.createdAt),
      run: r.name ? `${r.runId} (${r.name})` : r.runId,
      versions: `${r.promptVersion ?? '-'} / ${r.modelVersion ?? '-'}`,
      status: status(r),
      ...Object.fromEntries(TREND.map(([key]) => [key, r.metrics[key]?.value ?? null])),
    })),
    notes: ['n/a: the metric was not computed in that run (its report says why); an incomplete run scores nothing.'],
  });
  const values = chrono.flatMap((r) =>
    TREND.filter(([k]) => k !== 'prohibited_violations')
      .map(([key, label]) => ({ run: `${day(r.createdAt)} ${r.runId.slice(-6)}`, metric: label, value: r.metrics[key]?.value ?? null }))
      .filter((v) => v.value !== null),
  );
  if (values.length > 0) {
    section.charts.push({
      id: 'quality.trend',
      title: 'Gated metrics over runs',
      vegaLite: {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        title: 'Gated metrics over runs',
        width: 560,
        height: 220,
        data: { values },
        mark: { type: 'line', point: true, tooltip: true },
        encoding: {
          x: { field: 'run', type: 'ordinal', title: 'Run', sort: null, axis: { labelAngle: -30 } },
          y: { field: 'value', type: 'quantitative', title: 'Value', scale: { zero: false } },
          color: { field: 'metric', type: 'nominal', title: 'Metric' },
        },
      },
    });
  }
  return [section];
}
