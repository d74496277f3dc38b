import type { CostReadout } from './types';
import type { ChartSpec, Finding, ReportTable, Section } from '../report';
import { usd, pct, int, STRATEGY_ORDER, VL, thumbsUpRate, compareText } from './wording';

export function tokenSection(r: CostReadout): Section {
  const { config, period } = r;
  const s = r.sessions.total;
  const findings: Finding[] = [];
  const share = s.sessions > 0 ? s.cappedSessions / s.sessions : null;
  findings.push({
    id: 'cost.token_cap',
    metric: 'capped_session_share',
    value: share,
    threshold: config.alertCappedShare,
    impact: { users: s.cappedSessions },
    ...(share !== null && share > config.alertCappedShare
      ? { action: { text: 'Look at the capped sessions for a systemic cause or abuse before raising the budget.', owner: 'cost owner' } }
      : {}),
    severity: share === null ? 'warning' : share > config.alertCappedShare ? 'warning' : 'info',
    message:
      share === null
        ? `Capped-session share could not be computed: no sessions in ${period.label}.`
        : `${pct(share)} of sessions (${int(s.cappedSessions)} of ${int(s.sessions)}) ran out of their ${int(config.capTokens)}-token budget and were served templates, ${share > config.alertCappedShare ? 'above' : 'within'} the ${pct(config.alertCappedShare)} alert line${share > config.alertCappedShare ? ': a systemic cause or abuse is worth a look' : ''}; ${int(s.degradedSessions)} sessions were degraded at all (reduced or minimal).`,
  });
  if (r.tokens.sessions > 0) {
    findings.push({
      id: 'cost.tokens_per_session',
      severity: 'info',
      metric: 'tokens_per_session',
      value: r.tokens.p99,
      message: `Tokens per session (input + output): median ${int(r.tokens.p50)}, P90 ${int(r.tokens.p90)}, P99 ${int(r.tokens.p99)}, max ${int(r.tokens.max)}; ${int(s.sessionsAtCapTokens)} sessions reached ${int(config.capTokens)} tokens by their own count.`,
    });
  }
  const full = r.strategies.find((x) => x.key === 'full');
  for (const key of ['reduced', 'minimal']) {
    const x = r.strategies.find((q) => q.key === key);
    if (!x || !full) continue;
    findings.push({
      id: `cost.strategy.${key}`,
      severity: 'info',
      metric: 'thumbs_up_rate',
      segment: key,
      value: thumbsUpRate(x),
      baseline: thumbsUpRate(full),
      message: compareText(r.rateComparisons.find((c) => c.id === `cost.strategy.${key}`)),
    });
  }
  // What the degradation saved: a reduced turn priced against a full LLM turn, a minimal turn at a full turn's cost.
  const fullPerCall = full && full.pricedLlmCalls > 0 ? full.llmCostUsd / full.pricedLlmCalls : null;
  const reduced = r.strategies.find((q) => q.key === 'reduced');
  const minimal = r.strategies.find((q) => q.key === 'minimal');
  if (fullPerCall !== null) {
    const saved = (reduced ? reduced.pricedLlmCalls * fullPerCall - reduced.llmCostUsd : 0) + (minimal ? minimal.turns * fullPerCall : 0);
    findings.push({
      id: 'cost.strategy.savings',
      severity: 'info',
      metric: 'budget_savings_usd',
      value: saved,
      message: `The budget's degradation saved about ${usd(saved)} in ${period.label} (${pct(r.current.costUsd + saved > 0 ? saved / (r.current.costUsd + saved) : null)} of what the LLM would have cost), pricing each reduced or minimal turn at a full turn's average ${usd(fullPerCall)}.`,
    });
  }
  const table: ReportTable = {
    id: 'cost.strategies',
    title: `Budget strategies and the quality they delivered, ${period.label}`,
    columns: [
      { key: 'strategy', label: 'Strategy' },
      { key: 'turns', label: 'Turns', format: 'integer' },
      { key: 'llm', label: 'LLM calls', format: 'integer' },
      { key: 'cost_per_call', label: 'Cost per LLM call', format: 'usd' },
      { key: 'rated', label: 'Rated', format: 'integer' },
      { key: 'thumbs_up', label: 'Thumbs-up rate', format: 'percent' },
      { key: 'escalation', label: 'Escalation rate', format: 'percent' },
    ],
    rows: [...r.strategies]
      .sort((a, b) => STRATEGY_ORDER.indexOf(a.key) - STRATEGY_ORDER.indexOf(b.key))
      .map((x) => ({
        strategy: x.key,
        turns: x.turns,
        llm: x.llmCalls,
        cost_per_call: x.pricedLlmCalls > 0 ? x.llmCostUsd / x.pricedLlmCalls : null,
        rated: x.thumbsUp + x.thumbsDown,
        thumbs_up: thumbsUpRate(x),
        escalation: x.turns > 0 ? x.escalations / x.turns : null,
      })),
    notes: [
      'full: RAG and the routed model; reduced: no RAG, shorter context, Haiku; minimal: a template, no LLM call (the budget ran out).',
    ],
  };
  const percentiles: ReportTable = {
    id: 'cost.token_percentiles',
    title: 'Tokens per session',
    columns: [
      { key: 'stat', label: 'Statistic' },
      { key: 'value', label: 'Tokens', format: 'integer' },
    ],
    rows: (
      [
        ['sessions', r.tokens.sessions],
        ['mean', r.tokens.meanTokens],
        ['P50', r.tokens.p50],
        ['P90', r.tokens.p90],
        ['P99', r.tokens.p99],
        ['max', r.tokens.max],
        ['budget', config.capTokens],
      ] as [string, number | null][]
    ).map(([stat, value]) => ({ stat, value })),
  };
  const chart: ChartSpec = {
    id: 'cost.token_histogram',
    title: 'Tokens per session',
    vegaLite: {
      $schema: VL,
      title: `Sessions by tokens used, with the ${config.capTokens}-token budget`,
      width: 600,
      height: 200,
      layer: [
        {
          data: { values: r.tokens.histogram },
          mark: { type: 'bar', tooltip: true },
          encoding: {
            x: {
              field: 'start',
              type: 'quantitative',
              bin: { binned: true, step: config.histogramBucketTokens },
              title: 'Tokens per session (input + output)',
            },
            x2: { field: 'end' },
            y: { field: 'sessions', type: 'quantitative', title: 'Sessions', scale: { type: 'symlog' } },
          },
        },
        {
          data: { values: [{ cap: config.capTokens }] },
          mark: { type: 'rule', color: '#e45756', strokeWidth: 2 },
          encoding: { x: { field: 'cap', type: 'quantitative' } },
        },
      ],
    },
  };
  return { id: 'cost.tokens', title: 'Token budgets', findings, tables: [percentiles, table], charts: [chart] };
}

export function bypassSection(r: CostReadout): Section {
  const { config, period, bypass } = r;
  const findings: Finding[] = [];
  findings.push({
    id: 'cost.bypass_rate',
    metric: 'llm_bypass_rate',
    value: bypass.bypassRate,
    threshold: config.bypassTargetShare,
    severity: bypass.bypassRate === null || bypass.bypassRate <= config.bypassTargetShare ? 'warning' : 'info',
    message:
      bypass.bypassRate === null
        ? `Bypass rate could not be computed: no turns in ${period.label}.`
        : `${pct(bypass.bypassRate)} of turns skipped the LLM (${int(bypass.bypassedTurns)} of ${int(bypass.turns)}), ${bypass.bypassRate > config.bypassTargetShare ? 'above' : 'at or below'} the ${pct(config.bypassTargetShare)} target.`,
  });
  findings.push({
    id: 'cost.bypass_savings',
    severity: 'info',
    metric: 'bypass_savings_usd',
    value: bypass.estimatedSavingsUsd,
    message:
      bypass.estimatedSavingsUsd === null
        ? `Bypass savings could not be estimated: ${bypass.intents.find((i) => i.reason)?.reason ?? 'no priced LLM turn'}.`
        : `Bypass saved an estimated ${usd(bypass.estimatedSavingsUsd)} (${pct(bypass.savingsShare)} of what these turns would have cost on the LLM), pricing each bypassed turn at its intent's average LLM cost, or the all-intent average where the intent had fewer than ${config.minLlmTurns} LLM turns.`,
  });
  const byRoute = (route: string) => r.routes.find((x) => x.key === route);
  const bp = byRoute('bypass');
  const llm = byRoute('llm');
  if (bp && llm) {
    findings.push({
      id: 'cost.bypass_quality.thumbs_up',
      severity: 'info',
      metric: 'thumbs_up_rate',
      segment: 'bypass',
      value: thumbsUpRate(bp),
      baseline: thumbsUpRate(llm),
      message: compareText(r.rateComparisons.find((c) => c.id === 'cost.bypass_quality.thumbs_up')),
    });
    findings.push({
      id: 'cost.bypass_quality.escalation',
      severity: 'info',
      metric: 'escalation_rate',
      segment: 'bypass',
      value: bp.turns ? bp.escalations / bp.turns : null,
      baseline: llm.turns ? llm.escalations / llm.turns : null,
      message:
        compareText(r.rateComparisons.find((c) => c.id === 'cost.bypass_quality.escalation')) +
        ' (the escalation intent is always a template, which raises the bypassed rate by construction).',
    });
  }
  const quality = new Map(r.intentRoutes.filter((x) => x.route === 'bypass').map((x) => [x.intent, x]));
  const table: ReportTable = {
    id: 'cost.bypass_by_intent',
    title: `LLM bypass by intent, ${period.label}`,
    columns: [
      { key: 'intent', label: 'Intent' },
      { key: 'turns', label: 'Turns', format: 'integer' },
      { key: 'bypassed', label: 'Bypassed', format: 'integer' },
      { key: 'rate', label: 'Bypass rate', format: 'percent' },
      { key: 'budget', label: 'Of which budget-capped', format: 'integer' },
      { key: 'thumbs_up', label: 'Thumbs-up (bypassed)', format: 'percent' },
      { key: 'escalation', label: 'Escalation (bypassed)', format: 'percent' },
      { key: 'cost_per_turn', label: 'LLM cost per turn', format: 'usd' },
      { key: 'basis', label: 'Priced at' },
      { key: 'savings', label: 'Estimated savings', format: 'usd' },
    ],
    rows: bypass.intents.map((i) => {
      const q = quality.get(i.intent);
      return {
        intent: i.intent,
        turns: i.turns,
        bypassed: i.bypassedTurns,
        rate: i.bypassRate,
        budget: q?.budgetBypassTurns ?? 0,
        thumbs_up: q ? thumbsUpRate(q) : null,
        escalation: q && q.turns ? q.escalations / q.turns : null,
        cost_per_turn: i.costPerTurnUsd,
        basis: i.basis === 'intent' ? 'its own LLM turns' : i.basis === 'all_intents' ? 'all-intent average' : 'n/a',
        savings: i.estimatedSavingsUsd,
      };
    }),
    notes: [
      'Bypassed: answered by a template, the order API or the response cache. Budget-capped turns are templates because the session budget ran out, not because of the route.',
    ],
  };
  const chart: ChartSpec = {
    id: 'cost.bypass_chart',
    title: 'Bypass rate by intent',
    vegaLite: {
      $schema: VL,
      title: `Share of turns that skipped the LLM (target above ${pct(config.bypassTargetShare)} overall)`,
      width: 480,
      height: 200,
      layer: [
        {
          data: { values: bypass.intents.map((i) => ({ intent: i.intent, rate: i.bypassRate })) },
          mark: { type: 'bar', tooltip: true },
          encoding: {
            y: { field: 'intent', type: 'nominal', sort: '-x', title: 'Intent' },
            x: { field: 'rate', type: 'quantitative', title: 'Bypass rate', axis: { format: '%' } },
          },
        },
        {
          data: { values: [{ target: config.bypassTargetShare }] },
          mark: { type: 'rule', color: '#e45756', strokeDash: [4, 3] },
          encoding: { x: { field: 'target', type: 'quantitative' } },
        },
      ],
    },
  };
  return { id: 'cost.bypass', title: 'LLM bypass', findings, tables: [table], charts: [chart] };
}
