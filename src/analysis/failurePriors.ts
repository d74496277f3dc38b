import { binomialUpperTail } from './binomialUpperTail';
import type { FailureCategory } from './failureCategories';

/** One human-labelled turn the signal rules could not place (they said "no rule matched"). */
export interface UnplacedLabel {
  intent: string | null;
  /** The humans' failure category. */
  category: FailureCategory;
}

/** What the humans most often call an unplaced turn of one intent, kept only when it stands out from chance. */
export interface FailurePrior {
  intent: string;
  category: FailureCategory;
  /** Labelled unplaced turns of the intent, and how many of them the humans gave `category`. */
  n: number;
  k: number;
  /** Exact binomial p-value of k of n under equal shares, Bonferroni-adjusted for the K categories and the intents tried. */
  pValue: number;
}

export interface FailurePriorOptions {
  /** Fewest labelled unplaced turns of an intent before a prior is considered (default 20). */
  minSupport?: number;
  /** Level the top category must stand out at (default 0.05). */
  alpha?: number;
}

/**
 * The last rule of the rule-based categorizer, learned from human labels: for each intent, the failure category the
 * annotators most often gave the turns no signal rule placed. Without a signal the rules can only say `other`; when
 * the labels show that, say, unplaced recommendation turns are mostly bad retrieval, that is the better guess. A prior
 * is kept only when its category stands out from chance: with K categories in use among the intent's unplaced labels,
 * the exact one-sided binomial p-value of k of n under a share of 1/K, times K (the top of K was picked) and times the
 * number of intents with enough support (each was tried), is below alpha. Labels that are spread evenly give no prior,
 * and those turns stay `other`: a prior then cries wolf on at most alpha of warehouses whose labels carry no pattern.
 * Reference: the exact binomial test as SciPy's `binomtest(k, n, 1/K, alternative='greater')`;
 * https://docs.scipy.org/doc/scipy/reference/generated/scipy.stats.binomtest.html
 *
 * @throws RangeError for minSupport below 1 or alpha outside (0, 1).
 * @example
 * failurePriors(Array.from({ length: 30 }, (_, i) => ({ intent: 'recommendation', category: i < 24 ? 'bad_retrieval' : 'missing_info' }))).get('recommendation')?.category // => 'bad_retrieval'
 */
export function failurePriors(labels: readonly UnplacedLabel[], options: FailurePriorOptions = {}): Map<string, FailurePrior> {
  const minSupport = options.minSupport ?? 20;
  const alpha = options.alpha ?? 0.05;
  if (!Number.isInteger(minSupport) || minSupport < 1) throw new RangeError(`minSupport must be a whole number >= 1, got ${minSupport}`);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be between 0 and 1, got ${alpha}`);
  const byIntent = new Map<string, Map<FailureCategory, number>>();
  for (const l of labels) {
    if (l.intent === null || l.category === 'other') continue;
    const counts = byIntent.get(l.intent) ?? byIntent.set(l.intent, new Map()).get(l.intent)!;
    counts.set(l.category, (counts.get(l.category) ?? 0) + 1);
  }
  const out = new Map<string, FailurePrior>();
  const total = (counts: Map<FailureCategory, number>) => [...counts.values()].reduce((s, x) => s + x, 0);
  const tried = [...byIntent].filter(([, counts]) => total(counts) >= minSupport).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  for (const [intent, counts] of tried) {
    const n = total(counts);
    // Ties go to the category first in code-point order, so the prior never depends on input order.
    const [category, k] = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]!;
    const K = Math.max(2, counts.size);
    const pValue = Math.min(1, tried.length * K * binomialUpperTail(k, n, 1 / K));
    if (pValue < alpha) out.set(intent, { intent, category, n, k, pValue });
  }
  return out;
}
