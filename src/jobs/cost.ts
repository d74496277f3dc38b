import { bypassSavings, type BypassSavingsResult } from '../analysis/bypassSavings';
import type { Period } from '../analysis/isoWeek';
import { calendarMonth, isoWeekOf } from '../analysis/isoWeek';
import { throughputReview, type ThroughputReview } from '../analysis/throughputReview';
import { trailingSpikes, type TrailingSpikeDay } from '../analysis/trailingSpikes';
import { tableToObjects } from '../pipeline/arrow';
import { checkWhatIf, loadCostConfig, loadWhatIf, type CostConfig, type WhatIf, type WhatIfSpec } from '../pipeline/cost-config';
import { InputError } from '../pipeline/errors';
import { priceRelation, routingRelation } from '../pipeline/prices';
import type { Source } from '../pipeline/source';
import { periodJson, type Report } from './report';
import { costSections } from './sections/cost';
import { resolvePeriod } from './period';

const DAY_MS = 86_400_000;

type Row = Record<string, unknown>;

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
}

const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const dayText = (v: unknown): string => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v));

function slice(r: Row | undefined): CostSlice {
  return {
    requests: n(r?.requests),
    llmRequests: n(r?.llm_requests),
    bypassedRequests: n(r?.bypassed_requests),
    rejectedNegative: n(r?.rejected_negative),
    rejectedMissing: n(r?.rejected_missing),
    inputTokens: n(r?.input_tokens),
    outputTokens: n(r?.output_tokens),
    cacheReadTokens: n(r?.cache_read_tokens),
    cacheWriteTokens: n(r?.cache_write_tokens),
    costUsd: n(r?.cost_usd),
  };
}

function sessionCost(r: Row, key: string): SessionCost {
  const costed = n(r.costed_sessions);
  return {
    key,
    sessions: n(r.sessions),
    costedSessions: costed,
    sessionsNotCosted: n(r.sessions_not_costed),
    costUsd: n(r.cost_usd),
    costPerSessionUsd: costed > 0 ? n(r.cost_usd) / costed : null,
    tokens: n(r.tokens),
    cappedSessions: n(r.capped_sessions),
    degradedSessions: n(r.degraded_sessions),
    sessionsAtCapTokens: n(r.sessions_at_cap_tokens),
  };
}

function turnQuality(r: Row, key: string): TurnQuality {
  return {
    key,
    turns: n(r.turns),
    budgetBypassTurns: n(r.budget_bypass_turns),
    llmCalls: n(r.llm_calls),
    pricedLlmCalls: n(r.priced_llm_calls),
    escalations: n(r.escalations),
    thumbsUp: n(r.thumbs_up),
    thumbsDown: n(r.thumbs_down),
    llmCostUsd: n(r.llm_cost_usd),
  };
}

/** Names every model and first day the price table does not cover. @throws InputError when there is any. */
async function refuseUnpriced(source: Source, from: Date, to: Date): Promise<void> {
  const missing = tableToObjects<{ model: string; day: Date; requests: number }>(await source.query('cost/unpriced_models', { from_ts: from, to_ts: to }));
  if (missing.length === 0) return;
  const byModel = new Map<string, { days: string[]; requests: number }>();
  for (const m of missing) {
    const e = byModel.get(m.model) ?? { days: [], requests: 0 };
    e.days.push(dayText(m.day));
    e.requests += n(m.requests);
    byModel.set(m.model, e);
  }
  const text = [...byModel].map(([model, e]) => `${model} on ${e.days.length > 3 ? `${e.days[0]} to ${e.days.at(-1)} (${e.days.length} days)` : e.days.join(', ')}, ${e.requests.toLocaleString('en-US')} requests`).join('; ');
  throw new InputError(source.priceTable().file, `no price in force for ${text}: add an entry with an earlier effective_from (costs are never priced at zero)`);
}

export interface CostOptions {
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

/**
 * Computes the cost readout of a period: attribution by intent, model, user type and region against the period
 * before; daily cost with the trailing-average spike check; cost per session and the token budget; LLM bypass,
 * prompt caching, the provisioned/on-demand split; and, given a scenario, the what-if re-pricing. Every aggregate
 * is computed in SQL (queries/cost/); this composes the results.
 * @throws InputError for a bad period, configuration or scenario, and for a model with no price on a day it ran.
 */
export async function costReadout(source: Source, options: CostOptions = {}): Promise<CostReadout> {
  const config = loadCostConfig(options.configFile);
  const prices = source.priceTable();
  const scenario = typeof options.whatIf === 'string' ? loadWhatIf(options.whatIf, prices)
    : options.whatIf ? checkWhatIf({ ...options.whatIf }, `what-if "${options.whatIf.name}"`, process.cwd(), prices) : undefined;
  const period = await resolvePeriod(source, { day: options.day, week: options.week, month: options.month });
  const dayBefore = new Date(period.from.getTime() - DAY_MS);
  const previous: Period = options.day
    ? { label: dayBefore.toISOString().slice(0, 10), from: dayBefore, to: period.from }
    : options.month ? calendarMonth(dayBefore.toISOString().slice(0, 7)) : isoWeekOf(dayBefore);
  const leadStart = new Date(Math.min(previous.from.getTime(), period.from.getTime() - config.trailingDays * DAY_MS));
  await refuseUnpriced(source, leadStart, period.to);

  const attribution = tableToObjects<Row>(await source.query('cost/attribution', {
    cur_start: period.from, cur_end: period.to, prev_start: previous.from, lead_start: leadStart,
  }));
  const rows = (breakdown: string) => attribution.filter((r) => r.breakdown === breakdown);
  const current = slice(rows('period').find((r) => r.period === 'current'));
  const prior = slice(rows('period').find((r) => r.period === 'previous'));
  const breakdowns = {} as CostReadout['breakdowns'];
  for (const dim of ['intent', 'model', 'user_type', 'region'] as const) {
    const label = (r: Row) => (r[dim] === null || r[dim] === undefined ? (dim === 'model' ? '(no LLM call)' : '(none)') : String(r[dim]));
    const prev = new Map(rows(dim).filter((r) => r.period === 'previous').map((r) => [label(r), slice(r)]));
    breakdowns[dim] = rows(dim).filter((r) => r.period === 'current')
      .map((r) => ({ key: label(r), ...slice(r), previous: prev.get(label(r)) ?? null }))
      .sort((a, b) => b.costUsd - a.costUsd || a.key.localeCompare(b.key));
  }

  // Every calendar day from the window's start is listed: a day with no rows is missing, never a zero-cost day.
  const dayRows = new Map(rows('day').map((r) => [dayText(r.day), r]));
  const allDays: string[] = [];
  for (let t = leadStart.getTime(); t < period.to.getTime(); t += DAY_MS) allDays.push(new Date(t).toISOString().slice(0, 10));
  const spikes = trailingSpikes(
    allDays.filter((d) => dayRows.has(d)).map((d) => {
      const r = dayRows.get(d)!;
      return { day: d, value: n(r.cost_usd) };
    }),
    { window: config.trailingDays, ratio: config.spikeRatio },
  );
  const days = spikes.map((s) => {
    const r = dayRows.get(s.day)!;
    const t = Date.parse(`${s.day}T00:00:00Z`);
    return { ...s, inPeriod: t >= period.from.getTime(), requests: n(r.requests), llmRequests: n(r.llm_requests), rejected: n(r.rejected_negative) + n(r.rejected_missing) };
  });
  const dayIntent = rows('day_intent').map((r) => ({
    day: dayText(r.day), intent: String(r.intent ?? '(none)'), costUsd: n(r.cost_usd), inPeriod: Date.parse(`${dayText(r.day)}T00:00:00Z`) >= period.from.getTime(),
  }));

  const sessionRows = tableToObjects<Row>(await source.query('cost/sessions', { from_ts: period.from, to_ts: period.to, token_cap: config.capTokens }));
  const prevSessionRows = tableToObjects<Row>(await source.query('cost/sessions', { from_ts: previous.from, to_ts: previous.to, token_cap: config.capTokens }));
  const totalRow = sessionRows.find((r) => r.breakdown === 'total');
  const prevTotal = prevSessionRows.find((r) => r.breakdown === 'total');
  const sessions = {
    total: sessionCost(totalRow ?? {}, 'all sessions'),
    previous: prevTotal ? sessionCost(prevTotal, 'all sessions') : null,
    userType: sessionRows.filter((r) => r.breakdown === 'user_type').map((r) => sessionCost(r, String(r.user_type ?? '(none)'))),
    region: sessionRows.filter((r) => r.breakdown === 'region').map((r) => sessionCost(r, String(r.region ?? '(none)'))),
  };

  const dist = tableToObjects<Row>(await source.query('cost/token_distribution', { from_ts: period.from, to_ts: period.to, bucket_tokens: config.histogramBucketTokens }));
  const first = dist[0];
  const tokens = {
    histogram: dist.map((r) => ({ start: n(r.bucket_start), end: n(r.bucket_end), sessions: n(r.bucket_sessions) })),
    sessions: n(first?.sessions),
    meanTokens: first ? n(first.mean_tokens) : null,
    p50: first ? n(first.p50_tokens) : null,
    p90: first ? n(first.p90_tokens) : null,
    p99: first ? n(first.p99_tokens) : null,
    max: first ? n(first.max_tokens) : null,
  };

  const quality = tableToObjects<Row>(await source.query('cost/turn_quality', { from_ts: period.from, to_ts: period.to }));
  const strategies = quality.filter((r) => r.breakdown === 'strategy').map((r) => turnQuality(r, String(r.strategy ?? '(none)')));
  const routes = quality.filter((r) => r.breakdown === 'route').map((r) => turnQuality(r, String(r.route)));
  const intentRoutes = quality.filter((r) => r.breakdown === 'intent_route')
    .map((r) => ({ ...turnQuality(r, `${r.intent}/${r.route}`), intent: String(r.intent ?? '(none)'), route: String(r.route) }));
  const byIntent = new Map<string, { turns: number; bypassedTurns: number; llmTurns: number; llmCostUsd: number }>();
  for (const r of intentRoutes) {
    const e = byIntent.get(r.intent) ?? { turns: 0, bypassedTurns: 0, llmTurns: 0, llmCostUsd: 0 };
    e.turns += r.turns;
    if (r.route === 'bypass') e.bypassedTurns += r.turns;
    else {
      e.llmTurns += r.pricedLlmCalls;
      e.llmCostUsd += r.llmCostUsd;
    }
    byIntent.set(r.intent, e);
  }
  const bypass = bypassSavings([...byIntent].map(([intent, e]) => ({ intent, ...e })), { minLlmTurns: config.minLlmTurns });

  const cacheFrom = new Date(isoWeekOf(previous.from).from);
  const cacheTo = isoWeekOf(new Date(period.to.getTime() - 1)).to;
  const cacheRows = tableToObjects<Row>(await source.query('cost/prompt_cache', { from_ts: cacheFrom, to_ts: cacheTo }));
  const cache = cacheRows.map((r): CacheWeek => {
    const weekStart = dayText(r.week_start);
    const hits = n(r.hits);
    const misses = n(r.misses);
    return {
      weekStart, week: isoWeekOf(new Date(`${weekStart}T00:00:00Z`)).label, llmCalls: n(r.llm_calls), hits, misses,
      uncachedCalls: n(r.uncached_calls), unpricedCalls: n(r.unpriced_calls), hitRate: hits + misses > 0 ? hits / (hits + misses) : null,
      cacheReadTokens: n(r.cache_read_tokens), cacheWriteTokens: n(r.cache_write_tokens), savedUsd: n(r.saved_usd),
      writePremiumUsd: n(r.write_premium_usd), netSavedUsd: n(r.saved_usd) - n(r.write_premium_usd),
    };
  });

  const monthFrom = new Date(Date.UTC(period.from.getUTCFullYear(), period.from.getUTCMonth(), 1));
  const last = new Date(period.to.getTime() - 1);
  const monthTo = new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth() + 1, 1));
  const splitRows = tableToObjects<Row>(await source.query('cost/inference_split', { from_ts: monthFrom, to_ts: monthTo }));
  // One row per month for all models together (the SQL's all_models rows) and one per month and model.
  const throughput = splitRows.map((r): ThroughputMonth => {
    const month = dayText(r.month);
    const d = new Date(`${month}T00:00:00Z`);
    const onDemandCalls = n(r.on_demand_calls);
    const provisionedCalls = n(r.provisioned_calls);
    return {
      month: month.slice(0, 7), model: n(r.all_models) === 1 ? null : String(r.model), days: n(r.days),
      daysInMonth: new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate(),
      onDemandCalls, provisionedCalls, unknownCalls: n(r.unknown_calls),
      onDemandCostUsd: n(r.on_demand_cost_usd), provisionedCostUsd: n(r.provisioned_cost_usd),
      peakDayOnDemandShare: r.peak_day_on_demand_share === null || r.peak_day_on_demand_share === undefined ? null : n(r.peak_day_on_demand_share),
      review: throughputReview({ onDemandCalls, provisionedCalls }, { alertShare: config.alertOnDemandShare }),
    };
  });

  let whatIf: CostReadout['whatIf'];
  if (scenario) {
    const reprice = tableToObjects<Row>(await source.query('cost/reprice', { from_ts: period.from, to_ts: period.to }, {
      relations: { whatif_prices: priceRelation(scenario.prices, 'wp'), whatif_routing: routingRelation(scenario.routing) },
    }));
    for (const r of reprice) {
      if (n(r.unpriced_whatif) > 0) {
        throw new InputError(scenario.file, `model ${r.model_whatif} has no price in ${scenario.prices.file} on ${dayText(r.first_unpriced_whatif_day)} (${n(r.unpriced_whatif).toLocaleString('en-US')} ${r.intent} turns from that day on are affected)`);
      }
    }
    whatIf = {
      scenario,
      rows: reprice.map((r) => ({
        intent: String(r.intent ?? '(none)'), modelNow: String(r.model_now), modelWhatIf: String(r.model_whatif),
        llmTurns: n(r.llm_turns), rejected: n(r.rejected), costNowUsd: n(r.cost_now_usd), costWhatIfUsd: n(r.cost_whatif_usd),
      })),
    };
  }
  return { period, previous, config, priceVersion: prices.version, current, prior, breakdowns, days, dayIntent, sessions, tokens, strategies, routes, intentRoutes, bypass, cache, throughput, whatIf };
}

/** The cost job: the readout as a report (one section per concern). */
export async function costReport(source: Source, options: CostOptions = {}): Promise<Report> {
  const readout = await costReadout(source, options);
  return {
    job: 'cost',
    source: source.description,
    period: periodJson(readout.period),
    generatedAt: (options.now ?? (() => new Date()))().toISOString(),
    sections: costSections(readout),
  };
}
