import { relativeChange } from '../../analysis/relativeChange';
import type { CostReadout, RateComparison, TurnQuality } from './types';
import { formatCell } from '../render/format';
import type { ChartSpec, Finding, ReportTable, Section } from '../report';

const usd = (v: number | null) => formatCell(v, 'usd');
const pct = (v: number | null) => formatCell(v, 'percent');
const int = (v: number | null) => formatCell(v, 'integer');
const STRATEGY_ORDER = ['full', 'reduced', 'minimal'];
const VL = 'https://vega.github.io/schema/vega-lite/v6.json';

function changeText(value: number, baseline: number | null, label: string): string {
  const c = relativeChange(value, baseline);
  if (!c.computable) return `no comparison with ${label}: ${c.reason}`;
  return c.relative === null ? `${label} was $0.00` : `${formatCell(c.relative, 'change')} against ${label} (${usd(baseline)})`;
}

/** thumbs-up share of rated turns, or null when none was rated. */
function thumbsUpRate(q: TurnQuality): number | null {
  const rated = q.thumbsUp + q.thumbsDown;
  return rated > 0 ? q.thumbsUp / rated : null;
}

/** One sentence for a rate comparison the readout computed: both rates, the difference with its 95% CI and p. */
function compareText(c: RateComparison | undefined): string {
  if (!c) return 'no comparison.';
  const { what, a, b, test: z } = c;
  if (a.trials === 0 || b.trials === 0) return `${what}: no comparison, ${c.untestable}.`;
  const ra = a.successes / a.trials;
  const rb = b.successes / b.trials;
  if (!z) return `${what}: ${pct(ra)} on ${a.label} against ${pct(rb)} on ${b.label}; no test (${c.untestable}).`;
  return `${what}: ${pct(ra)} on ${a.label} (${int(a.trials)}) against ${pct(rb)} on ${b.label} (${int(b.trials)}); difference ${(z.difference * 100).toFixed(1)}pp, 95% CI ${(z.interval95[0] * 100).toFixed(1)} to ${(z.interval95[1] * 100).toFixed(1)}pp, ${formatCell(z.pValue, 'pvalue').startsWith('<') ? 'p ' : 'p = '}${formatCell(z.pValue, 'pvalue')}.`;
}

function attributionSection(r: CostReadout): Section {
  const { period, previous, config } = r;
  const findings: Finding[] = [];
  const days = Math.round((period.to.getTime() - period.from.getTime()) / 86_400_000);
  const budget = config.dailyBudgetUsd * days;
  // A period the source covers only in part (a month still running, an extract that starts mid-week) is compared
  // with care: say how many of its days hold data, for this period and the one before.
  const covered = (p: { from: Date; to: Date }) => r.days.filter((d) => {
    const t = Date.parse(`${d.day}T00:00:00Z`);
    return t >= p.from.getTime() && t < p.to.getTime();
  }).length;
  const gaps = [period, previous].map((p) => ({ p, have: covered(p), of: Math.round((p.to.getTime() - p.from.getTime()) / 86_400_000) })).filter((g) => g.have < g.of);
  if (gaps.length > 0) {
    findings.push({
      id: 'cost.coverage', severity: 'warning', metric: 'days_with_data', value: gaps[0]!.have,
      message: `The source holds requests on ${gaps.map((g) => `${g.have} of the ${g.of} days of ${g.p.label}`).join(' and ')}: totals and the budget comparison cover only those days.`,
    });
  }
  findings.push({
    id: 'cost.total', severity: 'info', metric: 'llm_cost_usd', value: r.current.costUsd, baseline: r.prior.costUsd,
    message: `LLM cost ${usd(r.current.costUsd)} in ${period.label} over ${int(r.current.llmRequests)} priced LLM calls; ${changeText(r.current.costUsd, r.prior.llmRequests + r.prior.requests > 0 ? r.prior.costUsd : null, previous.label)}.`,
  });
  findings.push({
    id: 'cost.budget', severity: r.current.costUsd > budget ? 'warning' : 'info', metric: 'llm_cost_usd', value: r.current.costUsd, threshold: budget,
    message: r.current.costUsd > budget
      ? `Over budget: ${usd(r.current.costUsd)} against ${usd(budget)} (${days} day${days === 1 ? '' : 's'} at ${usd(config.dailyBudgetUsd)} a day), ${formatCell(r.current.costUsd / budget - 1, 'change')}.`
      : `Within budget: ${usd(r.current.costUsd)} of ${usd(budget)} (${days} day${days === 1 ? '' : 's'} at ${usd(config.dailyBudgetUsd)} a day), ${pct(r.current.costUsd / budget)} used.`,
  });
  const s = r.sessions.total;
  findings.push({
    id: 'cost.per_session', metric: 'llm_cost_per_session_usd', value: s.costPerSessionUsd, threshold: config.targetCostPerSessionUsd,
    baseline: r.sessions.previous?.costPerSessionUsd ?? null,
    severity: s.costPerSessionUsd === null ? 'warning' : s.costPerSessionUsd > config.targetCostPerSessionUsd ? 'warning' : 'info',
    message: s.costPerSessionUsd === null
      ? `Cost per session could not be computed: no session in ${period.label} could be costed.`
      : `Average LLM cost per session ${usd(s.costPerSessionUsd)} over ${int(s.costedSessions)} sessions, ${s.costPerSessionUsd > config.targetCostPerSessionUsd ? 'above' : 'within'} the ${usd(config.targetCostPerSessionUsd)} target${r.sessions.previous?.costPerSessionUsd != null ? ` (${previous.label}: ${usd(r.sessions.previous.costPerSessionUsd)})` : ''}.`,
  });
  const rejected = r.current.rejectedNegative + r.current.rejectedMissing;
  if (rejected > 0) {
    findings.push({
      id: 'cost.rejected_rows', severity: 'warning', metric: 'rejected_requests', value: rejected,
      message: `${int(rejected)} requests in ${period.label} were rejected and left out of every cost: ${int(r.current.rejectedNegative)} with a negative token count, ${int(r.current.rejectedMissing)} LLM calls with a missing one (${int(s.sessionsNotCosted)} sessions not costed).`,
    });
  }

  const total = r.current.costUsd;
  const breakdownTable = (dim: keyof CostReadout['breakdowns'], label: string): ReportTable => ({
    id: `cost.by_${dim}`,
    title: `LLM cost by ${label}, ${period.label}`,
    columns: [
      { key: 'key', label }, { key: 'requests', label: 'Requests', format: 'integer' }, { key: 'llm', label: 'Priced LLM calls', format: 'integer' },
      { key: 'cost', label: 'Cost', format: 'usd' }, { key: 'share', label: 'Share of cost', format: 'percent' },
      { key: 'per_call', label: 'Cost per LLM call', format: 'usd' }, { key: 'previous', label: previous.label, format: 'usd' }, { key: 'change', label: 'Change', format: 'change' },
    ],
    rows: r.breakdowns[dim].map((b) => {
      const c = relativeChange(b.costUsd, b.previous ? b.previous.costUsd : null);
      return {
        key: b.key, requests: b.requests, llm: b.llmRequests, cost: b.costUsd, share: total > 0 ? b.costUsd / total : null,
        per_call: b.llmRequests > 0 ? b.costUsd / b.llmRequests : null, previous: b.previous ? b.previous.costUsd : null,
        change: c.computable ? c.relative : null,
      };
    }),
    notes: dim === 'model' ? ['Requests answered without an LLM call are listed as "(no LLM call)" and cost nothing.'] : undefined,
  });
  const perSession: ReportTable = {
    id: 'cost.per_session',
    title: `LLM cost per session, ${period.label}`,
    columns: [{ key: 'key', label: 'Segment' }, { key: 'sessions', label: 'Sessions', format: 'integer' }, { key: 'cost', label: 'Cost', format: 'usd' },
      { key: 'per_session', label: 'Cost per session', format: 'usd' }, { key: 'target', label: 'Target', format: 'usd' }],
    rows: [s, ...r.sessions.userType, ...r.sessions.region].map((x) => ({
      key: x.key, sessions: x.costedSessions, cost: x.costUsd, per_session: x.costPerSessionUsd, target: config.targetCostPerSessionUsd,
    })),
    notes: ['A session counts its turns inside the period; a session with a rejected LLM turn is left out of the mean (listed in the findings).'],
  };
  const chart: ChartSpec = {
    id: 'cost.daily_by_intent',
    title: 'LLM cost per day by intent',
    vegaLite: {
      $schema: VL, title: 'LLM cost per day by intent (the days before the period are its trailing window)', width: 600, height: 240,
      data: { values: r.dayIntent.filter((d) => d.costUsd > 0) },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        x: { field: 'day', type: 'ordinal', title: 'Day (UTC)', axis: { labelAngle: -45 } },
        y: { field: 'costUsd', type: 'quantitative', title: 'LLM cost (USD)', stack: 'zero' },
        color: { field: 'intent', type: 'nominal', title: 'Intent' },
      },
    },
  };
  return {
    id: 'cost.attribution', title: 'Cost attribution', findings,
    tables: [breakdownTable('intent', 'Intent'), breakdownTable('model', 'Model'), breakdownTable('user_type', 'User type'), breakdownTable('region', 'Region'), perSession],
    charts: [chart],
  };
}

function dailySection(r: CostReadout): Section {
  const { config } = r;
  const findings: Finding[] = [];
  for (const d of r.days.filter((x) => x.inPeriod)) {
    if (d.ratio === null) {
      findings.push({ id: `cost.spike.${d.day}`, severity: 'info', metric: 'daily_llm_cost_ratio', segment: d.day, value: null, threshold: config.spikeRatio,
        message: `${d.day}: no spike check, ${d.reason}.` });
    } else if (d.spike) {
      findings.push({ id: `cost.spike.${d.day}`, severity: 'warning', metric: 'daily_llm_cost_ratio', segment: d.day, value: d.ratio, threshold: config.spikeRatio, baseline: d.trailingMean,
        message: `${d.day}: LLM cost ${usd(d.value)} is ${d.ratio.toFixed(2)}x the average of the ${config.trailingDays} days before it (${usd(d.trailingMean)}; the day itself excluded), above ${config.spikeRatio}x.` });
    }
  }
  const checked = r.days.filter((x) => x.inPeriod && x.ratio !== null);
  if (checked.length > 0 && !checked.some((d) => d.spike)) {
    const worst = checked.reduce((a, b) => (b.ratio! > a.ratio! ? b : a));
    findings.push({ id: 'cost.spike.none', severity: 'info', metric: 'daily_llm_cost_ratio', value: worst.ratio, threshold: config.spikeRatio,
      message: `No day above ${config.spikeRatio}x its trailing ${config.trailingDays}-day average; the highest was ${worst.day} at ${worst.ratio!.toFixed(2)}x.` });
  }
  const table: ReportTable = {
    id: 'cost.daily',
    title: 'Daily LLM cost against the trailing average',
    columns: [{ key: 'day', label: 'Day' }, { key: 'in_period', label: 'In period' }, { key: 'requests', label: 'Requests', format: 'integer' },
      { key: 'cost', label: 'LLM cost', format: 'usd' }, { key: 'trailing', label: `Trailing ${config.trailingDays}-day mean`, format: 'usd' },
      { key: 'ratio', label: 'Ratio', format: 'number' }, { key: 'spike', label: `Above ${config.spikeRatio}x` }, { key: 'rejected', label: 'Rejected rows', format: 'integer' }],
    rows: r.days.map((d) => ({ day: d.day, in_period: d.inPeriod ? 'yes' : 'window', requests: d.requests, cost: d.value, trailing: d.trailingMean, ratio: d.ratio,
      spike: d.ratio === null ? 'n/a' : d.spike ? 'yes' : 'no', rejected: d.rejected })),
    notes: [`Each day is compared with the mean of the ${config.trailingDays} calendar days before it, the day itself excluded; days missing from the data are left out of the mean, never counted as $0, and a mean needs all ${config.trailingDays} days.`,
      ...r.days.filter((d) => d.reason && d.inPeriod).map((d) => `${d.day}: ${d.reason}.`)],
  };
  const values = r.days.map((d) => ({ day: d.day, cost: d.value, limit: d.trailingMean === null ? null : d.trailingMean * config.spikeRatio, flag: d.spike ? 'spike' : d.inPeriod ? 'period' : 'window' }));
  const chart: ChartSpec = {
    id: 'cost.daily_spikes',
    title: 'Daily LLM cost and the spike line',
    vegaLite: {
      $schema: VL, title: `Daily LLM cost and ${config.spikeRatio}x the trailing ${config.trailingDays}-day mean`, width: 600, height: 220, data: { values },
      layer: [
        { mark: { type: 'bar', tooltip: true }, encoding: { x: { field: 'day', type: 'ordinal', title: 'Day (UTC)', axis: { labelAngle: -45 } },
          y: { field: 'cost', type: 'quantitative', title: 'LLM cost (USD)' }, color: { field: 'flag', type: 'nominal', title: 'Day', scale: { domain: ['window', 'period', 'spike'], range: ['#bbbbbb', '#4c78a8', '#e45756'] } } } },
        { mark: { type: 'line', color: '#222222', strokeDash: [4, 3], point: true }, encoding: { x: { field: 'day', type: 'ordinal' }, y: { field: 'limit', type: 'quantitative' } } },
      ],
    },
  };
  return { id: 'cost.daily', title: 'Daily cost and spikes', findings, tables: [table], charts: [chart] };
}

function tokenSection(r: CostReadout): Section {
  const { config, period } = r;
  const s = r.sessions.total;
  const findings: Finding[] = [];
  const share = s.sessions > 0 ? s.cappedSessions / s.sessions : null;
  findings.push({
    id: 'cost.token_cap', metric: 'capped_session_share', value: share, threshold: config.alertCappedShare,
    severity: share === null ? 'warning' : share > config.alertCappedShare ? 'warning' : 'info',
    message: share === null
      ? `Capped-session share could not be computed: no sessions in ${period.label}.`
      : `${pct(share)} of sessions (${int(s.cappedSessions)} of ${int(s.sessions)}) ran out of their ${int(config.capTokens)}-token budget and were served templates, ${share > config.alertCappedShare ? 'above' : 'within'} the ${pct(config.alertCappedShare)} alert line${share > config.alertCappedShare ? ': a systemic cause or abuse is worth a look' : ''}; ${int(s.degradedSessions)} sessions were degraded at all (reduced or minimal).`,
  });
  if (r.tokens.sessions > 0) {
    findings.push({ id: 'cost.tokens_per_session', severity: 'info', metric: 'tokens_per_session', value: r.tokens.p99,
      message: `Tokens per session (input + output): median ${int(r.tokens.p50)}, P90 ${int(r.tokens.p90)}, P99 ${int(r.tokens.p99)}, max ${int(r.tokens.max)}; ${int(s.sessionsAtCapTokens)} sessions reached ${int(config.capTokens)} tokens by their own count.` });
  }
  const full = r.strategies.find((x) => x.key === 'full');
  for (const key of ['reduced', 'minimal']) {
    const x = r.strategies.find((q) => q.key === key);
    if (!x || !full) continue;
    findings.push({ id: `cost.strategy.${key}`, severity: 'info', metric: 'thumbs_up_rate', segment: key, value: thumbsUpRate(x), baseline: thumbsUpRate(full),
      message: compareText(r.rateComparisons.find((c) => c.id === `cost.strategy.${key}`)) });
  }
  // What the degradation saved: a reduced turn priced against a full LLM turn, a minimal turn at a full turn's cost.
  const fullPerCall = full && full.pricedLlmCalls > 0 ? full.llmCostUsd / full.pricedLlmCalls : null;
  const reduced = r.strategies.find((q) => q.key === 'reduced');
  const minimal = r.strategies.find((q) => q.key === 'minimal');
  if (fullPerCall !== null) {
    const saved = (reduced ? reduced.pricedLlmCalls * fullPerCall - reduced.llmCostUsd : 0) + (minimal ? minimal.turns * fullPerCall : 0);
    findings.push({ id: 'cost.strategy.savings', severity: 'info', metric: 'budget_savings_usd', value: saved,
      message: `The budget's degradation saved about ${usd(saved)} in ${period.label} (${pct(r.current.costUsd + saved > 0 ? saved / (r.current.costUsd + saved) : null)} of what the LLM would have cost), pricing each reduced or minimal turn at a full turn's average ${usd(fullPerCall)}.` });
  }
  const table: ReportTable = {
    id: 'cost.strategies',
    title: `Budget strategies and the quality they delivered, ${period.label}`,
    columns: [{ key: 'strategy', label: 'Strategy' }, { key: 'turns', label: 'Turns', format: 'integer' }, { key: 'llm', label: 'LLM calls', format: 'integer' },
      { key: 'cost_per_call', label: 'Cost per LLM call', format: 'usd' }, { key: 'rated', label: 'Rated', format: 'integer' },
      { key: 'thumbs_up', label: 'Thumbs-up rate', format: 'percent' }, { key: 'escalation', label: 'Escalation rate', format: 'percent' }],
    rows: [...r.strategies].sort((a, b) => STRATEGY_ORDER.indexOf(a.key) - STRATEGY_ORDER.indexOf(b.key)).map((x) => ({ strategy: x.key, turns: x.turns, llm: x.llmCalls, cost_per_call: x.pricedLlmCalls > 0 ? x.llmCostUsd / x.pricedLlmCalls : null,
      rated: x.thumbsUp + x.thumbsDown, thumbs_up: thumbsUpRate(x), escalation: x.turns > 0 ? x.escalations / x.turns : null })),
    notes: ['full: RAG and the routed model; reduced: no RAG, shorter context, Haiku; minimal: a template, no LLM call (the budget ran out).'],
  };
  const percentiles: ReportTable = {
    id: 'cost.token_percentiles',
    title: 'Tokens per session',
    columns: [{ key: 'stat', label: 'Statistic' }, { key: 'value', label: 'Tokens', format: 'integer' }],
    rows: ([['sessions', r.tokens.sessions], ['mean', r.tokens.meanTokens], ['P50', r.tokens.p50], ['P90', r.tokens.p90], ['P99', r.tokens.p99], ['max', r.tokens.max],
      ['budget', config.capTokens]] as [string, number | null][]).map(([stat, value]) => ({ stat, value })),
  };
  const chart: ChartSpec = {
    id: 'cost.token_histogram',
    title: 'Tokens per session',
    vegaLite: {
      $schema: VL, title: `Sessions by tokens used, with the ${config.capTokens}-token budget`, width: 600, height: 200,
      layer: [
        { data: { values: r.tokens.histogram }, mark: { type: 'bar', tooltip: true },
          encoding: { x: { field: 'start', type: 'quantitative', bin: { binned: true, step: config.histogramBucketTokens }, title: 'Tokens per session (input + output)' }, x2: { field: 'end' },
            y: { field: 'sessions', type: 'quantitative', title: 'Sessions', scale: { type: 'symlog' } } } },
        { data: { values: [{ cap: config.capTokens }] }, mark: { type: 'rule', color: '#e45756', strokeWidth: 2 }, encoding: { x: { field: 'cap', type: 'quantitative' } } },
      ],
    },
  };
  return { id: 'cost.tokens', title: 'Token budgets', findings, tables: [percentiles, table], charts: [chart] };
}

function bypassSection(r: CostReadout): Section {
  const { config, period, bypass } = r;
  const findings: Finding[] = [];
  findings.push({
    id: 'cost.bypass_rate', metric: 'llm_bypass_rate', value: bypass.bypassRate, threshold: config.bypassTargetShare,
    severity: bypass.bypassRate === null || bypass.bypassRate <= config.bypassTargetShare ? 'warning' : 'info',
    message: bypass.bypassRate === null
      ? `Bypass rate could not be computed: no turns in ${period.label}.`
      : `${pct(bypass.bypassRate)} of turns skipped the LLM (${int(bypass.bypassedTurns)} of ${int(bypass.turns)}), ${bypass.bypassRate > config.bypassTargetShare ? 'above' : 'at or below'} the ${pct(config.bypassTargetShare)} target.`,
  });
  findings.push({
    id: 'cost.bypass_savings', severity: 'info', metric: 'bypass_savings_usd', value: bypass.estimatedSavingsUsd,
    message: bypass.estimatedSavingsUsd === null
      ? `Bypass savings could not be estimated: ${bypass.intents.find((i) => i.reason)?.reason ?? 'no priced LLM turn'}.`
      : `Bypass saved an estimated ${usd(bypass.estimatedSavingsUsd)} (${pct(bypass.savingsShare)} of what these turns would have cost on the LLM), pricing each bypassed turn at its intent's average LLM cost, or the all-intent average where the intent had fewer than ${config.minLlmTurns} LLM turns.`,
  });
  const byRoute = (route: string) => r.routes.find((x) => x.key === route);
  const bp = byRoute('bypass');
  const llm = byRoute('llm');
  if (bp && llm) {
    findings.push({ id: 'cost.bypass_quality.thumbs_up', severity: 'info', metric: 'thumbs_up_rate', segment: 'bypass', value: thumbsUpRate(bp), baseline: thumbsUpRate(llm),
      message: compareText(r.rateComparisons.find((c) => c.id === 'cost.bypass_quality.thumbs_up')) });
    findings.push({ id: 'cost.bypass_quality.escalation', severity: 'info', metric: 'escalation_rate', segment: 'bypass', value: bp.turns ? bp.escalations / bp.turns : null, baseline: llm.turns ? llm.escalations / llm.turns : null,
      message: compareText(r.rateComparisons.find((c) => c.id === 'cost.bypass_quality.escalation'))
        + ' (the escalation intent is always a template, which raises the bypassed rate by construction).' });
  }
  const quality = new Map(r.intentRoutes.filter((x) => x.route === 'bypass').map((x) => [x.intent, x]));
  const table: ReportTable = {
    id: 'cost.bypass_by_intent',
    title: `LLM bypass by intent, ${period.label}`,
    columns: [{ key: 'intent', label: 'Intent' }, { key: 'turns', label: 'Turns', format: 'integer' }, { key: 'bypassed', label: 'Bypassed', format: 'integer' },
      { key: 'rate', label: 'Bypass rate', format: 'percent' }, { key: 'budget', label: 'Of which budget-capped', format: 'integer' },
      { key: 'thumbs_up', label: 'Thumbs-up (bypassed)', format: 'percent' }, { key: 'escalation', label: 'Escalation (bypassed)', format: 'percent' },
      { key: 'cost_per_turn', label: 'LLM cost per turn', format: 'usd' }, { key: 'basis', label: 'Priced at' }, { key: 'savings', label: 'Estimated savings', format: 'usd' }],
    rows: bypass.intents.map((i) => {
      const q = quality.get(i.intent);
      return { intent: i.intent, turns: i.turns, bypassed: i.bypassedTurns, rate: i.bypassRate, budget: q?.budgetBypassTurns ?? 0,
        thumbs_up: q ? thumbsUpRate(q) : null, escalation: q && q.turns ? q.escalations / q.turns : null, cost_per_turn: i.costPerTurnUsd,
        basis: i.basis === 'intent' ? 'its own LLM turns' : i.basis === 'all_intents' ? 'all-intent average' : 'n/a', savings: i.estimatedSavingsUsd };
    }),
    notes: ['Bypassed: answered by a template, the order API or the response cache. Budget-capped turns are templates because the session budget ran out, not because of the route.'],
  };
  const chart: ChartSpec = {
    id: 'cost.bypass_chart',
    title: 'Bypass rate by intent',
    vegaLite: {
      $schema: VL, title: `Share of turns that skipped the LLM (target above ${pct(config.bypassTargetShare)} overall)`, width: 480, height: 200,
      layer: [
        { data: { values: bypass.intents.map((i) => ({ intent: i.intent, rate: i.bypassRate })) }, mark: { type: 'bar', tooltip: true },
          encoding: { y: { field: 'intent', type: 'nominal', sort: '-x', title: 'Intent' }, x: { field: 'rate', type: 'quantitative', title: 'Bypass rate', axis: { format: '%' } } } },
        { data: { values: [{ target: config.bypassTargetShare }] }, mark: { type: 'rule', color: '#e45756', strokeDash: [4, 3] }, encoding: { x: { field: 'target', type: 'quantitative' } } },
      ],
    },
  };
  return { id: 'cost.bypass', title: 'LLM bypass', findings, tables: [table], charts: [chart] };
}

function cacheSection(r: CostReadout): Section {
  const { config } = r;
  const findings: Finding[] = r.cache.map((w) => ({
    id: `cost.cache.${w.week}`, metric: 'prompt_cache_hit_rate', segment: w.week, value: w.hitRate, threshold: config.cacheTargetHitRate,
    severity: w.hitRate === null || w.hitRate < config.cacheTargetHitRate ? 'warning' as const : 'info' as const,
    message: w.hitRate === null
      ? `${w.week}: cache hit rate could not be computed, no LLM call read or wrote the cached prefix.`
      : `${w.week}: system-prompt cache hit rate ${pct(w.hitRate)} (${int(w.hits)} of ${int(w.hits + w.misses)} calls), ${w.hitRate >= config.cacheTargetHitRate ? 'meeting' : 'below'} the ${pct(config.cacheTargetHitRate)} target; ${int(w.cacheReadTokens)} tokens read from cache saved ${usd(w.savedUsd)}, writes cost ${usd(w.writePremiumUsd)} more than plain input: net ${usd(w.netSavedUsd)}.`,
  }));
  const table: ReportTable = {
    id: 'cost.cache',
    title: 'Prompt caching by ISO week',
    columns: [{ key: 'week', label: 'Week' }, { key: 'calls', label: 'LLM calls', format: 'integer' }, { key: 'hit_rate', label: 'Hit rate', format: 'percent' },
      { key: 'read', label: 'Tokens read from cache', format: 'integer' }, { key: 'write', label: 'Tokens written', format: 'integer' },
      { key: 'saved', label: 'Saved on reads', format: 'usd' }, { key: 'premium', label: 'Write premium', format: 'usd' }, { key: 'net', label: 'Net saved', format: 'usd' }],
    rows: r.cache.map((w) => ({ week: w.week, calls: w.llmCalls, hit_rate: w.hitRate, read: w.cacheReadTokens, write: w.cacheWriteTokens, saved: w.savedUsd, premium: w.writePremiumUsd, net: w.netSavedUsd })),
    notes: ['Hit rate: calls that read the cached system-prompt prefix over calls that read or wrote it. Weeks are whole ISO weeks around the period, so a partial week at the edge of the data shows only its days.',
      ...r.cache.filter((w) => w.uncachedCalls > 0).map((w) => `${w.week}: ${int(w.uncachedCalls)} LLM calls neither read nor wrote the cache.`)],
  };
  const chart: ChartSpec = {
    id: 'cost.cache_chart', title: 'Prompt-cache hit rate by week',
    vegaLite: {
      $schema: VL, title: `System-prompt cache hit rate by ISO week (target ${pct(config.cacheTargetHitRate)})`, width: 400, height: 180,
      layer: [
        { data: { values: r.cache.map((w) => ({ week: w.week, rate: w.hitRate })) }, mark: { type: 'line', point: true, tooltip: true },
          encoding: { x: { field: 'week', type: 'ordinal', title: 'ISO week' }, y: { field: 'rate', type: 'quantitative', title: 'Hit rate', axis: { format: '%' }, scale: { domain: [0, 1] } } } },
        { data: { values: [{ target: config.cacheTargetHitRate }] }, mark: { type: 'rule', color: '#e45756', strokeDash: [4, 3] }, encoding: { y: { field: 'target', type: 'quantitative' } } },
      ],
    },
  };
  return { id: 'cost.cache', title: 'Prompt caching', findings, tables: [table], charts: [chart] };
}

function throughputSection(r: CostReadout): Section {
  const { config } = r;
  const findings: Finding[] = r.throughput.filter((t) => t.model === null).map((t) => ({
    id: `cost.throughput.${t.month}`, metric: 'on_demand_share', segment: t.month, value: t.review.onDemandShare, threshold: config.alertOnDemandShare,
    severity: t.review.alert || t.review.action === 'not_computable' ? 'warning' as const : 'info' as const,
    message: `${t.month}${t.days < t.daysInMonth ? ` (${t.days} of ${t.daysInMonth} days in the data)` : ''}: ${t.review.reason}. Recommendation: ${t.review.action === 'increase_provisioned' ? 'increase the provisioned commitment' : t.review.action === 'maintain' ? 'keep the provisioned commitment' : 'none'}${t.peakDayOnDemandShare !== null && t.peakDayOnDemandShare > config.alertOnDemandShare ? `; the busiest day reached ${pct(t.peakDayOnDemandShare)} on demand` : ''}.`,
  }));
  const table: ReportTable = {
    id: 'cost.throughput',
    title: 'Provisioned throughput against on-demand, by month',
    columns: [{ key: 'month', label: 'Month' }, { key: 'model', label: 'Model' }, { key: 'days', label: 'Days', format: 'integer' },
      { key: 'provisioned', label: 'Provisioned calls', format: 'integer' }, { key: 'on_demand', label: 'On-demand calls', format: 'integer' },
      { key: 'share', label: 'On-demand share', format: 'percent' }, { key: 'peak', label: 'Peak-day on-demand', format: 'percent' },
      { key: 'cost', label: 'On-demand cost', format: 'usd' }, { key: 'action', label: 'Recommendation' }],
    rows: r.throughput.map((t) => ({ month: t.month, model: t.model ?? 'all models', days: t.days, provisioned: t.provisionedCalls, on_demand: t.onDemandCalls,
      share: t.review.onDemandShare, peak: t.peakDayOnDemandShare, cost: t.onDemandCostUsd, action: t.review.action })),
    notes: [`Alert above ${pct(config.alertOnDemandShare)} on demand (provisioned throughput is sized for P95 traffic). Costs are at on-demand list prices; the provisioned commitment is billed by the hour and is not in the price table.`,
      ...r.throughput.filter((t) => t.model === null && t.unknownCalls > 0).map((t) => `${t.month}: ${int(t.unknownCalls)} LLM calls have no inference_type and are not in the shares.`)],
  };
  return { id: 'cost.throughput', title: 'Provisioned throughput', findings, tables: [table], charts: [] };
}

function whatIfSection(r: CostReadout): Section | undefined {
  if (!r.whatIf) return undefined;
  const { scenario, rows } = r.whatIf;
  const byIntent = new Map<string, { now: number; whatIf: number; turns: number; moves: string[] }>();
  for (const x of rows) {
    const e = byIntent.get(x.intent) ?? { now: 0, whatIf: 0, turns: 0, moves: [] };
    e.now += x.costNowUsd;
    e.whatIf += x.costWhatIfUsd;
    e.turns += x.llmTurns;
    e.moves.push(x.modelNow === x.modelWhatIf ? x.modelNow : `${x.modelNow} → ${x.modelWhatIf}`);
    byIntent.set(x.intent, e);
  }
  const now = rows.reduce((s, x) => s + x.costNowUsd, 0);
  const whatIf = rows.reduce((s, x) => s + x.costWhatIfUsd, 0);
  const rejected = rows.reduce((s, x) => s + x.rejected, 0);
  const c = relativeChange(whatIf, now);
  return {
    id: 'cost.whatif',
    title: `What-if: ${scenario.name}`,
    findings: [{ id: 'cost.whatif.total', severity: 'info', metric: 'llm_cost_usd', value: whatIf, baseline: now,
      message: `Under "${scenario.name}" the LLM cost of ${r.period.label} would have been ${usd(whatIf)} instead of ${usd(now)} (${usd(whatIf - now)}, ${c.computable && c.relative !== null ? formatCell(c.relative, 'change') : 'no relative change'}), with the same token counts.${rejected ? ` ${int(rejected)} rows with rejected token counts are in neither.` : ''}` }],
    tables: [{
      id: 'cost.whatif_by_intent',
      title: `Re-priced by intent, ${r.period.label}`,
      columns: [{ key: 'intent', label: 'Intent' }, { key: 'models', label: 'Model' }, { key: 'turns', label: 'LLM turns', format: 'integer' },
        { key: 'now', label: 'Cost as run', format: 'usd' }, { key: 'whatif', label: 'Cost under what-if', format: 'usd' },
        { key: 'diff', label: 'Difference', format: 'usd' }, { key: 'change', label: 'Change', format: 'change' }],
      rows: [...byIntent].map(([intent, e]) => {
        const ch = relativeChange(e.whatIf, e.now);
        return { intent, models: [...new Set(e.moves)].join(', '), turns: e.turns, now: e.now, whatif: e.whatIf, diff: e.whatIf - e.now, change: ch.computable ? ch.relative : null };
      }),
      notes: [`Scenario ${scenario.file}: routing ${Object.entries(scenario.routing).map(([i, m]) => `${i} → ${m}`).join(', ') || 'unchanged'}; prices from ${scenario.prices.file} (version ${scenario.prices.version}). The estimate keeps every turn's tokens; another model may read or write a different number.`],
    }],
    charts: [],
  };
}

/** The cost readout as report sections: attribution, daily spikes, token budgets, bypass, caching, throughput, what-if. */
export function costSections(r: CostReadout): Section[] {
  const whatIf = whatIfSection(r);
  return [attributionSection(r), dailySection(r), tokenSection(r), bypassSection(r), cacheSection(r), throughputSection(r), ...(whatIf ? [whatIf] : [])];
}

/**
 * The weekly report's Cost section: the cost readout's headline findings (total against budget and the week before,
 * cost per session, daily spikes, token cap, bypass and cache rates, on-demand share), cost by intent, and the
 * daily charts. The full detail is `mangalab report cost`.
 */
export function costSummarySection(r: CostReadout): Section {
  const parts = new Map(costSections(r).map((s) => [s.id, s]));
  const get = (id: string) => parts.get(id)!;
  const findings = [
    ...get('cost.attribution').findings,
    ...get('cost.daily').findings.filter((f) => f.severity !== 'info' || f.id === 'cost.spike.none'),
    get('cost.tokens').findings[0]!,
    get('cost.bypass').findings[0]!,
    get('cost.bypass').findings[1]!,
    ...get('cost.cache').findings.filter((f) => f.segment === r.period.label),
    ...get('cost.throughput').findings,
  ];
  return {
    id: 'cost',
    title: 'Cost',
    findings,
    tables: [get('cost.attribution').tables[0]!],
    charts: [...get('cost.attribution').charts, ...get('cost.daily').charts],
  };
}
