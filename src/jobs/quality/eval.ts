import { bertScore } from '../../analysis/bertScore';
import { classificationReport, type ClassificationReport } from '../../analysis/classificationReport';
import { evaluateGates, type GatesOutcome, type MetricValue } from '../../analysis/evaluateGates';
import { formatCompliance } from '../../analysis/formatCompliance';
import { matchElements } from '../../analysis/matchElements';
import { rougeL } from '../../analysis/rougeL';
import { loadEvalConfig, loadPredictions, type EvalConfig, type Prediction } from '../../pipeline/eval-inputs';
import { InputError } from '../../pipeline/errors';
import { goldenCategory, loadGoldenSet, type GoldenEntry, type GoldenSet } from '../../pipeline/golden';
import type { BertScoreProvider } from '../../pipeline/bertscore-model';
import type { Responder } from '../../pipeline/responders';
import { runId as newRunId } from '../../pipeline/run-id';
import type { EntryResult, ResultsStore } from '../../pipeline/results-store';
import { formatCell } from '../render/format';
import type { Finding, Report, ReportTable, Section } from '../report';

export type { EntryResult };

/** Means over a set of entry results; null where an entry lacks the measurement (no classifier, no guardrail). */
export interface EntrySummary {
  entries: number;
  intentAccuracy: number | null;
  avgRougeL: number;
  avgBertScoreF1: number | null;
  formatCompliance: number;
  guardrailPassRate: number | null;
  prohibitedViolations: number;
  meanChars: number;
  requiredCoverage: number | null;
  passRate: number;
}

/** Summarises entry results (the candidate's, or a stored baseline's over the same ids). */
export function summarizeEntries(results: EntryResult[]): EntrySummary {
  const n = results.length;
  const mean = (f: (r: EntryResult) => number) => results.reduce((s, r) => s + f(r), 0) / n;
  const known = <T>(f: (r: EntryResult) => T | null) => results.every((r) => f(r) !== null);
  const requiredTotal = results.reduce((s, r) => s + r.requiredTotal, 0);
  return {
    entries: n,
    intentAccuracy: known((r) => r.intentCorrect) ? mean((r) => (r.intentCorrect ? 1 : 0)) : null,
    avgRougeL: mean((r) => r.rougeL),
    avgBertScoreF1: known((r) => r.bertScoreF1) ? mean((r) => r.bertScoreF1!) : null,
    formatCompliance: mean((r) => (r.formatViolations.length === 0 ? 1 : 0)),
    guardrailPassRate: known((r) => r.guardrailPassed) ? mean((r) => (r.guardrailPassed ? 1 : 0)) : null,
    prohibitedViolations: results.reduce((s, r) => s + r.prohibitedFound.length, 0),
    meanChars: mean((r) => r.responseChars),
    requiredCoverage: requiredTotal > 0 ? 1 - results.reduce((s, r) => s + r.requiredMissing.length, 0) / requiredTotal : null,
    passRate: mean((r) => (r.passed ? 1 : 0)),
  };
}

export interface ScoredRun {
  entries: EntryResult[];
  /** null when the responses carry no classified intent (Bedrock without --intents). */
  classes: ClassificationReport | null;
  summary: EntrySummary;
}

/**
 * Scores predictions against golden entries (each entry must have its prediction). `bertF1`, when given, holds each
 * entry's BERTScore F1 in entry order.
 */
export function scoreRun(entries: GoldenEntry[], predictions: Map<string, Prediction>, config: EvalConfig, bertF1: number[] | null = null): ScoredRun {
  const results = entries.map((e, i): EntryResult => {
    const p = predictions.get(e.query_id)!;
    const format = formatCompliance(p.response_text, config.format);
    const prohibitedFound = matchElements(p.response_text, e.prohibited_elements).filter((m) => m.found).map((m) => m.element);
    const required = matchElements(p.response_text, e.required_elements);
    const requiredMissing = required.filter((m) => !m.found).map((m) => m.element);
    const intentCorrect = p.classified_intent === null ? null : p.classified_intent === e.expected_intent;
    return {
      queryId: e.query_id, expectedIntent: e.expected_intent, category: goldenCategory(e.tags), predictedIntent: p.classified_intent, intentCorrect,
      rougeL: rougeL(e.reference_response, p.response_text).fmeasure, bertScoreF1: bertF1 ? bertF1[i]! : null, formatViolations: format.violations,
      guardrailPassed: p.guardrail_passed, responseChars: [...p.response_text].length, prohibitedFound, requiredMissing, requiredTotal: required.length,
      // What was not measured (no classifier, no guardrail) does not fail an entry.
      passed: intentCorrect !== false && p.guardrail_passed !== false && format.compliant && prohibitedFound.length === 0 && requiredMissing.length === 0,
    };
  });
  const classified = results.every((r) => r.predictedIntent !== null);
  return {
    entries: results,
    classes: classified ? classificationReport(results.map((r) => r.expectedIntent), results.map((r) => r.predictedIntent!)) : null,
    summary: summarizeEntries(results),
  };
}

export interface EvalOptions {
  golden: string;
  /** Where the responses come from: fileResponder or bedrockResponder. */
  responder: Responder;
  /** A stored run to diff against, by run id or name. Omitted: the latest passing run on the same dataset, if any. */
  baseline?: string;
  /** Or the baseline's predictions file, scored now (no store needed). */
  baselinePredictions?: string;
  /** Evaluate only the entries of this expected intent (US-2.4: one intent's prompt changed). */
  intent?: string;
  configFile?: string;
  /** The results store: runs are saved in it and baselines found in it. Omitted: nothing is stored. */
  store?: ResultsStore;
  /** A name to store the run under (a later run can use it as --baseline). */
  name?: string;
  /** The BERTScore embedding model; omitted or null: BERTScore is NOT COMPUTED. */
  bertScore?: BertScoreProvider | null;
  now?: () => Date;
}

export interface BaselineRef {
  /** A run id, a name, or a predictions file. */
  label: string;
  runId: string | null;
  entries: Map<string, EntryResult>;
}

/** One metric of the candidate beside the baseline's over the same entries. */
export interface MetricComparison {
  metric: string;
  baseline: number | null;
  candidate: number | null;
  delta: number | null;
}

export interface EvalReadout {
  runId: string;
  createdAt: Date;
  golden: GoldenSet;
  config: EvalConfig;
  intent?: string;
  responder: { kind: string; describe: string; promptVersion: string | null; modelVersion: string | null; notes: string[] };
  evaluated: number;
  /** Golden ids with no prediction (responder failures included): the run is then incomplete. */
  missing: string[];
  failures: { queryId: string; problem: string }[];
  run: ScoredRun | null;
  baseline: BaselineRef | null;
  /** Why there is no baseline comparison, when there is none. */
  baselineProblem: string | null;
  comparison: MetricComparison[];
  metrics: Record<string, MetricValue>;
  outcome: GatesOutcome;
  regressions: { queryId: string; why: string[] }[];
  newProhibited: { queryId: string; elements: string[] }[];
  bertScore: string | null;
  stored: string | null;
}

function failures(r: EntryResult): string[] {
  const why: string[] = [];
  if (r.intentCorrect === false) why.push(`intent ${r.predictedIntent} (expected ${r.expectedIntent})`);
  if (r.guardrailPassed === false) why.push('blocked by guardrails');
  for (const v of r.formatViolations) why.push(`format: ${v}`);
  for (const p of r.prohibitedFound) why.push(`prohibited: ${p}`);
  if (r.requiredMissing.length > 0) why.push(`missing: ${r.requiredMissing.join(', ')}`);
  return why;
}

const list = (ids: string[], n = 5) => `${ids.slice(0, n).join(', ')}${ids.length > n ? ', ...' : ''}`;

async function resolveBaseline(options: EvalOptions, golden: GoldenSet, entries: GoldenEntry[], config: EvalConfig): Promise<{ ref: BaselineRef | null; problem: string | null }> {
  if (options.baselinePredictions) {
    const preds = new Map(loadPredictions(options.baselinePredictions).map((p) => [p.query_id, p]));
    const absent = entries.filter((e) => !preds.has(e.query_id)).map((e) => e.query_id);
    if (absent.length > 0) return { ref: null, problem: `the baseline ${options.baselinePredictions} has no prediction for ${absent.length} of the ${entries.length} entries (${list(absent)})` };
    const scored = scoreRun(entries, preds, config);
    return { ref: { label: options.baselinePredictions, runId: null, entries: new Map(scored.entries.map((e) => [e.queryId, e])) }, problem: null };
  }
  if (!options.store) return { ref: null, problem: options.baseline ? 'no results store is open' : 'no baseline was given and no results store is open' };
  const run = options.baseline ? await options.store.find(options.baseline) : await options.store.latestPassing(golden.sha256);
  if (!run) {
    if (options.baseline) throw new InputError('--baseline', `no run with id or name ${options.baseline} in ${options.store.file}`);
    return { ref: null, problem: `no earlier passing run on this golden set (sha256 ${golden.sha256.slice(0, 12)}) in ${options.store.file}` };
  }
  if (!run.complete) return { ref: null, problem: `baseline run ${run.runId} is incomplete, so it has no entry results` };
  const stored = new Map((await options.store.entries(run.runId)).map((e) => [e.queryId, e]));
  const absent = entries.filter((e) => !stored.has(e.query_id)).map((e) => e.query_id);
  if (absent.length > 0) return { ref: null, problem: `baseline run ${run.runId} did not score ${absent.length} of the ${entries.length} entries (${list(absent)})` };
  return { ref: { label: run.name ? `${run.name} (${run.runId})` : run.runId, runId: run.runId, entries: stored }, problem: null };
}

const COMPARED: [string, keyof EntrySummary][] = [
  ['intent_accuracy', 'intentAccuracy'], ['avg_rouge_l', 'avgRougeL'], ['avg_bertscore_f1', 'avgBertScoreF1'], ['format_compliance', 'formatCompliance'],
  ['guardrail_pass_rate', 'guardrailPassRate'], ['prohibited_violations', 'prohibitedViolations'], ['mean_response_chars', 'meanChars'],
  ['required_element_coverage', 'requiredCoverage'], ['entry_pass_rate', 'passRate'],
];

/**
 * Scores a candidate on the golden set and checks the gates; against a baseline (a stored run, named or the latest
 * passing one, or a predictions file), the per-metric deltas, the entries that regressed and new prohibited
 * violations. Predictions missing for any golden id make the run incomplete: it is not scored, and every gate is
 * NOT COMPUTED and blocking. With a store, the run is saved in one transaction once everything is scored.
 * @throws InputError for a malformed golden file, predictions file or config, an --intent with no entries, or a
 * --baseline the store does not hold; nothing is stored then.
 */
export async function evalRun(options: EvalOptions): Promise<EvalReadout> {
  const config = loadEvalConfig(options.configFile);
  const golden = loadGoldenSet(options.golden);
  const entries = options.intent ? golden.entries.filter((e) => e.expected_intent === options.intent) : golden.entries;
  if (entries.length === 0) {
    throw new InputError('--intent', `no golden entry of ${golden.file} expects intent ${options.intent} (intents: ${[...new Set(golden.entries.map((e) => e.expected_intent))].sort().join(', ')})`);
  }
  const createdAt = (options.now ?? (() => new Date()))();
  const base = await resolveBaseline(options, golden, entries, config);
  const out = await options.responder.respond(entries);
  const predictions = new Map(out.predictions.map((p) => [p.query_id, p]));
  const missing = entries.filter((e) => !predictions.has(e.query_id)).map((e) => e.query_id);

  let bert: number[] | null = null;
  if (missing.length === 0 && options.bertScore) {
    const cands = entries.map((e) => predictions.get(e.query_id)!.response_text);
    const refs = entries.map((e) => e.reference_response);
    const embedder = await options.bertScore.prepare([...cands, ...refs]);
    bert = bertScore(cands, refs, embedder, options.bertScore.options).f1;
  }
  const run = missing.length === 0 ? scoreRun(entries, predictions, config, bert) : null;

  const metrics: Record<string, MetricValue> = {};
  const comparison: MetricComparison[] = [];
  if (run) {
    const s = run.summary;
    const noIntents = 'the responses carry no classified intent (Bedrock without --intents), so intent metrics were not computed';
    metrics.intent_accuracy = run.classes ? { value: run.classes.accuracy } : { value: null, reason: noIntents };
    metrics.macro_f1 = run.classes ? { value: run.classes.macroF1 } : { value: null, reason: noIntents };
    metrics.min_class_f1 = run.classes ? { value: run.classes.minClassF1.f1 } : { value: null, reason: noIntents };
    metrics.avg_rouge_l = { value: s.avgRougeL };
    metrics.format_compliance = { value: s.formatCompliance };
    metrics.guardrail_pass_rate = s.guardrailPassRate === null ? { value: null, reason: 'the responder reports no guardrail outcome (no Bedrock guardrail configured)' } : { value: s.guardrailPassRate };
    metrics.prohibited_violations = { value: s.prohibitedViolations };
    metrics.required_element_coverage = s.requiredCoverage === null ? { value: null, reason: 'no entry lists required elements' } : { value: s.requiredCoverage };
    metrics.avg_bertscore_f1 = s.avgBertScoreF1 === null
      ? { value: null, reason: 'no BERTScore embedding model is configured (bertscore.model_dir in the eval config, or --bertscore-model), so BERTScore was not computed' }
      : { value: s.avgBertScoreF1 };
    if (base.ref) {
      const b = summarizeEntries(entries.map((e) => base.ref!.entries.get(e.query_id)!));
      for (const [metric, key] of COMPARED) {
        const bv = b[key] as number | null;
        const cv = s[key] as number | null;
        comparison.push({ metric, baseline: bv, candidate: cv, delta: bv === null || cv === null ? null : cv - bv });
      }
      metrics.rouge_l_delta = b.avgRougeL > 0 ? { value: (b.avgRougeL - s.avgRougeL) / b.avgRougeL } : { value: null, reason: 'the baseline\'s mean ROUGE-L is 0, so a relative drop is undefined' };
      metrics.response_length_delta = b.meanChars > 0 ? { value: Math.abs(s.meanChars - b.meanChars) / b.meanChars } : { value: null, reason: 'the baseline\'s mean length is 0' };
    } else {
      metrics.rouge_l_delta = { value: null, reason: base.problem! };
      metrics.response_length_delta = { value: null, reason: base.problem! };
    }
  }
  let outcome = evaluateGates(metrics, config.gates);
  if (!run) {
    const reason = `the run is incomplete: ${missing.length} of the ${entries.length} golden entries have no prediction`;
    outcome = { ...outcome, passed: false, gates: outcome.gates.map((g) => ({ ...g, value: null, status: 'NOT COMPUTED', reason, blocking: true })),
      failed: [], notComputed: outcome.gates.map((g) => g.metric) };
  }
  const regressions = run && base.ref
    ? run.entries.filter((r) => base.ref!.entries.get(r.queryId)!.passed && !r.passed).map((r) => ({ queryId: r.queryId, why: failures(r) }))
    : [];
  const newProhibited = run && base.ref
    ? run.entries.map((r) => {
      const before = new Set(base.ref!.entries.get(r.queryId)!.prohibitedFound);
      return { queryId: r.queryId, elements: r.prohibitedFound.filter((x) => !before.has(x)) };
    }).filter((x) => x.elements.length > 0)
    : [];
  const runId = newRunId('run', createdAt, golden.sha256, options.responder.describe);
  const readout: EvalReadout = {
    runId, createdAt, golden, config, intent: options.intent,
    responder: { kind: options.responder.kind, describe: options.responder.describe, promptVersion: out.promptVersion, modelVersion: out.modelVersion, notes: out.notes },
    evaluated: entries.length, missing, failures: out.failures, run, baseline: base.ref, baselineProblem: base.problem, comparison, metrics, outcome, regressions, newProhibited,
    bertScore: options.bertScore?.describe ?? null, stored: null,
  };
  if (options.store) {
    await options.store.save({
      runId, name: options.name ?? null, createdAt, datasetFile: golden.file, datasetVersion: golden.version, datasetSha256: golden.sha256, intent: options.intent ?? null,
      responder: options.responder.kind, promptVersion: out.promptVersion, modelVersion: out.modelVersion, configVersion: config.version, entries: entries.length,
      complete: run !== null, passed: outcome.passed, metrics, gates: outcome.gates,
    }, run?.entries ?? []);
    readout.stored = options.store.file;
  }
  return readout;
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
  const scope = `${r.evaluated} golden entries${r.intent ? ` of intent ${r.intent}` : ''} (${r.golden.version})`;
  const head: Finding = {
    id: 'eval.result', metric: 'gates_passed', value: r.outcome.passed ? 1 : 0, severity: r.outcome.passed ? 'info' : 'critical',
    message: r.outcome.passed
      ? `All blocking gates pass on ${scope}. Run ${r.runId}.`
      : `The run fails on ${scope}: ${[...r.outcome.failed.map((m) => `${m} FAIL`), ...r.outcome.gates.filter((g) => g.blocking && g.status === 'NOT COMPUTED').map((g) => `${g.metric} NOT COMPUTED`)].join(', ')}. Run ${r.runId}.`,
  };
  if (r.missing.length > 0) {
    gateFindings.unshift({ id: 'eval.incomplete', metric: 'missing_predictions', value: r.missing.length, severity: 'critical',
      message: `${r.missing.length} golden entries have no prediction, so nothing was scored: ${r.missing.slice(0, 20).join(', ')}${r.missing.length > 20 ? ', ...' : ''}.` });
  }
  for (const f of r.failures.slice(0, 20)) {
    gateFindings.push({ id: `eval.responder_failure.${f.queryId}`, metric: 'responder_failure', value: null, severity: 'critical', message: `${f.queryId}: no response (${f.problem}).` });
  }
  for (const [i, note] of r.responder.notes.entries()) gateFindings.push({ id: `eval.responder_note.${i}`, metric: 'responder', value: null, severity: 'info', message: note });
  const gateTable: ReportTable = {
    id: 'eval.gates', title: 'Quality gates',
    columns: [{ key: 'gate', label: 'Gate' }, { key: 'status', label: 'Status' }, { key: 'value', label: 'Value', format: 'number' }, { key: 'rule', label: 'Rule' }, { key: 'note', label: 'Note' }],
    rows: r.outcome.gates.map((g) => ({ gate: g.metric, status: g.status, value: g.value, rule: `${g.comparator} ${g.threshold}`, note: g.reason ?? '' })),
  };
  const sections: Section[] = [{ id: 'eval.gates', title: 'Quality gates', findings: [head, ...gateFindings], tables: [gateTable], charts: [] }];
  if (!r.run) return sections;
  const run = r.run;
  if (r.baseline) {
    sections.push({
      id: 'eval.baseline', title: `Against the baseline ${r.baseline.label}`,
      findings: [
        { id: 'eval.regressions', metric: 'regressed_entries', value: r.regressions.length, severity: r.regressions.length > 0 ? 'warning' : 'info',
          message: `${r.regressions.length} entries passed on the baseline and fail now${r.regressions.length > 0 ? ` (${list(r.regressions.map((x) => x.queryId), 10)})` : ''}.` },
        { id: 'eval.new_prohibited', metric: 'new_prohibited_violations', value: r.newProhibited.length, severity: r.newProhibited.length > 0 ? 'critical' : 'info',
          message: r.newProhibited.length > 0
            ? `New prohibited content in ${r.newProhibited.length} entries: ${r.newProhibited.slice(0, 10).map((x) => `${x.queryId} (${x.elements.join(', ')})`).join('; ')}.`
            : 'No prohibited element appears that the baseline did not already show.' },
      ],
      tables: [
        { id: 'eval.regressed', title: 'Top regressions', columns: [{ key: 'query_id', label: 'Query' }, { key: 'why', label: 'Why it fails now' }],
          rows: r.regressions.slice(0, 25).map((x) => ({ query_id: x.queryId, why: x.why.join('; ') })),
          notes: r.regressions.length > 25 ? [`${r.regressions.length - 25} more in report.json.`] : undefined },
        { id: 'eval.deltas', title: 'Metrics against the baseline (same entries)',
          columns: [{ key: 'metric', label: 'Metric' }, { key: 'baseline', label: 'Baseline', format: 'number' }, { key: 'candidate', label: 'Candidate', format: 'number' }, { key: 'delta', label: 'Delta', format: 'number' }],
          rows: r.comparison.map((c) => ({ ...c })),
          notes: r.comparison.some((c) => c.delta === null) ? ['An empty delta: the metric was not measured on one side (no classifier, guardrail or BERTScore model there).'] : undefined },
      ],
      charts: [],
    });
  } else {
    const rows = run.entries.filter((e) => !e.passed)
      // Prohibited elements first (zero tolerance), then guardrail blocks, then the rest, in golden order.
      .map((e, i) => ({ e, i, rank: e.prohibitedFound.length > 0 ? 0 : e.guardrailPassed === false ? 1 : 2 }))
      .sort((a, b) => a.rank - b.rank || a.i - b.i)
      .map(({ e }) => ({ query_id: e.queryId, why: failures(e).join('; ') }));
    sections.push({
      id: 'eval.entries', title: 'Failing entries',
      findings: [{ id: 'eval.no_baseline', metric: 'baseline', value: null, severity: 'info', message: `No baseline comparison: ${r.baselineProblem}.` }],
      tables: [{ id: 'eval.entries', title: 'Failing entries', columns: [{ key: 'query_id', label: 'Query' }, { key: 'why', label: 'Why it fails' }], rows: rows.slice(0, 25),
        notes: rows.length > 25 ? [`${rows.length - 25} more in report.json.`] : undefined }],
      charts: [],
    });
  }
  const classes = run.classes;
  if (classes) {
    const labels = classes.labels;
    sections.push({
      id: 'eval.classes', title: 'Intent classification',
      findings: [{ id: 'eval.macro_f1', metric: 'macro_f1', value: classes.macroF1, severity: 'info',
        message: `Accuracy ${formatCell(classes.accuracy, 'percent')}, macro F1 ${fmt('', classes.macroF1)}; weakest class ${classes.minClassF1.label} at F1 ${fmt('', classes.minClassF1.f1)}.` }],
      tables: [{ id: 'eval.per_class', title: 'Per-class precision, recall and F1',
        columns: [{ key: 'label', label: 'Intent' }, { key: 'precision', label: 'Precision', format: 'number' }, { key: 'recall', label: 'Recall', format: 'number' }, { key: 'f1', label: 'F1', format: 'number' }, { key: 'support', label: 'Support', format: 'integer' }],
        rows: labels.map((l) => ({ label: l, ...classes.perClass[l]! })) }],
      charts: [{ id: 'eval.confusion', title: 'Confusion matrix', vegaLite: confusionChart(labels, classes.confusion) }],
    });
  }
  return sections;
}

/** The confusion matrix as a vega-lite heatmap with counts (rows: expected intent). */
export function confusionChart(labels: string[], confusion: number[][]): Record<string, unknown> {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title: 'Confusion matrix (rows: expected intent)', width: 320, height: 320,
    data: { values: labels.flatMap((t, i) => labels.map((p, j) => ({ expected: t, predicted: p, count: confusion[i]![j]! }))) },
    layer: [
      { mark: 'rect', encoding: { y: { field: 'expected', type: 'nominal', title: 'Expected intent' }, x: { field: 'predicted', type: 'nominal', title: 'Predicted intent' }, color: { field: 'count', type: 'quantitative', title: 'Entries' } } },
      { mark: { type: 'text', fontSize: 10 }, encoding: { y: { field: 'expected', type: 'nominal' }, x: { field: 'predicted', type: 'nominal' }, text: { field: 'count', type: 'quantitative' } } },
    ],
  };
}

/** The eval job as a report, filed under the golden set's version. */
export async function evalReport(options: EvalOptions): Promise<{ report: Report; readout: EvalReadout }> {
  const readout = await evalRun(options);
  const at = readout.createdAt.toISOString();
  const label = `${readout.golden.version}${options.intent ? `-${options.intent}` : ''}`;
  const versions = [readout.responder.promptVersion && `prompts ${readout.responder.promptVersion}`, readout.responder.modelVersion && `model ${readout.responder.modelVersion}`].filter(Boolean).join(', ');
  return {
    readout,
    report: { job: 'eval', source: `${readout.golden.file} (sha256 ${readout.golden.sha256.slice(0, 12)}); ${readout.responder.describe}${versions ? ` (${versions})` : ''}; run ${readout.runId}`,
      period: { label, from: at, to: at }, generatedAt: at, sections: evalSections(readout) },
  };
}
