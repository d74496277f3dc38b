import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { categorizeFailure, NO_RULE, RULES_VERSION, type FailureSignals } from '../../analysis/categorizeFailure';
import { failurePriors, type FailurePrior } from '../../analysis/failurePriors';
import { labelAgreement } from '../../analysis/labelAgreement';
import { errorSummary, type CategoryCount, type ErrorSummary } from '../../analysis/errorSummary';
import type { FailureCategory } from '../../analysis/failureCategories';
import { previousWeek, weeksEnding, type Period } from '../../analysis/isoWeek';
import { wilsonInterval, type WilsonInterval } from '../../analysis/wilsonInterval';
import { readErrorsSignalGroups, readErrorsTurns, type ErrorsSignalGroupsRow, type ErrorsTurnsRow } from '../../pipeline/rows/errors';
import { readFeedbackThumbsRates } from '../../pipeline/rows/feedback';
import { hintParams, type ErrorsConfig } from '../../pipeline/errors-config';
import { llmCategorize, type CategorizerTurn, type LlmCategorization } from '../../pipeline/llm-categorizer';
import { paths } from '../../pipeline/paths';
import { ResultsStore } from '../../pipeline/results-store';
import type { Source } from '../../pipeline/source';
import { judgeTrust, type JudgeTrust } from '../judges/trust';

const WEEK = 7 * 86_400_000;

/** The flags every errors query returns (queries/relations/negative_signals.sql), as its typed rows carry them. */
type SignalRow = Omit<ErrorsSignalGroupsRow, 'period' | 'turns' | 'unconvertedSessions' | 'exampleA' | 'exampleB' | 'baselineConversion'>;

export function signals(r: SignalRow): FailureSignals {
  return {
    thumbsDown: r.thumbsDown ?? false,
    escalated: r.escalated ?? false,
    guardrailStage: r.guardrailStage,
    hallucinationFlag: r.hallucinationFlag ?? false,
    lowConfidence: r.lowConfidence ?? false,
    labelMismatch: r.labelMismatch,
    isError: r.isError ?? false,
    slow: r.slow ?? false,
    stopReason: r.stopReason,
    noRetrieval: r.noRetrieval ?? false,
    shortAnswer: r.shortAnswer ?? false,
    // The hint is one of the categories: the query maps feedback words to them (config: categorizer.feedbackHints).
    feedbackHint: r.feedbackHint as FailureCategory | null,
    intent: r.intent,
  };
}

/** A turn of queries/errors/turns.sql: the trace id is the key (never NULL there), the human category one of the list. */
export type TurnRow = Omit<ErrorsTurnsRow, 'traceId' | 'humanCategory'> & { traceId: string; humanCategory: FailureCategory | null };

export async function readTurns(source: Source, params: Parameters<typeof readErrorsTurns>[1]): Promise<TurnRow[]> {
  return (await readErrorsTurns(source, params)).map((t) => ({
    ...t,
    traceId: t.traceId ?? '',
    humanCategory: t.humanCategory as FailureCategory | null,
  }));
}

/** The flags of a turn in words, for the LLM prompt. */
export function describeSignals(r: SignalRow): string {
  const words = [
    r.thumbsDown && 'thumbs-down',
    r.escalated && 'escalated to a human',
    r.guardrailStage && `blocked by the ${r.guardrailStage} guardrail`,
    r.hallucinationFlag && 'hallucination detector flagged it',
    r.lowConfidence && 'low classifier confidence',
    r.isError && 'system error',
    r.slow && 'slow answer',
    r.stopReason === 'max_tokens' && 'answer cut at the token limit',
    r.noRetrieval && 'no product data retrieved',
  ].filter(Boolean);
  return words.length ? words.join(', ') : 'none';
}

/** A turn as the LLM categorizer is sent it. */
export function categorizerTurn(t: TurnRow): CategorizerTurn {
  return {
    traceId: t.traceId,
    intent: t.intent,
    userMessage: t.userMessage,
    responseText: t.responseText,
    feedbackText: t.feedbackText,
    signals: describeSignals(t),
  };
}

/** Agreement of one categorizer with another on the same turns. */
export interface Agreement {
  n: number;
  /** Share of turns given the same category. */
  accuracy: number | null;
  kappa: number | null;
  note?: string;
}

function agreement(a: string[], b: string[]): Agreement {
  if (a.length === 0) return { n: 0, accuracy: null, kappa: null, note: 'no turns to compare' };
  const r = labelAgreement(a, b);
  return { n: r.n, accuracy: r.agreement, kappa: r.kappa, ...(r.note ? { note: r.note } : {}) };
}

export interface FeedbackRate {
  week: string;
  dimension: 'all' | 'intent' | 'model_version' | 'prompt_version';
  value: string;
  rated: number;
  up: number;
  /** Null when no response was rated. */
  interval: WilsonInterval | null;
}

export interface ErrorsReadout {
  current: Period;
  previous: Period;
  summary: ErrorSummary;
  baselineConversion: number | null;
  /** Rule counts per category in the current period (which rules placed how many turns). */
  rules: { category: FailureCategory; rule: string; turns: number }[];
  categorizer: 'rules' | 'bedrock';
  /** The LLM-assisted pass over a sample of negative turns (categorizer bedrock). */
  llm: null | {
    run: LlmCategorization;
    sampled: number;
    /** Sample counts by category: rules against the model. */
    shares: { category: FailureCategory; rules: number; llm: number; examples: string[] }[];
    rulesVsLlm: Agreement;
  };
  /** Agreement with the human annotators' failure categories on the turns they labelled. */
  labelled: { n: number; rules: Agreement; llm: Agreement | null };
  /** The judges' stored reliability records: the rule set's, and the LLM categorizer's when it ran. */
  judges: { rules: JudgeTrust; llm: JudgeTrust | null };
  /** Intent priors the rule set applied (learned from earlier weeks' labels); empty when none stood out. */
  priors: FailurePrior[];
  feedback: FeedbackRate[];
  config: ErrorsConfig;
}

/**
 * The rule set's intent priors (failurePriors), learned from the human labels of the weeks before the report's week
 * (judges.sample_weeks of them), so a week is never categorized with what its own labels say.
 */
async function learnedPriors(source: Source, current: Period, config: ErrorsConfig): Promise<Map<string, FailurePrior>> {
  const window = weeksEnding(previousWeek(current), config.judges.sampleWeeks);
  const labelled = await readTurns(source, { ...errorParams(window, window, config), labelled: true, max_turns: 100_000, trace_ids: '' });
  return failurePriors(
    labelled.filter((t) => categorizeFailure(signals(t)).rule === NO_RULE).map((t) => ({ intent: t.intent, category: t.humanCategory! })),
  );
}

export interface ErrorsOptions {
  categorizer?: 'rules' | 'bedrock';
  client?: BedrockRuntimeClient;
  retry?: Parameters<typeof llmCategorize>[1]['retry'];
  signal?: AbortSignal;
  /** The results store holding the judges' reliability records (default data/results.duckdb). */
  storeFile?: string;
}

/** The named parameters of the errors queries for a period and the one before it. */
export function errorParams(current: Period, previous: Period, config: ErrorsConfig) {
  return {
    prev_from_ts: previous.from,
    from_ts: current.from,
    to_ts: current.to,
    low_confidence: config.categorizer.lowConfidence,
    slow_ms: config.categorizer.slowMs,
    min_words: config.categorizer.minWords,
    ...hintParams(config),
  };
}

/**
 * Error analysis and feedback analytics for one period against the one before it (US-8.2, US-8.1): negative signals
 * counted by categorizer flags in the warehouse and categorized by the rules; with the bedrock categorizer, a sample
 * also sorted by Claude and compared; agreement with the human annotators' labels; thumbs-up rates with Wilson
 * intervals by week, intent, model version and prompt version (the trailing eight weeks).
 */
export async function errorsReadout(
  source: Source,
  current: Period,
  previous: Period,
  config: ErrorsConfig,
  options: ErrorsOptions = {},
): Promise<ErrorsReadout> {
  const params = errorParams(current, previous, config);
  const priors = await learnedPriors(source, current, config);
  const groups = await readErrorsSignalGroups(source, params);
  const counts: CategoryCount[] = [];
  const rules = new Map<string, { category: FailureCategory; rule: string; turns: number }>();
  let baselineConversion: number | null = null;
  for (const g of groups) {
    const c = categorizeFailure(signals(g), priors);
    const turns = g.turns ?? 0;
    const period = g.period === 'previous' ? 'previous' : 'current';
    counts.push({
      period,
      category: c.category,
      turns,
      escalations: g.escalated ? turns : 0,
      unconvertedSessions: g.unconvertedSessions ?? 0,
      examples: [g.exampleA ?? '', g.exampleB ?? ''],
    });
    if (g.baselineConversion !== null) baselineConversion = g.baselineConversion;
    if (period === 'current') {
      const key = `${c.category}\0${c.rule}`;
      const r = rules.get(key) ?? { ...c, turns: 0 };
      r.turns += turns;
      rules.set(key, r);
    }
  }
  const summary = errorSummary(counts, {
    averageOrderValueUsd: config.impact.averageOrderValueUsd,
    escalationCostUsd: config.impact.escalationCostUsd,
    baselineConversion: baselineConversion ?? 0,
  });

  const categorizer = options.categorizer ?? 'rules';
  const labelledRows = await readTurns(source, { ...params, labelled: true, max_turns: 5000, trace_ids: '' });
  let llm: ErrorsReadout['llm'] = null;
  let llmLabelled: Agreement | null = null;
  if (categorizer === 'bedrock') {
    const sample = await readTurns(source, { ...params, labelled: false, max_turns: config.llm.sampleSize, trace_ids: '' });
    const run = await llmCategorize([...sample, ...labelledRows].map(categorizerTurn), {
      config: config.llm,
      client: options.client,
      retry: options.retry,
      signal: options.signal,
    });
    const byCategory = new Map<FailureCategory, { category: FailureCategory; rules: number; llm: number; examples: string[] }>();
    const entry = (c: FailureCategory) => byCategory.get(c) ?? byCategory.set(c, { category: c, rules: 0, llm: 0, examples: [] }).get(c)!;
    const ruleCats: string[] = [];
    const llmCats: string[] = [];
    for (const t of sample) {
      const rule = categorizeFailure(signals(t), priors).category;
      const model = run.categories.get(t.traceId) ?? rule;
      entry(rule).rules++;
      const e = entry(model);
      e.llm++;
      if (e.examples.length < 3) e.examples.push(t.traceId);
      if (run.categories.has(t.traceId)) {
        ruleCats.push(rule);
        llmCats.push(model);
      }
    }
    llm = {
      run,
      sampled: sample.length,
      shares: [...byCategory.values()].sort((a, b) => b.llm - a.llm),
      rulesVsLlm: agreement(ruleCats, llmCats),
    };
    const answered = labelledRows.filter((t) => run.categories.has(t.traceId));
    llmLabelled = run.outage
      ? null
      : agreement(
          answered.map((t) => t.humanCategory!),
          answered.map((t) => run.categories.get(t.traceId)!),
        );
  }
  const labelled = {
    n: labelledRows.length,
    rules: agreement(
      labelledRows.map((t) => t.humanCategory!),
      labelledRows.map((t) => categorizeFailure(signals(t), priors).category),
    ),
    llm: llmLabelled,
  };

  const feedbackRows = await readFeedbackThumbsRates(source, { from_ts: new Date(current.to.getTime() - 8 * WEEK), to_ts: current.to });
  const feedback = feedbackRows.map((r): FeedbackRate => {
    const rated = r.rated ?? 0;
    const up = r.up ?? 0;
    return {
      week: r.week ? r.week.toISOString().slice(0, 10) : '(no week)',
      // The query names its dimensions from this list (queries/feedback/thumbs_rates.sql).
      dimension: r.dimension as FeedbackRate['dimension'],
      value: r.value ?? '(none)',
      rated,
      up,
      interval: rated > 0 ? wilsonInterval(up, rated) : null,
    };
  });
  const store = await ResultsStore.open(options.storeFile ?? paths.resultsStore());
  let judges: ErrorsReadout['judges'];
  try {
    judges = {
      rules: await judgeTrust(store, 'rules', 'rules', RULES_VERSION),
      llm: categorizer === 'bedrock' ? await judgeTrust(store, 'error-categorizer', config.llm.modelId, config.llm.promptVersion) : null,
    };
  } finally {
    store.close();
  }
  return {
    current,
    previous,
    summary,
    baselineConversion,
    rules: [...rules.values()].sort((a, b) => b.turns - a.turns),
    categorizer,
    llm,
    labelled,
    judges,
    priors: [...priors.values()],
    feedback,
    config,
  };
}
