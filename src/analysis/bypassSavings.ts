/** One intent's turns in a period, split by whether the LLM answered them. */
export interface IntentTurns {
  intent: string;
  turns: number;
  /** Turns a template, the order API or the response cache answered. */
  bypassedTurns: number;
  /** Turns the LLM answered and that could be priced. */
  llmTurns: number;
  /** Cost of those LLM turns, USD. */
  llmCostUsd: number;
}

export interface BypassSavingsOptions {
  /** Fewest priced LLM turns of an intent before its own average cost is used. Default 30. */
  minLlmTurns?: number;
}

export interface IntentBypass {
  intent: string;
  turns: number;
  bypassedTurns: number;
  /** bypassedTurns / turns, or null when the intent had no turns. */
  bypassRate: number | null;
  /** The LLM cost a bypassed turn is priced at, or null when no LLM turn anywhere was priced. */
  costPerTurnUsd: number | null;
  /** 'intent': the intent's own LLM turns; 'all_intents': too few of its own, so the all-intent average. */
  basis: 'intent' | 'all_intents' | null;
  /** bypassedTurns x costPerTurnUsd, or null with `reason`. */
  estimatedSavingsUsd: number | null;
  reason?: string;
}

export interface BypassSavingsResult {
  intents: IntentBypass[];
  turns: number;
  bypassedTurns: number;
  /** Overall share of turns that skipped the LLM (US-6.3 target: above 40%), null for no turns. */
  bypassRate: number | null;
  llmCostUsd: number;
  /** Sum of the intents' estimated savings, null when any intent's could not be estimated. */
  estimatedSavingsUsd: number | null;
  /** Savings as a share of what the LLM would have cost without bypass: savings / (llmCost + savings). */
  savingsShare: number | null;
}

/**
 * LLM-bypass rate and its estimated savings (US-6.3): each intent's bypassed turns priced at that intent's average
 * LLM cost per turn; an intent with fewer than `minLlmTurns` priced LLM turns (one that is always bypassed, say) is
 * priced at the all-intent average instead, and says so in `basis`. The estimate assumes a bypassed turn would
 * have cost what the intent's LLM turns cost. No rows: zero savings (nothing was bypassed), null rate and share.
 * Reference: MangaAssist US-6.3 (../shared/seeds), savings by per-intent average cost.
 *
 * @throws RangeError for negative or fractional counts, bypassed or LLM turns above the turns, a negative cost, or
 * an intent listed twice.
 * @example
 * bypassSavings([
 *   { intent: 'faq', turns: 100, bypassedTurns: 60, llmTurns: 40, llmCostUsd: 0.4 },
 *   { intent: 'chitchat', turns: 50, bypassedTurns: 50, llmTurns: 0, llmCostUsd: 0 },
 * ]).estimatedSavingsUsd // => 1.1 (60 x $0.01 + 50 x $0.01, chitchat at the all-intent average)
 */
export function bypassSavings(rows: IntentTurns[], options: BypassSavingsOptions = {}): BypassSavingsResult {
  const minLlmTurns = options.minLlmTurns ?? 30;
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.intent)) throw new RangeError(`intent ${r.intent} is listed twice`);
    seen.add(r.intent);
    for (const key of ['turns', 'bypassedTurns', 'llmTurns'] as const) {
      if (!Number.isInteger(r[key]) || r[key] < 0) throw new RangeError(`${r.intent}: ${key} must be a whole number from 0, got ${r[key]}`);
    }
    if (r.bypassedTurns > r.turns || r.llmTurns > r.turns)
      throw new RangeError(`${r.intent}: bypassed and LLM turns cannot exceed the ${r.turns} turns`);
    if (!(r.llmCostUsd >= 0) || !Number.isFinite(r.llmCostUsd))
      throw new RangeError(`${r.intent}: llmCostUsd must be a non-negative number, got ${r.llmCostUsd}`);
  }
  const turns = rows.reduce((s, r) => s + r.turns, 0);
  const bypassedTurns = rows.reduce((s, r) => s + r.bypassedTurns, 0);
  const llmTurns = rows.reduce((s, r) => s + r.llmTurns, 0);
  const llmCostUsd = rows.reduce((s, r) => s + r.llmCostUsd, 0);
  const overall = llmTurns > 0 ? llmCostUsd / llmTurns : null;
  const intents = rows.map((r): IntentBypass => {
    const bypassRate = r.turns > 0 ? r.bypassedTurns / r.turns : null;
    const own = r.llmTurns >= minLlmTurns && r.llmTurns > 0;
    const costPerTurnUsd = own ? r.llmCostUsd / r.llmTurns : overall;
    const basis = own ? 'intent' : overall === null ? null : 'all_intents';
    if (costPerTurnUsd === null) {
      return {
        intent: r.intent,
        turns: r.turns,
        bypassedTurns: r.bypassedTurns,
        bypassRate,
        costPerTurnUsd,
        basis,
        estimatedSavingsUsd: null,
        reason: 'no LLM turn in the period was priced, so a bypassed turn has no cost to be compared with',
      };
    }
    return {
      intent: r.intent,
      turns: r.turns,
      bypassedTurns: r.bypassedTurns,
      bypassRate,
      costPerTurnUsd,
      basis,
      estimatedSavingsUsd: r.bypassedTurns * costPerTurnUsd,
    };
  });
  const estimatedSavingsUsd = intents.some((i) => i.estimatedSavingsUsd === null)
    ? null
    : intents.reduce((s, i) => s + i.estimatedSavingsUsd!, 0);
  const savingsShare =
    estimatedSavingsUsd === null || llmCostUsd + estimatedSavingsUsd === 0
      ? null
      : estimatedSavingsUsd / (llmCostUsd + estimatedSavingsUsd);
  return {
    intents,
    turns,
    bypassedTurns,
    bypassRate: turns > 0 ? bypassedTurns / turns : null,
    llmCostUsd,
    estimatedSavingsUsd,
    savingsShare,
  };
}
