import { FAILURE_CATEGORIES, type FailureCategory } from './failureCategories';

/** Negative turns of one category in one period, as counted in the warehouse (several groups may share a category). */
export interface CategoryCount {
  period: 'current' | 'previous';
  category: FailureCategory;
  turns: number;
  /** Of those turns, how many were escalated to a human agent. */
  escalations: number;
  /**
   * Unconverted sessions the turns belong to, each session split evenly over its negative turns (so a session counts
   * once however many failures it had).
   */
  unconvertedSessions: number;
  /** A few trace ids to open. */
  examples: string[];
}

export interface ImpactOptions {
  /** Revenue of an average order, USD. */
  averageOrderValueUsd: number;
  /** Cost of one escalation to a human agent, USD. */
  escalationCostUsd: number;
  /** Conversion rate of sessions without any negative signal in the period: what an unconverted session forwent. */
  baselineConversion: number;
  /** How many categories the top lists hold (default 5). */
  top?: number;
}

export interface CategorySummary {
  category: FailureCategory;
  turns: number;
  share: number;
  previousTurns: number;
  /** Relative week-over-week change of the count; null when the previous period had none. */
  change: number | null;
  escalations: number;
  unconvertedSessions: number;
  /** escalations x escalation cost + unconverted sessions x baseline conversion x average order value. */
  impactUsd: number;
  examples: string[];
}

export interface ErrorSummary {
  total: number;
  previousTotal: number;
  /** Every category with at least one turn in either period, by count. */
  categories: CategorySummary[];
  byFrequency: CategorySummary[];
  byImpact: CategorySummary[];
  totalImpactUsd: number;
}

/**
 * Ranks failure categories for the weekly error report (US-8.2): counts, shares and week-over-week change, and a
 * business impact in dollars: each escalation costs an agent contact, and each unconverted session with a failure
 * forwent the orders a clean session brings (baseline conversion x average order value). Top lists by frequency and by
 * impact; ties broken by the category order. Examples keep the first three trace ids seen, current period first.
 * Reference: MangaAssist US-8.2 (../shared/seeds); the impact definition is written out in docs/errors.md.
 *
 * Degenerate input: no counts give totals of 0 and empty lists (the report says there were no negative signals).
 * @throws RangeError for a negative or non-finite count or option.
 * @example
 * errorSummary([{ period: 'current', category: 'hallucination', turns: 10, escalations: 2, unconvertedSessions: 5, examples: ['t1'] }], { averageOrderValueUsd: 40, escalationCostUsd: 5, baselineConversion: 0.1 }).totalImpactUsd // => 30
 */
export function errorSummary(counts: readonly CategoryCount[], options: ImpactOptions): ErrorSummary {
  for (const [k, v] of Object.entries({
    averageOrderValueUsd: options.averageOrderValueUsd,
    escalationCostUsd: options.escalationCostUsd,
    baselineConversion: options.baselineConversion,
  })) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`${k} must be a non-negative number, got ${v}`);
  }
  const by = new Map<FailureCategory, CategorySummary>();
  for (const c of [...counts].sort((a, b) => (a.period === b.period ? 0 : a.period === 'current' ? -1 : 1))) {
    for (const [k, v] of [
      ['turns', c.turns],
      ['escalations', c.escalations],
      ['unconvertedSessions', c.unconvertedSessions],
    ] as const) {
      if (!Number.isFinite(v) || v < 0) throw new RangeError(`${c.category} (${c.period}): ${k} must be a non-negative number, got ${v}`);
    }
    const s = by.get(c.category) ?? {
      category: c.category,
      turns: 0,
      share: 0,
      previousTurns: 0,
      change: null,
      escalations: 0,
      unconvertedSessions: 0,
      impactUsd: 0,
      examples: [],
    };
    by.set(c.category, s);
    if (c.period === 'previous') {
      s.previousTurns += c.turns;
      continue;
    }
    s.turns += c.turns;
    s.escalations += c.escalations;
    s.unconvertedSessions += c.unconvertedSessions;
    for (const e of c.examples) if (s.examples.length < 3 && !s.examples.includes(e)) s.examples.push(e);
  }
  const all = [...by.values()];
  const total = all.reduce((t, s) => t + s.turns, 0);
  const previousTotal = all.reduce((t, s) => t + s.previousTurns, 0);
  for (const s of all) {
    s.share = total > 0 ? s.turns / total : 0;
    s.change = s.previousTurns > 0 ? s.turns / s.previousTurns - 1 : null;
    s.impactUsd =
      s.escalations * options.escalationCostUsd + s.unconvertedSessions * options.baselineConversion * options.averageOrderValueUsd;
  }
  const order = (c: FailureCategory) => FAILURE_CATEGORIES.indexOf(c);
  const top = options.top ?? 5;
  const current = all.filter((s) => s.turns > 0);
  return {
    total,
    previousTotal,
    categories: [...all].sort((a, b) => b.turns - a.turns || order(a.category) - order(b.category)),
    byFrequency: [...current].sort((a, b) => b.turns - a.turns || order(a.category) - order(b.category)).slice(0, top),
    byImpact: [...current].sort((a, b) => b.impactUsd - a.impactUsd || order(a.category) - order(b.category)).slice(0, top),
    totalImpactUsd: all.reduce((t, s) => t + s.impactUsd, 0),
  };
}
