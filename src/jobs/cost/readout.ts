import { bypassSavings } from '../../analysis/bypassSavings';
import { calendarMonth, isoWeekOf } from '../../analysis/isoWeek';
import { throughputReview } from '../../analysis/throughputReview';
import { trailingSpikes } from '../../analysis/trailingSpikes';
import { twoProportionZTest } from '../../analysis/twoProportionZTest';
import {
  readCostAttribution,
  readCostInferenceSplit,
  readCostPromptCache,
  readCostReprice,
  readCostSessions,
  readCostTokenDistribution,
  readCostTurnQuality,
  readCostUnpricedModels,
  type CostAttributionRow,
  type CostSessionsRow,
  type CostTurnQualityRow,
} from '../../pipeline/rows/cost';
import { checkWhatIf, loadCostConfig, loadWhatIf, type CostConfig, type WhatIf } from '../../pipeline/cost-config';
import { InputError } from '../../pipeline/errors';
import { priceRelation, routingRelation } from '../../pipeline/prices';
import type { Source } from '../../pipeline/source';
import { resolvePeriod } from '../period';
import type { Period } from '../../analysis/isoWeek';
import type {
  CacheWeek,
  CostOptions,
  CostReadout,
  CostSlice,
  RateArm,
  RateComparison,
  SessionCost,
  ThroughputMonth,
  TurnQuality,
} from './types';

export type * from './types';

const DAY_MS = 86_400_000;

const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const dayText = (v: unknown): string => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v));

function slice(r: CostAttributionRow | undefined): CostSlice {
  return {
    requests: n(r?.requests),
    llmRequests: n(r?.llmRequests),
    bypassedRequests: n(r?.bypassedRequests),
    rejectedNegative: n(r?.rejectedNegative),
    rejectedMissing: n(r?.rejectedMissing),
    inputTokens: n(r?.inputTokens),
    outputTokens: n(r?.outputTokens),
    cacheReadTokens: n(r?.cacheReadTokens),
    cacheWriteTokens: n(r?.cacheWriteTokens),
    costUsd: n(r?.costUsd),
  };
}

function sessionCost(r: Partial<CostSessionsRow>, key: string): SessionCost {
  const costed = n(r.costedSessions);
  return {
    key,
    sessions: n(r.sessions),
    costedSessions: costed,
    sessionsNotCosted: n(r.sessionsNotCosted),
    costUsd: n(r.costUsd),
    costPerSessionUsd: costed > 0 ? n(r.costUsd) / costed : null,
    tokens: n(r.tokens),
    cappedSessions: n(r.cappedSessions),
    degradedSessions: n(r.degradedSessions),
    sessionsAtCapTokens: n(r.sessionsAtCapTokens),
  };
}

function turnQuality(r: CostTurnQualityRow, key: string): TurnQuality {
  return {
    key,
    turns: n(r.turns),
    budgetBypassTurns: n(r.budgetBypassTurns),
    llmCalls: n(r.llmCalls),
    pricedLlmCalls: n(r.pricedLlmCalls),
    escalations: n(r.escalations),
    thumbsUp: n(r.thumbsUp),
    thumbsDown: n(r.thumbsDown),
    llmCostUsd: n(r.llmCostUsd),
  };
}

/** Names every model and first day the price table does not cover. @throws InputError when there is any. */
async function refuseUnpriced(source: Source, from: Date, to: Date): Promise<void> {
  const missing = await readCostUnpricedModels(source, { from_ts: from, to_ts: to });
  if (missing.length === 0) return;
  const byModel = new Map<string, { days: string[]; requests: number }>();
  for (const m of missing) {
    const model = m.model ?? '(none)';
    const e = byModel.get(model) ?? { days: [], requests: 0 };
    e.days.push(dayText(m.day));
    e.requests += n(m.requests);
    byModel.set(model, e);
  }
  const text = [...byModel]
    .map(
      ([model, e]) =>
        `${model} on ${e.days.length > 3 ? `${e.days[0]} to ${e.days.at(-1)} (${e.days.length} days)` : e.days.join(', ')}, ${e.requests.toLocaleString('en-US')} requests`,
    )
    .join('; ');
  throw new InputError(
    source.priceTable().file,
    `no price in force for ${text}: add an entry with an earlier effective_from (costs are never priced at zero)`,
  );
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
  const scenario =
    typeof options.whatIf === 'string'
      ? loadWhatIf(options.whatIf, prices)
      : options.whatIf
        ? checkWhatIf({ ...options.whatIf }, `what-if "${options.whatIf.name}"`, process.cwd(), prices)
        : undefined;
  const period = options.resolved?.period ?? (await resolvePeriod(source, { day: options.day, week: options.week, month: options.month }));
  const kind = options.resolved?.kind ?? (options.day ? 'day' : options.month ? 'month' : 'week');
  const dayBefore = new Date(period.from.getTime() - DAY_MS);
  const previous: Period =
    kind === 'day'
      ? { label: dayBefore.toISOString().slice(0, 10), from: dayBefore, to: period.from }
      : kind === 'month'
        ? calendarMonth(dayBefore.toISOString().slice(0, 7))
        : isoWeekOf(dayBefore);
  const leadStart = new Date(Math.min(previous.from.getTime(), period.from.getTime() - config.trailingDays * DAY_MS));
  await refuseUnpriced(source, leadStart, period.to);

  const attribution = await readCostAttribution(source, {
    cur_start: period.from,
    cur_end: period.to,
    prev_start: previous.from,
    lead_start: leadStart,
  });
  const rows = (breakdown: string) => attribution.filter((r) => r.breakdown === breakdown);
  const current = slice(rows('period').find((r) => r.period === 'current'));
  const prior = slice(rows('period').find((r) => r.period === 'previous'));
  const breakdowns = {} as CostReadout['breakdowns'];
  const FIELD = { intent: 'intent', model: 'model', user_type: 'userType', region: 'region' } as const;
  for (const dim of ['intent', 'model', 'user_type', 'region'] as const) {
    const label = (r: CostAttributionRow) => r[FIELD[dim]] ?? (dim === 'model' ? '(no LLM call)' : '(none)');
    const prev = new Map(
      rows(dim)
        .filter((r) => r.period === 'previous')
        .map((r) => [label(r), slice(r)]),
    );
    breakdowns[dim] = rows(dim)
      .filter((r) => r.period === 'current')
      .map((r) => ({ key: label(r), ...slice(r), previous: prev.get(label(r)) ?? null }))
      .sort((a, b) => b.costUsd - a.costUsd || a.key.localeCompare(b.key));
  }

  // Every calendar day from the window's start is listed: a day with no rows is missing, never a zero-cost day.
  const dayRows = new Map(rows('day').map((r) => [dayText(r.day), r]));
  const allDays: string[] = [];
  for (let t = leadStart.getTime(); t < period.to.getTime(); t += DAY_MS) allDays.push(new Date(t).toISOString().slice(0, 10));
  const spikes = trailingSpikes(
    allDays
      .filter((d) => dayRows.has(d))
      .map((d) => {
        const r = dayRows.get(d)!;
        return { day: d, value: n(r.costUsd) };
      }),
    { window: config.trailingDays, ratio: config.spikeRatio },
  );
  const days = spikes.map((s) => {
    const r = dayRows.get(s.day)!;
    const t = Date.parse(`${s.day}T00:00:00Z`);
    return {
      ...s,
      inPeriod: t >= period.from.getTime(),
      requests: n(r.requests),
      llmRequests: n(r.llmRequests),
      rejected: n(r.rejectedNegative) + n(r.rejectedMissing),
    };
  });
  const dayIntent = rows('day_intent').map((r) => ({
    day: dayText(r.day),
    intent: String(r.intent ?? '(none)'),
    costUsd: n(r.costUsd),
    inPeriod: Date.parse(`${dayText(r.day)}T00:00:00Z`) >= period.from.getTime(),
  }));

  const { sessions, tokens } = await sessionsAndTokens(source, period, previous, config);

  const { strategies, routes, intentRoutes, bypass } = await turnsAndBypass(source, period, config);

  const cache = await cacheWeeks(source, period, previous);

  const throughput = await throughputMonths(source, period, config);

  const whatIf = scenario ? await repriced(source, period, scenario) : undefined;
  const rateComparisons = turnRateComparisons(strategies, routes);
  return {
    period,
    previous,
    config,
    priceVersion: prices.version,
    current,
    prior,
    breakdowns,
    days,
    dayIntent,
    sessions,
    tokens,
    strategies,
    routes,
    intentRoutes,
    bypass,
    cache,
    throughput,
    whatIf,
    rateComparisons,
  };
}

/** `a`'s rate against `b`'s with a two-proportion z-test, or why there is none (an arm without trials, a bad count). */
function compareRates(id: string, what: string, a: RateArm, b: RateArm): RateComparison {
  if (a.trials === 0 || b.trials === 0)
    return { id, what, a, b, test: null, untestable: `${a.trials === 0 ? a.label : b.label} has no rated turns` };
  try {
    return {
      id,
      what,
      a,
      b,
      test: twoProportionZTest({ successes: b.successes, trials: b.trials }, { successes: a.successes, trials: a.trials }),
      untestable: null,
    };
  } catch (e) {
    return { id, what, a, b, test: null, untestable: (e as Error).message };
  }
}

/** Thumbs-up on reduced and minimal turns against full ones; thumbs-up and escalations on bypassed turns against LLM ones. */
function turnRateComparisons(strategies: TurnQuality[], routes: TurnQuality[]): RateComparison[] {
  const out: RateComparison[] = [];
  const rated = (q: TurnQuality, label: string): RateArm => ({ label, successes: q.thumbsUp, trials: q.thumbsUp + q.thumbsDown });
  const full = strategies.find((x) => x.key === 'full');
  for (const key of ['reduced', 'minimal']) {
    const x = strategies.find((q) => q.key === key);
    if (x && full) out.push(compareRates(`cost.strategy.${key}`, `Thumbs-up on ${key} turns`, rated(x, key), rated(full, 'full')));
  }
  const bp = routes.find((x) => x.key === 'bypass');
  const llm = routes.find((x) => x.key === 'llm');
  if (bp && llm) {
    out.push(
      compareRates('cost.bypass_quality.thumbs_up', 'Thumbs-up on bypassed turns', rated(bp, 'bypassed turns'), rated(llm, 'LLM turns')),
    );
    out.push(
      compareRates(
        'cost.bypass_quality.escalation',
        'Escalations on bypassed turns',
        { label: 'bypassed turns', successes: bp.escalations, trials: bp.turns },
        { label: 'LLM turns', successes: llm.escalations, trials: llm.turns },
      ),
    );
  }
  return out;
}

/** Cost per session of the period and the one before, and the distribution of tokens per session. */
async function sessionsAndTokens(
  source: Source,
  period: Period,
  previous: Period,
  config: CostConfig,
): Promise<Pick<CostReadout, 'sessions' | 'tokens'>> {
  const sessionRows = await readCostSessions(source, { from_ts: period.from, to_ts: period.to, token_cap: config.capTokens });
  const prevSessionRows = await readCostSessions(source, { from_ts: previous.from, to_ts: previous.to, token_cap: config.capTokens });
  const totalRow = sessionRows.find((r) => r.breakdown === 'total');
  const prevTotal = prevSessionRows.find((r) => r.breakdown === 'total');
  const sessions = {
    total: sessionCost(totalRow ?? {}, 'all sessions'),
    previous: prevTotal ? sessionCost(prevTotal, 'all sessions') : null,
    userType: sessionRows.filter((r) => r.breakdown === 'user_type').map((r) => sessionCost(r, String(r.userType ?? '(none)'))),
    region: sessionRows.filter((r) => r.breakdown === 'region').map((r) => sessionCost(r, String(r.region ?? '(none)'))),
  };

  const dist = await readCostTokenDistribution(source, {
    from_ts: period.from,
    to_ts: period.to,
    bucket_tokens: config.histogramBucketTokens,
  });
  const first = dist[0];
  const tokens = {
    histogram: dist.map((r) => ({ start: n(r.bucketStart), end: n(r.bucketEnd), sessions: n(r.bucketSessions) })),
    sessions: n(first?.sessions),
    meanTokens: first ? n(first.meanTokens) : null,
    p50: first ? n(first.p50Tokens) : null,
    p90: first ? n(first.p90Tokens) : null,
    p99: first ? n(first.p99Tokens) : null,
    max: first ? n(first.maxTokens) : null,
  };
  return { sessions, tokens };
}

/** Quality of turns by budget strategy and route (LLM or bypass), and what the bypass saved. */
async function turnsAndBypass(
  source: Source,
  period: Period,
  config: CostConfig,
): Promise<Pick<CostReadout, 'strategies' | 'routes' | 'intentRoutes' | 'bypass'>> {
  const quality = await readCostTurnQuality(source, { from_ts: period.from, to_ts: period.to });
  const strategies = quality.filter((r) => r.breakdown === 'strategy').map((r) => turnQuality(r, String(r.strategy ?? '(none)')));
  const routes = quality.filter((r) => r.breakdown === 'route').map((r) => turnQuality(r, String(r.route)));
  const intentRoutes = quality
    .filter((r) => r.breakdown === 'intent_route')
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
  const bypass = bypassSavings(
    [...byIntent].map(([intent, e]) => ({ intent, ...e })),
    { minLlmTurns: config.minLlmTurns },
  );
  return { strategies, routes, intentRoutes, bypass };
}

/** Prompt caching per ISO week, from the week before the period to its last week. */
async function cacheWeeks(source: Source, period: Period, previous: Period): Promise<CacheWeek[]> {
  const cacheFrom = new Date(isoWeekOf(previous.from).from);
  const cacheTo = isoWeekOf(new Date(period.to.getTime() - 1)).to;
  const cacheRows = await readCostPromptCache(source, { from_ts: cacheFrom, to_ts: cacheTo });
  return cacheRows.map((r): CacheWeek => {
    const weekStart = dayText(r.weekStart);
    const hits = n(r.hits);
    const misses = n(r.misses);
    return {
      weekStart,
      week: isoWeekOf(new Date(`${weekStart}T00:00:00Z`)).label,
      llmCalls: n(r.llmCalls),
      hits,
      misses,
      uncachedCalls: n(r.uncachedCalls),
      unpricedCalls: n(r.unpricedCalls),
      hitRate: hits + misses > 0 ? hits / (hits + misses) : null,
      cacheReadTokens: n(r.cacheReadTokens),
      cacheWriteTokens: n(r.cacheWriteTokens),
      savedUsd: n(r.savedUsd),
      writePremiumUsd: n(r.writePremiumUsd),
      netSavedUsd: n(r.savedUsd) - n(r.writePremiumUsd),
    };
  });
}

/** The provisioned/on-demand split per month the period touches, all models together and per model. */
async function throughputMonths(source: Source, period: Period, config: CostConfig): Promise<ThroughputMonth[]> {
  const monthFrom = new Date(Date.UTC(period.from.getUTCFullYear(), period.from.getUTCMonth(), 1));
  const last = new Date(period.to.getTime() - 1);
  const monthTo = new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth() + 1, 1));
  const splitRows = await readCostInferenceSplit(source, { from_ts: monthFrom, to_ts: monthTo });
  // One row per month for all models together (the SQL's all_models rows) and one per month and model.
  return splitRows.map((r): ThroughputMonth => {
    const month = dayText(r.month);
    const d = new Date(`${month}T00:00:00Z`);
    const onDemandCalls = n(r.onDemandCalls);
    const provisionedCalls = n(r.provisionedCalls);
    return {
      month: month.slice(0, 7),
      model: n(r.allModels) === 1 ? null : String(r.model),
      days: n(r.days),
      daysInMonth: new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate(),
      onDemandCalls,
      provisionedCalls,
      unknownCalls: n(r.unknownCalls),
      onDemandCostUsd: n(r.onDemandCostUsd),
      provisionedCostUsd: n(r.provisionedCostUsd),
      peakDayOnDemandShare: r.peakDayOnDemandShare === null || r.peakDayOnDemandShare === undefined ? null : n(r.peakDayOnDemandShare),
      review: throughputReview({ onDemandCalls, provisionedCalls }, { alertShare: config.alertOnDemandShare }),
    };
  });
}

/** The period re-priced under a what-if scenario. @throws InputError for a routed model without a price on a day it would run. */
async function repriced(source: Source, period: Period, scenario: WhatIf): Promise<NonNullable<CostReadout['whatIf']>> {
  const reprice = await readCostReprice(
    source,
    { from_ts: period.from, to_ts: period.to },
    {
      relations: { whatif_prices: priceRelation(scenario.prices, 'wp'), whatif_routing: routingRelation(scenario.routing) },
    },
  );
  for (const r of reprice) {
    if (n(r.unpricedWhatif) > 0) {
      throw new InputError(
        scenario.file,
        `model ${r.modelWhatif} has no price in ${scenario.prices.file} on ${dayText(r.firstUnpricedWhatifDay)} (${n(r.unpricedWhatif).toLocaleString('en-US')} ${r.intent} turns from that day on are affected)`,
      );
    }
  }
  return {
    scenario,
    rows: reprice.map((r) => ({
      intent: String(r.intent ?? '(none)'),
      modelNow: String(r.modelNow),
      modelWhatIf: String(r.modelWhatif),
      llmTurns: n(r.llmTurns),
      rejected: n(r.rejected),
      costNowUsd: n(r.costNowUsd),
      costWhatIfUsd: n(r.costWhatifUsd),
    })),
  };
}
