import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { createHash } from 'node:crypto';
import { mulberry32 } from '../../analysis/aaSimulation';
import { categorizeFailure, NO_RULE, RULES_VERSION } from '../../analysis/categorizeFailure';
import { failurePriors } from '../../analysis/failurePriors';
import type { FailureCategory } from '../../analysis/failureCategories';
import { weeksEnding, type Period } from '../../analysis/isoWeek';
import { judgeReliability } from '../../analysis/judgeReliability';
import { modelFamily } from '../../analysis/modelFamily';
import { awsClientConfig, checkCredentials } from '../../pipeline/aws';
import type { ErrorsConfig } from '../../pipeline/errors-config';
import { InputError, ServiceError } from '../../pipeline/errors';
import { readJudgeLabels } from '../../pipeline/judge-labels';
import { llmCategorize, type LlmCategorization } from '../../pipeline/llm-categorizer';
import type { ResultsStore } from '../../pipeline/results-store';
import { RESPONDER_BLAMED, type JudgeName, type JudgeRecord } from './types';
import { runId } from '../../pipeline/run-id';
import type { Source } from '../../pipeline/source';
import { categorizerTurn, errorParams, readTurns, signals, type TurnRow } from '../errors/readout';

/** The labelled turns a judge is measured on, with their human categories. */
export interface JudgeSample {
  /** human_annotations (the annotators' agreed category) or the labels file. */
  labels: string;
  window: { from: string; to: string };
  turns: TurnRow[];
  human: FailureCategory[];
  notes: string[];
}

export interface JudgeCheckOptions {
  judge: JudgeName;
  config: ErrorsConfig;
  /** The weeks the warehouse sample is read from. */
  window: Period;
  /** A labels file (trace_id, failure_category) instead of human_annotations. */
  sampleFile?: string;
  limit?: number;
  floor?: number;
  client?: BedrockRuntimeClient;
  retry?: Parameters<typeof llmCategorize>[1]['retry'];
  signal?: AbortSignal;
  now?: () => Date;
  /** Seed of the shuffled pass's order. */
  seed?: number;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The labelled sample: the window's turns both annotators gave one failure category (other than none), or, with a
 * labels file, the window's turns the file names, with the file's categories.
 * @throws InputError naming human_annotations or the file when no labelled turn is found.
 */
export async function judgeSample(
  source: Source,
  options: Pick<JudgeCheckOptions, 'config' | 'window' | 'sampleFile' | 'limit'>,
): Promise<JudgeSample> {
  const { config, window } = options;
  const limit = options.limit ?? config.judges.sampleLimit;
  const params = { ...errorParams(window, window, config), max_turns: limit };
  const span = { from: day(window.from), to: day(window.to) };
  if (!options.sampleFile) {
    const turns = await readTurns(source, { ...params, labelled: true, trace_ids: '' });
    if (turns.length === 0)
      throw new InputError(
        'human_annotations',
        `no turn between ${span.from} and ${span.to} has a failure category both annotators agree on (other than none): a judge is measured against human labels; widen --weeks or pass --sample FILE`,
      );
    return { labels: 'human_annotations', window: span, turns, human: turns.map((t) => t.humanCategory!), notes: [] };
  }
  const file = readJudgeLabels(options.sampleFile);
  const ids = [...file.labels.keys()].slice(0, limit);
  const turns = await readTurns(source, { ...params, labelled: false, max_turns: ids.length, trace_ids: ids.join(',') });
  const notes: string[] = [];
  if (file.none + file.unlabelled > 0)
    notes.push(`${file.none + file.unlabelled} rows of the file are labelled none or not at all, left out`);
  if (file.labels.size > limit) notes.push(`the first ${limit} of the file's ${file.labels.size} labelled turns are measured (--limit)`);
  if (turns.length < ids.length)
    notes.push(`${ids.length - turns.length} of the file's trace ids are not turns between ${span.from} and ${span.to}`);
  if (turns.length === 0)
    throw new InputError(
      file.file,
      `none of its ${ids.length} labelled trace ids is a turn between ${span.from} and ${span.to} in ${source.description}; widen --weeks`,
    );
  return { labels: file.file, window: span, turns, human: turns.map((t) => file.labels.get(t.traceId)!), notes };
}

/** Labels of one pass, aligned to the sample's turns; null where the judge gave no answer. */
type Pass = (FailureCategory | null)[];

/** The order of a shuffled pass: a seeded permutation of 0..n-1 (Fisher-Yates). */
function permutation(n: number, seed: number): number[] {
  const random = mulberry32(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** Folds of the rule set's cross-fitted priors: each turn is labelled with priors learned from the other folds. */
const PRIOR_FOLDS = 5;

/**
 * The rule set's labels of the sample. Its last rule reads priors learned from human labels (failurePriors), so the
 * record would flatter it if the priors were learned from the very turns they label: the sample is cut into five folds
 * by a hash of the trace id (so the folds do not depend on the order turns come in) and each fold is labelled with
 * priors learned from the other four.
 */
function ruleLabels(turns: TurnRow[], human: FailureCategory[]): FailureCategory[] {
  const plain = turns.map((t) => categorizeFailure(signals(t)));
  const foldOf = turns.map((t) => createHash('md5').update(t.traceId).digest().readUInt32BE(0) % PRIOR_FOLDS);
  const labels = new Array<FailureCategory>(turns.length);
  for (let fold = 0; fold < PRIOR_FOLDS; fold++) {
    const priors = failurePriors(
      turns.flatMap((t, i) => (foldOf[i] !== fold && plain[i]!.rule === NO_RULE ? [{ intent: t.intent, category: human[i]! }] : [])),
    );
    turns.forEach((t, i) => {
      if (foldOf[i] === fold) labels[i] = categorizeFailure(signals(t), priors).category;
    });
  }
  return labels;
}

/** Per rule: the sample's turns it placed and how many of them the humans agree with; and what no rule could place. */
function ruleBreakdown(turns: TurnRow[], human: FailureCategory[], labels: Pass): NonNullable<JudgeRecord['rules']> {
  const byRule = new Map<string, { rule: string; category: FailureCategory; turns: number; agreed: number }>();
  const spread = new Map<FailureCategory, number>();
  turns.forEach((t, i) => {
    const plain = categorizeFailure(signals(t));
    if (plain.rule === NO_RULE) spread.set(human[i]!, (spread.get(human[i]!) ?? 0) + 1);
    const category = labels[i] ?? plain.category;
    const rule = category === plain.category ? plain.rule : 'intent prior';
    const key = `${rule}\0${category}`;
    const r = byRule.get(key) ?? byRule.set(key, { rule, category, turns: 0, agreed: 0 }).get(key)!;
    r.turns++;
    if (category === human[i]) r.agreed++;
  });
  const [top, topTurns] = [...spread].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0] ?? [null, 0];
  return {
    byRule: [...byRule.values()].sort((a, b) => b.turns - a.turns || (a.rule < b.rule ? -1 : 1)),
    unplaced: { turns: [...spread.values()].reduce((s, x) => s + x, 0), categories: spread.size, top, topTurns },
  };
}

/** The three passes of the rule set: the same labelling three times, the third over the turns in shuffled order. */
function rulePasses(turns: TurnRow[], human: FailureCategory[], order: number[]): Pass[] {
  const first = ruleLabels(turns, human);
  const shuffledLabels = ruleLabels(
    order.map((i) => turns[i]!),
    order.map((i) => human[i]!),
  );
  const shuffled: Pass = new Array<FailureCategory | null>(turns.length).fill(null);
  order.forEach((i, at) => (shuffled[i] = shuffledLabels[at]!));
  return [first, ruleLabels(turns, human), shuffled];
}

/**
 * The three passes of the Bedrock categorizer: as the error report runs it (its cache read and written), again with
 * no cache (test-retest), and once more with no cache over the turns in a shuffled order, so each batch holds other
 * turns in other places (order sensitivity).
 * @throws ServiceError when no call of the first pass succeeded (Bedrock down, no credentials): nothing is stored.
 */
async function llmPasses(
  turns: TurnRow[],
  order: number[],
  options: JudgeCheckOptions,
): Promise<{ passes: Pass[]; runs: LlmCategorization[] }> {
  const items = turns.map(categorizerTurn);
  const cfg = options.config.llm;
  // The retest and shuffled passes always call Bedrock: missing credentials are one service error before any call.
  const client = options.client ?? new BedrockRuntimeClient(awsClientConfig(cfg.region));
  if (!options.client) await checkCredentials(client, `Bedrock ${cfg.modelId}`);
  const run = (list: typeof items, cache: boolean) =>
    llmCategorize(list, { config: cfg, client, retry: options.retry, signal: options.signal, cache });
  const first = await run(items, true);
  if (first.outage) throw new ServiceError(`Bedrock ${first.modelId}: ${first.outage}; no judge record was written`);
  const retest = await run(items, false);
  const shuffled = await run(
    order.map((i) => items[i]!),
    false,
  );
  const labels = (r: LlmCategorization): Pass => turns.map((t) => r.categories.get(t.traceId) ?? null);
  return { passes: [labels(first), labels(retest), labels(shuffled)], runs: [first, retest, shuffled] };
}

/**
 * Measures a judge's reliability record on a labelled sample (`mangalab judge check`): agreement with the humans,
 * test-retest, order sensitivity and, when the judge's model family is among the responder models, self-preference
 * (docs/errors.md, "Judges with a record").
 * @throws InputError for a sample without human labels; ServiceError when the judge's service answered nothing.
 */
export async function judgeCheck(source: Source, options: JudgeCheckOptions): Promise<JudgeRecord> {
  const sample = await judgeSample(source, options);
  const order = permutation(sample.turns.length, options.seed ?? 20261202);
  const isRules = options.judge === 'rules';
  const { passes, runs } = isRules
    ? { passes: rulePasses(sample.turns, sample.human, order), runs: [] }
    : await llmPasses(sample.turns, order, options);
  const modelId = isRules ? 'rules' : options.config.llm.modelId;
  const responderModels = [...new Set(sample.turns.map((t) => t.model).filter((m): m is string => !!m))].sort();
  const family = isRules ? null : modelFamily(modelId);
  const sameFamily = family !== null && responderModels.some((m) => modelFamily(m) === family);
  const reliability = judgeReliability(
    { kind: 'category', human: sample.human, judged: passes[0]!, retest: passes[1], shuffled: passes[2], sameFamily },
    { floor: options.floor ?? options.config.judges.kappaFloor, minItems: options.config.judges.minItems, blamed: RESPONDER_BLAMED },
  );
  const measuredAt = (options.now ?? (() => new Date()))();
  const rules = isRules ? ruleBreakdown(sample.turns, sample.human, passes[0]!) : null;
  return {
    recordId: runId('judge', measuredAt, options.judge, modelId, sample.labels),
    judge: options.judge,
    modelId,
    promptVersion: isRules ? RULES_VERSION : options.config.llm.promptVersion,
    measuredAt: measuredAt.toISOString(),
    deterministic: isRules,
    sample: { labels: sample.labels, window: sample.window, items: sample.turns.length, notes: sample.notes },
    responderModels,
    sameFamily,
    reliability,
    rules,
    cost: isRules
      ? null
      : {
          calls: runs.reduce((s, r) => s + r.calls, 0),
          cachedTurns: runs.reduce((s, r) => s + r.cachedTurns, 0),
          spentUsd: runs.reduce((s, r) => s + r.spentUsd, 0),
        },
  };
}

/** Stores a record in the results store. */
export async function saveJudgeRecord(store: ResultsStore, record: JudgeRecord): Promise<void> {
  await store.saveJudgeRecord({
    recordId: record.recordId,
    judge: record.judge,
    modelId: record.modelId,
    promptVersion: record.promptVersion,
    measuredAt: new Date(record.measuredAt),
    trusted: record.reliability.trusted,
    record: record as unknown as Record<string, unknown>,
  });
}

/**
 * After seeding the sample: the rule set's reliability record as of the sample's last week, so the error report has
 * a record to show. Dated like the other sample history.
 */
export async function recordSampleJudge(
  source: Source,
  store: ResultsStore,
  config: ErrorsConfig,
  last: Period,
  at: Date,
): Promise<JudgeRecord> {
  const record = await judgeCheck(source, { judge: 'rules', config, window: weeksEnding(last, config.judges.sampleWeeks), now: () => at });
  await saveJudgeRecord(store, record);
  return record;
}
