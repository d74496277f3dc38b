/** US-3.1's target shares of the golden set by category. */
export const GOLDEN_TARGET_SHARES: Record<string, number> = {
  recommendation: 0.24,
  product_question: 0.2,
  faq: 0.16,
  order_tracking: 0.12,
  multi_turn: 0.1,
  edge_case: 0.08,
  return: 0.06,
  chitchat: 0.04,
};

export interface CompositionRow {
  category: string;
  entries: number;
  share: number;
  target: number;
  /** share - target, in proportion points (0.01 = 1pp). */
  difference: number;
  withinTolerance: boolean;
}

export interface GoldenComposition {
  entries: number;
  rows: CompositionRow[];
  /** Entries whose category is not a target category (listed, never dropped). */
  uncategorised: number;
  adversarial: number;
  minAdversarial: number;
  adversarialOk: boolean;
  minEntries: number;
  sizeOk: boolean;
  ok: boolean;
}

export interface CompositionOptions {
  targets?: Record<string, number>;
  /** Largest allowed |share - target|. Default 0.02 (2pp). */
  tolerance?: number;
  minAdversarial?: number;
  minEntries?: number;
}

/**
 * Composition of a golden set against its target shares (US-3.1: recommendations 24%, product questions 20%, FAQ
 * 16%, order tracking 12%, multi-turn 10%, edge cases 8%, returns 6%, chitchat 4%), within a tolerance of 2
 * percentage points, with the adversarial count (40+) and the size (500+) checked beside it.
 * Reference: MangaAssist US-3.1 (../shared/seeds).
 *
 * @throws RangeError when the targets do not sum to 1 (within 1e-9) or the tolerance is negative.
 * @example
 * goldenComposition([{ category: 'faq', adversarial: false }], { targets: { faq: 1 }, minEntries: 1, minAdversarial: 0 }).ok // => true
 */
export function goldenComposition(
  entries: { category: string | null; adversarial: boolean }[],
  options: CompositionOptions = {},
): GoldenComposition {
  const targets = options.targets ?? GOLDEN_TARGET_SHARES;
  const tolerance = options.tolerance ?? 0.02;
  const minAdversarial = options.minAdversarial ?? 40;
  const minEntries = options.minEntries ?? 500;
  const sum = Object.values(targets).reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > 1e-9) throw new RangeError(`target shares must sum to 1, got ${sum}`);
  if (!(tolerance >= 0)) throw new RangeError(`tolerance must be non-negative, got ${tolerance}`);
  const counts = new Map<string, number>();
  let uncategorised = 0;
  let adversarial = 0;
  for (const e of entries) {
    if (e.adversarial) adversarial += 1;
    if (e.category !== null && e.category in targets) counts.set(e.category, (counts.get(e.category) ?? 0) + 1);
    else uncategorised += 1;
  }
  const n = entries.length;
  const rows = Object.entries(targets).map(([category, target]) => {
    const k = counts.get(category) ?? 0;
    const share = n > 0 ? k / n : 0;
    // Rounded to 1e-12 so that an exact 2pp difference is within a 2pp tolerance despite binary fractions.
    const difference = Math.round((share - target) * 1e12) / 1e12;
    return { category, entries: k, share, target, difference, withinTolerance: n > 0 && Math.abs(difference) <= tolerance };
  });
  const adversarialOk = adversarial >= minAdversarial;
  const sizeOk = n >= minEntries;
  return {
    entries: n,
    rows,
    uncategorised,
    adversarial,
    minAdversarial,
    adversarialOk,
    minEntries,
    sizeOk,
    ok: sizeOk && adversarialOk && uncategorised === 0 && rows.every((r) => r.withinTolerance),
  };
}
