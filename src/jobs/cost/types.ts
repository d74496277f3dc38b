// The cost readout's types: what costReadout computes and the cost sections render.
import type { BypassSavingsResult } from '../../analysis/bypassSavings';
import type { Period } from '../../analysis/isoWeek';
import type { ThroughputReview } from '../../analysis/throughputReview';
import type { TrailingSpikeDay } from '../../analysis/trailingSpikes';
import type { ZTestResult } from '../../analysis/twoProportionZTest';
import type { CostConfig, WhatIf, WhatIfSpec } from '../../pipeline/cost-config';

/** Cost, tokens and turns of one slice of the attribution (a period, an intent, a day...). */
export interface CostSlice {
  requests: number;
  llmRequests: number;
  bypassedRequests: number;
  rejectedNegative: number;
  rejectedMissing: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  costUsd: number;
}

export interface BreakdownRow extends CostSlice {
  key: string;
  previous: CostSlice | null;
}

export interface SessionCost {
  key: string;
  sessions: number;
  costedSessions: number;
  sessionsNotCosted: number;
  costUsd: number;
  /** costUsd / costedSessions, null without costed sessions. */
  costPerSessionUsd: number | null;
  tokens: number;
  cappedSessions: number;
  degradedSessions: number;
  sessionsAtCapTokens: number;
}

export interface TurnQuality {
  key: string;
  turns: number;
  budgetBypassTurns: number;
  llmCalls: number;
  pricedLlmCalls: number;
  escalations: number;
  thumbsUp: number;
  thumbsDown: number;
  llmCostUsd: number;
}

export interface CacheWeek {
  weekStart: string;
  week: string;
  llmCalls: number;
  hits: number;
  misses: number;
  uncachedCalls: number;
  unpricedCalls: number;
  /** hits / (hits + misses), null when no call used the cache. */
  hitRate: number | null;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  savedUsd: number;
  writePremiumUsd: number;
  netSavedUsd: number;
}

export interface ThroughputMonth {
  month: string;
  model: string | null;
  days: number;
  daysInMonth: number;
  onDemandCalls: number;
  provisionedCalls: number;
  unknownCalls: number;
  onDemandCostUsd: number;
  provisionedCostUsd: number;
  peakDayOnDemandShare: number | null;
  review: ThroughputReview;
}

export interface WhatIfRow {
  intent: string;
  modelNow: string;
  modelWhatIf: string;
  llmTurns: number;
  rejected: number;
  costNowUsd: number;
  costWhatIfUsd: number;
}

/** Everything the cost report shows, computed; sections render it. */
export interface CostReadout {
  period: Period;
  previous: Period;
  config: CostConfig;
  priceVersion: string;
  current: CostSlice;
  prior: CostSlice;
  breakdowns: Record<'intent' | 'model' | 'user_type' | 'region', BreakdownRow[]>;
  /** Every day from the start of the trailing window to the period's end, with its spike check. */
  days: (TrailingSpikeDay & { inPeriod: boolean; requests: number; llmRequests: number; rejected: number })[];
  dayIntent: { day: string; intent: string; costUsd: number; inPeriod: boolean }[];
  sessions: { total: SessionCost; previous: SessionCost | null; userType: SessionCost[]; region: SessionCost[] };
  tokens: {
    histogram: { start: number; end: number; sessions: number }[];
    sessions: number;
    meanTokens: number | null;
    p50: number | null;
    p90: number | null;
    p99: number | null;
    max: number | null;
  };
  strategies: TurnQuality[];
  routes: TurnQuality[];
  intentRoutes: (TurnQuality & { intent: string; route: string })[];
  bypass: BypassSavingsResult;
  cache: CacheWeek[];
  throughput: ThroughputMonth[];
  whatIf?: { scenario: WhatIf; rows: WhatIfRow[] };
  /** The rate comparisons the sections word, by finding id. */
  rateComparisons: RateComparison[];
}

/** One arm of a rate comparison: a label, its successes and its trials. */
export interface RateArm {
  label: string;
  successes: number;
  trials: number;
}

/**
 * A rate of `a` against `b` (thumbs-up on reduced turns against full ones, escalations on bypassed turns against LLM
 * ones) with its two-proportion z-test, computed by the readout; `untestable` says why there is no test.
 */
export interface RateComparison {
  id: string;
  what: string;
  a: RateArm;
  b: RateArm;
  test: ZTestResult | null;
  untestable: string | null;
}

export interface CostOptions {
  /** A period already resolved against the source (the weekly job passes its week), instead of day, week or month. */
  resolved?: { period: Period; kind: 'day' | 'week' | 'month' };
  day?: string;
  week?: string;
  /** A calendar month YYYY-MM, compared with the month before. */
  month?: string;
  /** A what-if scenario: a file (see loadWhatIf) or one written in code. */
  whatIf?: string | WhatIfSpec;
  /** Another cost configuration file (default config/cost.json). */
  configFile?: string;
  now?: () => Date;
}
