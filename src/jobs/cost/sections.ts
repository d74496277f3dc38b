import { attributionSection, dailySection } from './spend-sections';
import { bypassSection, tokenSection } from './usage-sections';
import { relativeChange } from '../../analysis/relativeChange';
import type { CostReadout } from './types';
import { formatCell } from '../render/format';
import type { ChartSpec, Finding, ReportTable, Section } from '../report';
import { usd, pct, int, VL } from './wording';

function cacheSection(r: CostReadout): Section {
  const { config } = r;
  const findings: Finding[] = r.cache.map((w) => ({
    id: `cost.cache.${w.week}`,
    metric: 'prompt_cache_hit_rate',
    segment: w.week,
    value: w.hitRate,
    threshold: config.cacheTargetHitRate,
    severity: w.hitRate === null || w.hitRate < config.cacheTargetHitRate ? ('warning' as const) : ('info' as const),
    message:
      w.hitRate === null
        ? `${w.week}: cache hit rate could not be computed, no LLM call read or wrote the cached prefix.`
        : `${w.week}: system-prompt cache hit rate ${pct(w.hitRate)} (${int(w.hits)} of ${int(w.hits + w.misses)} calls), ${w.hitRate >= config.cacheTargetHitRate ? 'meeting' : 'below'} the ${pct(config.cacheTargetHitRate)} target; ${int(w.cacheReadTokens)} tokens read from cache saved ${usd(w.savedUsd)}, writes cost ${usd(w.writePremiumUsd)} more than plain input: net ${usd(w.netSavedUsd)}.`,
  }));
  const table: ReportTable = {
    id: 'cost.cache',
    title: 'Prompt caching by ISO week',
    columns: [
      { key: 'week', label: 'Week' },
      { key: 'calls', label: 'LLM calls', format: 'integer' },
      { key: 'hit_rate', label: 'Hit rate', format: 'percent' },
      { key: 'read', label: 'Tokens read from cache', format: 'integer' },
      { key: 'write', label: 'Tokens written', format: 'integer' },
      { key: 'saved', label: 'Saved on reads', format: 'usd' },
      { key: 'premium', label: 'Write premium', format: 'usd' },
      { key: 'net', label: 'Net saved', format: 'usd' },
    ],
    rows: r.cache.map((w) => ({
      week: w.week,
      calls: w.llmCalls,
      hit_rate: w.hitRate,
      read: w.cacheReadTokens,
      write: w.cacheWriteTokens,
      saved: w.savedUsd,
      premium: w.writePremiumUsd,
      net: w.netSavedUsd,
    })),
    notes: [
      'Hit rate: calls that read the cached system-prompt prefix over calls that read or wrote it. Weeks are whole ISO weeks around the period, so a partial week at the edge of the data shows only its days.',
      ...r.cache
        .filter((w) => w.uncachedCalls > 0)
        .map((w) => `${w.week}: ${int(w.uncachedCalls)} LLM calls neither read nor wrote the cache.`),
    ],
  };
  const chart: ChartSpec = {
    id: 'cost.cache_chart',
    title: 'Prompt-cache hit rate by week',
    vegaLite: {
      $schema: VL,
      title: `System-prompt cache hit rate by ISO week (target ${pct(config.cacheTargetHitRate)})`,
      width: 400,
      height: 180,
      layer: [
        {
          data: { values: r.cache.map((w) => ({ week: w.week, rate: w.hitRate })) },
          mark: { type: 'line', point: true, tooltip: true },
          encoding: {
            x: { field: 'week', type: 'ordinal', title: 'ISO week' },
            y: { field: 'rate', type: 'quantitative', title: 'Hit rate', axis: { format: '%' }, scale: { domain: [0, 1] } },
          },
        },
        {
          data: { values: [{ target: config.cacheTargetHitRate }] },
          mark: { type: 'rule', color: '#e45756', strokeDash: [4, 3] },
          encoding: { y: { field: 'target', type: 'quantitative' } },
        },
      ],
    },
  };
  return { id: 'cost.cache', title: 'Prompt caching', findings, tables: [table], charts: [chart] };
}

function throughputSection(r: CostReadout): Section {
  const { config } = r;
  const findings: Finding[] = r.throughput
    .filter((t) => t.model === null)
    .map((t) => ({
      id: `cost.throughput.${t.month}`,
      metric: 'on_demand_share',
      segment: t.month,
      value: t.review.onDemandShare,
      threshold: config.alertOnDemandShare,
      severity: t.review.alert || t.review.action === 'not_computable' ? ('warning' as const) : ('info' as const),
      message: `${t.month}${t.days < t.daysInMonth ? ` (${t.days} of ${t.daysInMonth} days in the data)` : ''}: ${t.review.reason}. Recommendation: ${t.review.action === 'increase_provisioned' ? 'increase the provisioned commitment' : t.review.action === 'maintain' ? 'keep the provisioned commitment' : 'none'}${t.peakDayOnDemandShare !== null && t.peakDayOnDemandShare > config.alertOnDemandShare ? `; the busiest day reached ${pct(t.peakDayOnDemandShare)} on demand` : ''}.`,
    }));
  const table: ReportTable = {
    id: 'cost.throughput',
    title: 'Provisioned throughput against on-demand, by month',
    columns: [
      { key: 'month', label: 'Month' },
      { key: 'model', label: 'Model' },
      { key: 'days', label: 'Days', format: 'integer' },
      { key: 'provisioned', label: 'Provisioned calls', format: 'integer' },
      { key: 'on_demand', label: 'On-demand calls', format: 'integer' },
      { key: 'share', label: 'On-demand share', format: 'percent' },
      { key: 'peak', label: 'Peak-day on-demand', format: 'percent' },
      { key: 'cost', label: 'On-demand cost', format: 'usd' },
      { key: 'action', label: 'Recommendation' },
    ],
    rows: r.throughput.map((t) => ({
      month: t.month,
      model: t.model ?? 'all models',
      days: t.days,
      provisioned: t.provisionedCalls,
      on_demand: t.onDemandCalls,
      share: t.review.onDemandShare,
      peak: t.peakDayOnDemandShare,
      cost: t.onDemandCostUsd,
      action: t.review.action,
    })),
    notes: [
      `Alert above ${pct(config.alertOnDemandShare)} on demand (provisioned throughput is sized for P95 traffic). Costs are at on-demand list prices; the provisioned commitment is billed by the hour and is not in the price table.`,
      ...r.throughput
        .filter((t) => t.model === null && t.unknownCalls > 0)
        .map((t) => `${t.month}: ${int(t.unknownCalls)} LLM calls have no inference_type and are not in the shares.`),
    ],
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
    findings: [
      {
        id: 'cost.whatif.total',
        severity: 'info',
        metric: 'llm_cost_usd',
        value: whatIf,
        baseline: now,
        message: `Under "${scenario.name}" the LLM cost of ${r.period.label} would have been ${usd(whatIf)} instead of ${usd(now)} (${usd(whatIf - now)}, ${c.computable && c.relative !== null ? formatCell(c.relative, 'change') : 'no relative change'}), with the same token counts.${rejected ? ` ${int(rejected)} rows with rejected token counts are in neither.` : ''}`,
      },
    ],
    tables: [
      {
        id: 'cost.whatif_by_intent',
        title: `Re-priced by intent, ${r.period.label}`,
        columns: [
          { key: 'intent', label: 'Intent' },
          { key: 'models', label: 'Model' },
          { key: 'turns', label: 'LLM turns', format: 'integer' },
          { key: 'now', label: 'Cost as run', format: 'usd' },
          { key: 'whatif', label: 'Cost under what-if', format: 'usd' },
          { key: 'diff', label: 'Difference', format: 'usd' },
          { key: 'change', label: 'Change', format: 'change' },
        ],
        rows: [...byIntent].map(([intent, e]) => {
          const ch = relativeChange(e.whatIf, e.now);
          return {
            intent,
            models: [...new Set(e.moves)].join(', '),
            turns: e.turns,
            now: e.now,
            whatif: e.whatIf,
            diff: e.whatIf - e.now,
            change: ch.computable ? ch.relative : null,
          };
        }),
        notes: [
          `Scenario ${scenario.file}: routing ${
            Object.entries(scenario.routing)
              .map(([i, m]) => `${i} → ${m}`)
              .join(', ') || 'unchanged'
          }; prices from ${scenario.prices.file} (version ${scenario.prices.version}). The estimate keeps every turn's tokens; another model may read or write a different number.`,
        ],
      },
    ],
    charts: [],
  };
}

/** The cost readout as report sections: attribution, daily spikes, token budgets, bypass, caching, throughput, what-if. */
export function costSections(r: CostReadout): Section[] {
  const whatIf = whatIfSection(r);
  return [
    attributionSection(r),
    dailySection(r),
    tokenSection(r),
    bypassSection(r),
    cacheSection(r),
    throughputSection(r),
    ...(whatIf ? [whatIf] : []),
  ];
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
