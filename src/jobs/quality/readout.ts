import type { Period } from '../../analysis/isoWeek';
import { classificationReport, type ClassificationReport } from '../../analysis/classificationReport';
import type { PairedComparison } from '../../analysis/comparePaired';
import { classChanges, COMPARED, gateNoise, pairedTest, summarizeEntries, type EntrySummary } from './compare';
import type { ClassF1Change } from '../../analysis/pairedClassF1';
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
import { failures } from './failures';
import { answerAndScore, repeatMeans, type RepeatsSummary } from './repeats';
import { ResultsStore, type EntryResult, type StoredRun } from '../../pipeline/results-store';

export type { EntryResult };

export { summarizeEntries, type EntrySummary } from './compare';

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
export function scoreRun(
  entries: GoldenEntry[],
  predictions: Map<string, Prediction>,
  config: EvalConfig,
  bertF1: number[] | null = null,
): ScoredRun {
  const results = entries.map((e, i): EntryResult => {
    const p = predictions.get(e.query_id)!;
    const format = formatCompliance(p.response_text, config.format);
    const prohibitedFound = matchElements(p.response_text, e.prohibited_elements)
      .filter((m) => m.found)
      .map((m) => m.element);
    const required = matchElements(p.response_text, e.required_elements);
    const requiredMissing = required.filter((m) => !m.found).map((m) => m.element);
    const intentCorrect = p.classified_intent === null ? null : p.classified_intent === e.expected_intent;
    return {
      queryId: e.query_id,
      expectedIntent: e.expected_intent,
      category: goldenCategory(e.tags),
      predictedIntent: p.classified_intent,
      intentCorrect,
      rougeL: rougeL(e.reference_response, p.response_text).fmeasure,
      bertScoreF1: bertF1 ? bertF1[i]! : null,
      formatViolations: format.violations,
      guardrailPassed: p.guardrail_passed,
      responseChars: [...p.response_text].length,
      prohibitedFound,
      requiredMissing,
      requiredTotal: required.length,
      // What was not measured (no classifier, no guardrail) does not fail an entry.
      passed:
        intentCorrect !== false &&
        p.guardrail_passed !== false &&
        format.compliant &&
        prohibitedFound.length === 0 &&
        requiredMissing.length === 0,
    };
  });
  const classified = results.every((r) => r.predictedIntent !== null);
  return {
    entries: results,
    classes: classified
      ? classificationReport(
          results.map((r) => r.expectedIntent),
          results.map((r) => r.predictedIntent!),
        )
      : null,
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
  /** Answers per entry (a sampling responder only): the report splits each metric's variance by repeat. Default 1. */
  repeats?: number;
  now?: () => Date;
}

export interface BaselineRef {
  /** A run id, a name, or a predictions file. */
  label: string;
  runId: string | null;
  entries: Map<string, EntryResult>;
  /** Golden ids of this run that the baseline has no result for: left out of the diff. */
  unpaired: string[];
}

/**
 * The baseline's results for this run's entries, or the refusal when too few pair: a baseline from another golden-set
 * version shares only some entries, and a diff over a small share of them would not be about the same set.
 * @throws InputError naming the baseline, how many entries pair and the share required.
 */
function paired(
  label: string,
  runId: string | null,
  results: Map<string, EntryResult>,
  entries: GoldenEntry[],
  config: EvalConfig,
  option: string,
): BaselineRef {
  const unpaired = entries.filter((e) => !results.has(e.query_id)).map((e) => e.query_id);
  const share = (entries.length - unpaired.length) / entries.length;
  if (share < config.significance.minPairedShare)
    throw new InputError(
      option,
      `${runId ? `baseline run ${label}` : label}: only ${entries.length - unpaired.length} of the ${entries.length} entries pair with it (${list(unpaired)} have no baseline result); a diff needs at least ${(config.significance.minPairedShare * 100).toFixed(0)}% (significance.min_paired_share)`,
    );
  return { label, runId, entries: results, unpaired };
}

/** One metric of the candidate beside the baseline's over the same entries, with its paired test when it has one. */
export interface MetricComparison {
  metric: string;
  baseline: number | null;
  candidate: number | null;
  delta: number | null;
  /** The paired test of the change (comparePaired), or null with `untested` saying why. */
  paired: PairedComparison | null;
  untested: string | null;
  /**
   * With repeats: the standard error repeat noise alone gives the delta (the candidate's within-entry variance, taken
   * to hold for the baseline's single answers too), and whether the delta is within two of them.
   */
  repeatNoise: { standardError: number; explains: boolean } | null;
}

/** Each paired entry's mean over the candidate's repeats, in `after` order. */
function pairedMeans(runs: ScoredRun[], after: EntryResult[], value: (r: EntryResult) => number | null): (number | null)[] {
  const means = repeatMeans(runs, value);
  const at = new Map(runs[0]!.entries.map((e, i) => [e.queryId, means[i]!]));
  return after.map((r) => at.get(r.queryId) ?? null);
}

/** How much of a delta repeat noise alone could explain (see MetricComparison.repeatNoise). */
function repeatNoise(
  metric: string,
  repeats: RepeatsSummary | null,
  n: number,
  baseline: number | null,
  candidate: number | null,
): MetricComparison['repeatNoise'] {
  const split = repeats?.metrics.find((m) => m.metric === metric)?.split;
  if (!split || baseline === null || candidate === null || n === 0) return null;
  const standardError = Math.sqrt((split.within / n) * (1 + 1 / repeats!.n)) * (metric === 'prohibited_violations' ? n : 1);
  return { standardError, explains: Math.abs(candidate - baseline) < 2 * standardError };
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
  /** Against a baseline: each intent's F1 change with its paired bootstrap, Holm-corrected; null without intents. */
  classChanges: ClassF1Change[] | null;
  /** With --repeats N > 1: each per-entry metric's variance split between entries and repeats. */
  repeats: RepeatsSummary | null;
  stored: string | null;
}

const list = (ids: string[], n = 5) => `${ids.slice(0, n).join(', ')}${ids.length > n ? ', ...' : ''}`;

async function resolveBaseline(
  options: EvalOptions,
  golden: GoldenSet,
  entries: GoldenEntry[],
  config: EvalConfig,
): Promise<{ ref: BaselineRef | null; problem: string | null }> {
  if (options.baselinePredictions) {
    const preds = new Map(loadPredictions(options.baselinePredictions).map((p) => [p.query_id, p]));
    const have = entries.filter((e) => preds.has(e.query_id));
    const scored = have.length > 0 ? scoreRun(have, preds, config).entries : [];
    const results = new Map(scored.map((e) => [e.queryId, e]));
    return { ref: paired(options.baselinePredictions, null, results, entries, config, '--baseline-predictions'), problem: null };
  }
  if (!options.store)
    return { ref: null, problem: options.baseline ? 'no results store is open' : 'no baseline was given and no results store is open' };
  const run = options.baseline ? await options.store.find(options.baseline) : await options.store.latestPassing(golden.sha256);
  if (!run) {
    if (options.baseline) throw new InputError('--baseline', `no run with id or name ${options.baseline} in ${options.store.file}`);
    return {
      ref: null,
      problem: `no earlier passing run on this golden set (sha256 ${golden.sha256.slice(0, 12)}) in ${options.store.file}`,
    };
  }
  if (!run.complete) return { ref: null, problem: `baseline run ${run.runId} is incomplete, so it has no entry results` };
  const stored = new Map((await options.store.entries(run.runId)).map((e) => [e.queryId, e]));
  const label = run.name ? `${run.name} (${run.runId})` : run.runId;
  return { ref: paired(label, run.runId, stored, entries, config, '--baseline'), problem: null };
}

/**
 * The candidate's metrics beside the baseline's on the same entries, each with its paired test, and the two delta
 * metrics two gates check (set on `metrics`).
 */
function compareToBaseline(
  baseline: BaselineRef,
  run: ScoredRun,
  config: EvalConfig,
  metrics: Record<string, MetricValue>,
  runs: ScoredRun[] | null,
  repeats: RepeatsSummary | null,
): MetricComparison[] {
  // Only the entries the baseline has a result for enter the diff (paired() refused too small a share).
  const after = run.entries.filter((r) => baseline.entries.has(r.queryId));
  const before = after.map((r) => baseline.entries.get(r.queryId)!);
  const s = summarizeEntries(after);
  const b = summarizeEntries(before);
  const comparison: MetricComparison[] = [];
  for (const [metric, key, spec] of COMPARED) {
    const bv = b[key] as number | null;
    const cv = s[key] as number | null;
    comparison.push({
      metric,
      baseline: bv,
      candidate: cv,
      delta: bv === null || cv === null ? null : cv - bv,
      ...pairedTest(spec, before, after, config, runs && spec ? pairedMeans(runs, after, spec.value) : null),
      repeatNoise: repeatNoise(metric, repeats, after.length, bv, cv),
    });
  }
  metrics.rouge_l_delta =
    b.avgRougeL > 0
      ? { value: (b.avgRougeL - s.avgRougeL) / b.avgRougeL }
      : { value: null, reason: "the baseline's mean ROUGE-L is 0, so a relative drop is undefined" };
  metrics.response_length_delta =
    b.meanChars > 0
      ? { value: Math.abs(s.meanChars - b.meanChars) / b.meanChars }
      : { value: null, reason: "the baseline's mean length is 0" };
  return comparison;
}

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
    throw new InputError(
      '--intent',
      `no golden entry of ${golden.file} expects intent ${options.intent} (intents: ${[...new Set(golden.entries.map((e) => e.expected_intent))].sort().join(', ')})`,
    );
  }
  const createdAt = (options.now ?? (() => new Date()))();
  const base = await resolveBaseline(options, golden, entries, config);
  const { out, missing, run, runs, repeats } = await answerAndScore(
    options.responder,
    entries,
    options.repeats ?? 1,
    options.bertScore,
    (predictions, bert) => scoreRun(entries, predictions, config, bert),
  );

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
    metrics.guardrail_pass_rate =
      s.guardrailPassRate === null
        ? { value: null, reason: 'the responder reports no guardrail outcome (no Bedrock guardrail configured)' }
        : { value: s.guardrailPassRate };
    metrics.prohibited_violations = { value: s.prohibitedViolations };
    metrics.required_element_coverage =
      s.requiredCoverage === null ? { value: null, reason: 'no entry lists required elements' } : { value: s.requiredCoverage };
    metrics.avg_bertscore_f1 =
      s.avgBertScoreF1 === null
        ? {
            value: null,
            reason:
              'no BERTScore embedding model is configured (bertscore.model_dir in the eval config, or --bertscore-model), so BERTScore was not computed',
          }
        : { value: s.avgBertScoreF1 };
    if (base.ref) {
      comparison.push(...compareToBaseline(base.ref, run, config, metrics, runs, repeats));
    } else {
      metrics.rouge_l_delta = { value: null, reason: base.problem! };
      metrics.response_length_delta = { value: null, reason: base.problem! };
    }
  }
  let outcome = evaluateGates(metrics, config.gates, gateNoise(comparison, config.significance.alpha));
  if (!run) {
    const reason = `the run is incomplete: ${missing.length} of the ${entries.length} golden entries have no prediction`;
    outcome = {
      ...outcome,
      passed: false,
      gates: outcome.gates.map((g) => ({ ...g, value: null, status: 'NOT COMPUTED', reason, blocking: true })),
      failed: [],
      notComputed: outcome.gates.map((g) => g.metric),
      noise: [],
    };
  }
  const regressions =
    run && base.ref
      ? run.entries
          .filter((r) => base.ref!.entries.get(r.queryId)?.passed === true && !r.passed)
          .map((r) => ({ queryId: r.queryId, why: failures(r) }))
      : [];
  const newProhibited =
    run && base.ref
      ? run.entries
          .map((r) => {
            const before = new Set(base.ref!.entries.get(r.queryId)?.prohibitedFound ?? r.prohibitedFound);
            return { queryId: r.queryId, elements: r.prohibitedFound.filter((x) => !before.has(x)) };
          })
          .filter((x) => x.elements.length > 0)
      : [];
  const runId = newRunId('run', createdAt, golden.sha256, options.responder.describe);
  const readout: EvalReadout = {
    runId,
    createdAt,
    golden,
    config,
    intent: options.intent,
    responder: {
      kind: options.responder.kind,
      describe: options.responder.describe,
      promptVersion: out.promptVersion,
      modelVersion: out.modelVersion,
      notes: out.notes,
    },
    evaluated: entries.length,
    missing,
    failures: out.failures,
    run,
    baseline: base.ref,
    baselineProblem: base.problem,
    comparison,
    metrics,
    outcome,
    regressions,
    newProhibited,
    bertScore: options.bertScore?.describe ?? null,
    repeats,
    classChanges: run && base.ref ? classChanges(base.ref.entries, run.entries, config) : null,
    stored: null,
  };
  if (options.store) {
    await options.store.save(
      {
        runId,
        name: options.name ?? null,
        createdAt,
        datasetFile: golden.file,
        datasetVersion: golden.version,
        datasetSha256: golden.sha256,
        intent: options.intent ?? null,
        responder: options.responder.kind,
        promptVersion: out.promptVersion,
        modelVersion: out.modelVersion,
        configVersion: config.version,
        entries: entries.length,
        complete: run !== null,
        passed: outcome.passed,
        metrics,
        gates: outcome.gates,
      },
      run?.entries ?? [],
    );
    readout.stored = options.store.file;
  }
  return readout;
}

/** The evaluation runs stored before a week's end, newest first, and the store they came from. */
export interface QualityWeekly {
  file: string;
  period: Period;
  runs: StoredRun[];
}

/** The weekly Quality readout: the last 12 runs stored before the week's end. */
export async function qualityWeeklyReadout(file: string, period: Period): Promise<QualityWeekly> {
  const store = await ResultsStore.open(file);
  try {
    return { file, period, runs: await store.recentRuns(12, period.to) };
  } finally {
    store.close();
  }
}
