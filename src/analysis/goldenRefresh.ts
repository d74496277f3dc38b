import { goldenComposition, type CompositionOptions, type GoldenComposition } from './goldenComposition';

/** A golden entry as the refresh sees it: its id, composition category, adversarial flag and referenced products. */
export interface RefreshEntry {
  queryId: string;
  category: string | null;
  adversarial: boolean;
  products: string[];
}

/** A replacement candidate: a recent production turn (already PII-redacted) and the category it would fill. */
export interface RefreshCandidate {
  traceId: string;
  category: string | null;
  message: string;
  why: string;
}

export interface GoldenRefreshPlan {
  /** Entries referring to at least one product missing from the catalog, with those products. */
  stale: { queryId: string; category: string | null; missing: string[] }[];
  /** Each stale entry paired with the candidate that replaces it (same category, first unused in candidate order). */
  swaps: { queryId: string; traceId: string; category: string | null }[];
  /** Stale entries no candidate of their category was left for. */
  unreplaced: string[];
  before: GoldenComposition;
  after: GoldenComposition;
}

/**
 * Plans a golden set's quarterly refresh (US-3.1): finds the entries whose referenced products are no longer in the
 * catalog, pairs each with a candidate of the same category (candidates are used in the order given, each once),
 * and gives the composition before and after the swap. A replacement is not adversarial, so swapping an adversarial
 * entry lowers the adversarial count, which the composition then shows. Entries without products are never stale.
 * Reference: MangaAssist US-3.1 (../shared/seeds).
 *
 * @throws never: an empty set or catalog gives an empty plan (an empty catalog makes every product stale).
 * @example
 * goldenRefresh([{ queryId: 'q1', category: 'faq', adversarial: false, products: ['B0X'] }], new Set(), [{ traceId: 't1', category: 'faq', message: 'hi', why: 'escalated' }], { targets: { faq: 1 }, minEntries: 1, minAdversarial: 0 }).swaps
 * // => [{ queryId: 'q1', traceId: 't1', category: 'faq' }]
 */
export function goldenRefresh(
  entries: RefreshEntry[],
  catalog: ReadonlySet<string>,
  candidates: RefreshCandidate[],
  options: CompositionOptions = {},
): GoldenRefreshPlan {
  const stale = entries
    .map((e) => ({ queryId: e.queryId, category: e.category, missing: [...new Set(e.products.filter((p) => !catalog.has(p)))] }))
    .filter((s) => s.missing.length > 0);
  const used = new Set<number>();
  const swaps: GoldenRefreshPlan['swaps'] = [];
  const unreplaced: string[] = [];
  for (const s of stale) {
    const k = candidates.findIndex((c, i) => !used.has(i) && c.category === s.category);
    if (k < 0) {
      unreplaced.push(s.queryId);
      continue;
    }
    used.add(k);
    swaps.push({ queryId: s.queryId, traceId: candidates[k]!.traceId, category: s.category });
  }
  const swapped = new Set(swaps.map((s) => s.queryId));
  const kept = entries.filter((e) => !swapped.has(e.queryId)).map((e) => ({ category: e.category, adversarial: e.adversarial }));
  const added = swaps.map((s) => ({ category: s.category, adversarial: false }));
  return {
    stale,
    swaps,
    unreplaced,
    before: goldenComposition(
      entries.map((e) => ({ category: e.category, adversarial: e.adversarial })),
      options,
    ),
    after: goldenComposition([...kept, ...added], options),
  };
}
