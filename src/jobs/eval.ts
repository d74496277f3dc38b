import { classificationReport, type ClassificationReport } from '../analysis/classificationReport';
import { evaluateGates, type GatesOutcome, type MetricValue } from '../analysis/evaluateGates';
import { formatCompliance } from '../analysis/formatCompliance';
import { matchElements } from '../analysis/matchElements';
import { rougeL } from '../analysis/rougeL';
import { loadEvalConfig, loadPredictions, type EvalConfig, type Prediction } from '../pipeline/eval-inputs';
import { InputError } from '../pipeline/errors';
import { goldenCategory, loadGoldenSet, type GoldenEntry, type GoldenSet } from '../pipeline/golden';
import { formatCell } from './format';
import type { Finding, Report, ReportTable, Section } from './report';

/** One golden entry scored against its prediction. */
export interface EntryResult {
  queryId: string;
  expectedIntent: string;
  category: string | null;
  predictedIntent: string;
  intentCorrect: boolean;
  rougeL: number;
  formatViolations: string[];
  guardrailPassed: boolean;
  responseChars: number;
  prohibitedFound: string[];
  requiredMissing: string[];
  requiredTotal: number;
  /** Intent right, guardrail passed, format kept, nothing prohibited, every required element present. */
  passed: boolean;
}

export interface ScoredRun {
  entries: EntryResult[];
  classes: ClassificationReport;
  avgRougeL: number;
  meanChars: number;
  formatCompliance: number;
  guardrailPassRate: number;
  prohibitedViolations: number;
  requiredCoverage: number | null;
}

/** Scores predictions against golden entries (each entry must have its prediction). */
export function scoreRun(entries: GoldenEntry[], predictions: Map<string, Prediction>, config: EvalConfig): ScoredRun {
  const results = entries.map((e): EntryResult => {
    const p = predictions.get(e.query_id)!;
    const format = formatCompliance(p.response_text, config.format);
    const prohibitedFound = matchElements(p.response_text, e.prohibited_elements).filter((m) => m.found).map((m) => m.element);
    const required = matchElements(p.response_text, e.required_elements);
    const requiredMissing = required.filter((m) => !m.found).map((m) => m.element);
    const intentCorrect = p.classified_intent === e.expected_intent;
    return {
      queryId: e.query_id, expectedIntent: e.expected_intent, category: goldenCategory(e.tags), predictedIntent: p.classified_intent, intentCorrect,
      rougeL: rougeL(e.reference_response, p.response_text).fmeasure, formatViolations: format.violations, guardrailPassed: p.guardrail_passed,
      responseChars: [...p.response_text].length, prohibitedFound, requiredMissing, requiredTotal: required.length,
      passed: intentCorrect && p.guardrail_passed && format.compliant && prohibitedFound.length === 0 && requiredMissing.length === 0,
    };
  });
  const n = results.length;
  const mean = (f: (r: EntryResult) => number) => results.reduce((s, r) => s + f(r), 0) / n;
  const requiredTotal = results.reduce((s, r) => s + r.requiredTotal, 0);
  return {
    entries: results,
    classes: classificationReport(results.map((r) => r.expectedIntent), results.map((r) => r.predictedIntent)),
    avgRougeL: mean((r) => r.rougeL),
    meanChars: mean((r) => r.responseChars),
    formatCompliance: mean((r) => (r.formatViolations.length === 0 ? 1 : 0)),
    guardrailPassRate: mean((r) => (r.guardrailPassed ? 1 : 0)),
    prohibitedViolations: results.reduce((s, r) => s + r.prohibitedFound.length, 0),
    requiredCoverage: requiredTotal > 0 ? 1 - results.reduce((s, r) => s + r.requiredMissing.length, 0) / requiredTotal : null,
  };
}

export interface EvalOptions {
  golden: string;
  predictions: string;
  /** Predictions of the baseline (the version in production) on the same golden set. */
  baseline?: string;
  /** Evaluate only the entries of this expected intent (US-2.4: one intent's prompt changed). */
  intent?: string;
  configFile?: string;
  now?: () => Date;
}

export interface EvalReadout {
  golden: GoldenSet;
  config: EvalConfig;
  intent?: string;
  evaluated: number;
  missing: string[];
  run: ScoredRun | null;
  baseline: ScoredRun | null;
  baselineMissing: string[];
  metrics: Record<string, MetricValue>;
  outcome: GatesOutcome;
  regressions: { queryId: string; why: string[] }[];
}

function byId(predictions: Prediction[]): Map<string, Prediction> {
  return new Map(predictions.map((p) => [p.query_id, p]));
}

function failures(r: EntryResult): string[] {
  const why: string[] = [];
  if (!r.intentCorrect) why.push(`intent ${r.predictedIntent} (expected ${r.expectedIntent})`);
  if (!r.guardrailPassed) why.push('blocked by guardrails');
  for (const v of r.formatViolations) why.push(`format: ${v}`);
  for (const p of r.prohibitedFound) why.push(`prohibited: ${p}`);
  if (r.requiredMissing.length > 0) why.push(`missing: ${r.requiredMissing.join(', ')}`);
  return why;
}

/**
 * Scores a candidate's predictions on the golden set and checks the gates; with a baseline, the ROUGE-L and length
 * deltas and the entries that regressed. Predictions missing for any golden id make the run incomplete: it is not
 * scored, and every gate is NOT COMPUTED and blocking.
 * @throws InputError for a malformed golden file, predictions file or config, or an --intent with no entries.
 */
export function evalReadout(options: EvalOptions): EvalReadout {
  const config = loadEvalConfig(options.configFile);
  const golden = loadGoldenSet(options.golden);
  const entries = options.intent ? golden.entries.filter((e) => e.expected_intent === options.intent) : golden.entries;
  if (entries.length === 0) {
    throw new InputError('--intent', `no golden entry of ${golden.file} expects intent ${options.intent} (intents: ${[...new Set(golden.entries.map((e) => e.expected_intent))].sort().join(', ')})`);
  }
  const predictions = byId(loadPredictions(options.predictions));
  const missing = entries.filter((e) => !predictions.has(e.query_id)).map((e) => e.query_id);
  const basePredictions = options.baseline ? byId(loadPredictions(options.baseline)) : null;
  const baselineMissing = basePredictions ? entries.filter((e) => !basePredictions.has(e.query_id)).map((e) => e.query_id) : [];
  const run = missing.length === 0 ? scoreRun(entries, predictions, config) : null;
  const baseline = basePredictions && baselineMissing.length === 0 ? scoreRun(entries, basePredictions, config) : null;

  const metrics: Record<string, MetricValue> = {};
  if (run) {
    metrics.intent_accuracy = { value: run.classes.accuracy };
    metrics.macro_f1 = { value: run.classes.macroF1 };
    metrics.min_class_f1 = { value: run.classes.minClassF1.f1 };
    metrics.avg_rouge_l = { value: run.avgRougeL };
    metrics.format_compliance = { value: run.formatCompliance };
    metrics.guardrail_pass_rate = { value: run.guardrailPassRate };
    metrics.prohibited_violations = { value: run.prohibitedViolations };
    metrics.required_element_coverage = run.requiredCoverage === null ? { value: null, reason: 'no entry lists required elements' } : { value: run.requiredCoverage };
    metrics.avg_bertscore_f1 = { value: null, reason: 'no BERTScore embedding model is configured, so BERTScore was not computed' };
    const noBase = !options.baseline ? 'no baseline was given (--baseline)'
      : `the baseline has no prediction for ${baselineMissing.length} of the ${entries.length} entries (${baselineMissing.slice(0, 5).join(', ')}${baselineMissing.length > 5 ? ', ...' : ''})`;
    metrics.rouge_l_delta = baseline
      ? (baseline.avgRougeL > 0 ? { value: (baseline.avgRougeL - run.avgRougeL) / baseline.avgRougeL } : { value: null, reason: 'the baseline\'s mean ROUGE-L is 0, so a relative drop is undefined' })
      : { value: null, reason: noBase };
    metrics.response_length_delta = baseline
      ? (baseline.meanChars > 0 ? { value: Math.abs(run.meanChars - baseline.meanChars) / baseline.meanChars } : { value: null, reason: 'the baseline\'s mean length is 0' })
      : { value: null, reason: noBase };
  }
  let outcome = evaluateGates(metrics, config.gates);
  if (!run) {
    const reason = `the run is incomplete: ${missing.length} of the ${entries.length} golden entries have no prediction`;
    outcome = { ...outcome, passed: false, gates: outcome.gates.map((g) => ({ ...g, value: null, status: 'NOT COMPUTED', reason, blocking: true })),
      failed: [], notComputed: outcome.gates.map((g) => g.metric) };
  }
  const regressions = run && baseline
    ? run.entries.filter((r, i) => baseline.entries[i]!.passed && !r.passed).map((r) => ({ queryId: r.queryId, why: failures(r) }))
    : [];
  return { golden, config, intent: options.intent, evaluated: entries.length, missing, run, baseline, baselineMissing, metrics, outcome, regressions };
}

const fmt = (metric: string, v: number | null) => formatCell(v, metric === 'prohibited_violations' ? 'integer' : 'number');

/** The report's sections: the gate table first (what a pull-request comment leads with), then regressions and classes. */
export function evalSections(r: EvalReadout): Section[] {
  const gateFindings: Finding[] = r.outcome.gates.map((g) => ({
    id: `eval.gate.${g.metric}`, metric: g.metric, value: g.value, threshold: g.threshold,
    severity: g.blocking ? 'critical' : g.status === 'NOT COMPUTED' ? 'warning' : 'info',
    message: g.status === 'NOT COMPUTED'
      ? `${g.metric}: NOT COMPUTED (${g.reason})${g.blocking ? '; this fails the run' : '; allowed to be skipped by the config'}.`
      : `${g.metric}: ${g.status}, ${fmt(g.metric, g.value)} against ${g.comparator} ${g.threshold}.`,
  }));
  const head: Finding = {
    id: 'eval.result', metric: 'gates_passed', value: r.outcome.passed ? 1 : 0, severity: r.outcome.passed ? 'info' : 'critical',
    message: r.outcome.passed
      ? `All blocking gates pass on ${r.evaluated} golden entries${r.intent ? ` of intent ${r.intent}` : ''} (${r.golden.version}).`
      : `The run fails: ${[...r.outcome.failed.map((m) => `${m} FAIL`), ...r.outcome.gates.filter((g) => g.blocking && g.status === 'NOT COMPUTED').map((g) => `${g.metric} NOT COMPUTED`)].join(', ')}.`,
  };
  if (r.missing.length > 0) {
    gateFindings.unshift({ id: 'eval.incomplete', metric: 'missing_predictions', value: r.missing.length, severity: 'critical',
      message: `${r.missing.length} golden entries have no prediction, so nothing was scored: ${r.missing.slice(0, 20).join(', ')}${r.missing.length > 20 ? ', ...' : ''}.` });
  }
  const gateTable: ReportTable = {
    id: 'eval.gates', title: 'Quality gates',
    columns: [{ key: 'gate', label: 'Gate' }, { key: 'status', label: 'Status' }, { key: 'value', label: 'Value', format: 'number' }, { key: 'rule', label: 'Rule' }, { key: 'note', label: 'Note' }],
    rows: r.outcome.gates.map((g) => ({ gate: g.metric, status: g.status, value: g.value, rule: `${g.comparator} ${g.threshold}`, note: g.reason ?? '' })),
  };
  const sections: Section[] = [{ id: 'eval.gates', title: 'Quality gates', findings: [head, ...gateFindings], tables: [gateTable], charts: [] }];
  if (!r.run) return sections;
  const run = r.run;
  const worst = r.baseline
    ? { title: `Regressions against the baseline (${r.regressions.length})`, rows: r.regressions.map((x) => ({ query_id: x.queryId, why: x.why.join('; ') })) }
    : { title: 'Failing entries (no baseline given)', rows: run.entries.filter((e) => !e.passed)
      // Prohibited elements first (zero tolerance), then guardrail blocks, then the rest, in golden order.
      .map((e, i) => ({ e, i, rank: e.prohibitedFound.length > 0 ? 0 : !e.guardrailPassed ? 1 : 2 }))
      .sort((a, b) => a.rank - b.rank || a.i - b.i)
      .map(({ e }) => ({ query_id: e.queryId, why: failures(e).join('; ') })) };
  sections.push({
    id: 'eval.entries', title: worst.title,
    findings: r.baseline ? [{ id: 'eval.regressions', metric: 'regressed_entries', value: r.regressions.length, severity: r.regressions.length > 0 ? 'warning' : 'info',
      message: `${r.regressions.length} entries passed on the baseline and fail now.` }] : [],
    tables: [{ id: 'eval.entries', title: worst.title, columns: [{ key: 'query_id', label: 'Query' }, { key: 'why', label: 'Why it fails' }], rows: worst.rows.slice(0, 25),
      notes: worst.rows.length > 25 ? [`${worst.rows.length - 25} more in report.json.`] : undefined }],
    charts: [],
  });
  const labels = run.classes.labels;
  sections.push({
    id: 'eval.classes', title: 'Intent classification',
    findings: [{ id: 'eval.macro_f1', metric: 'macro_f1', value: run.classes.macroF1, severity: 'info',
      message: `Accuracy ${formatCell(run.classes.accuracy, 'percent')}, macro F1 ${fmt('', run.classes.macroF1)}; weakest class ${run.classes.minClassF1.label} at F1 ${fmt('', run.classes.minClassF1.f1)}.` }],
    tables: [{ id: 'eval.per_class', title: 'Per-class precision, recall and F1',
      columns: [{ key: 'label', label: 'Intent' }, { key: 'precision', label: 'Precision', format: 'number' }, { key: 'recall', label: 'Recall', format: 'number' }, { key: 'f1', label: 'F1', format: 'number' }, { key: 'support', label: 'Support', format: 'integer' }],
      rows: labels.map((l) => ({ label: l, ...run.classes.perClass[l]! })) }],
    charts: [{ id: 'eval.confusion', title: 'Confusion matrix', vegaLite: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title: 'Confusion matrix (rows: expected intent)', width: 320, height: 320,
      data: { values: labels.flatMap((t, i) => labels.map((p, j) => ({ expected: t, predicted: p, count: run.classes.confusion[i]![j]! }))) },
      layer: [
        { mark: 'rect', encoding: { y: { field: 'expected', type: 'nominal', title: 'Expected intent' }, x: { field: 'predicted', type: 'nominal', title: 'Predicted intent' }, color: { field: 'count', type: 'quantitative', title: 'Entries' } } },
        { mark: { type: 'text', fontSize: 10 }, encoding: { y: { field: 'expected', type: 'nominal' }, x: { field: 'predicted', type: 'nominal' }, text: { field: 'count', type: 'quantitative' } } },
      ],
    } }],
  });
  return sections;
}

/** The eval job as a report, filed under the golden set's version. */
export function evalReport(options: EvalOptions): { report: Report; readout: EvalReadout } {
  const readout = evalReadout(options);
  const now = (options.now ?? (() => new Date()))().toISOString();
  const label = `${readout.golden.version}${options.intent ? `-${options.intent}` : ''}`;
  return {
    readout,
    report: { job: 'eval', source: `${readout.golden.file} (sha256 ${readout.golden.sha256.slice(0, 12)}); predictions ${options.predictions}`,
      period: { label, from: now, to: now }, generatedAt: now, sections: evalSections(readout) },
  };
}
