/**
 * Fuses ranked lists by reciprocal rank: an id scores the sum over lists of 1 / (k + rank), rank from 1; ids are
 * returned best first, ties broken by the order they first appear. The lists' own scores are not used, so lists on
 * different scales (BM25, cosine) mix without calibration.
 * Reference: Cormack, Clarke & Büttcher 2009, "Reciprocal Rank Fusion outperforms Condorcet and individual rank
 * learning methods" (k = 60).
 *
 * @throws RangeError for k < 0.
 * @example
 * reciprocalRankFusion([['a', 'b'], ['b', 'c']]).map((x) => x.id) // => ['b', 'a', 'c']
 */
export function reciprocalRankFusion(lists: string[][], k = 60): { id: string; score: number }[] {
  if (!(k >= 0)) throw new RangeError(`k must be at least 0, got ${k}`);
  const scores = new Map<string, number>();
  for (const list of lists) {
    const seen = new Set<string>();
    list.forEach((id, i) => {
      if (seen.has(id)) return; // an id listed twice counts at its best rank
      seen.add(id);
      scores.set(id, (scores.get(id) ?? 0) + 1 / (k + i + 1));
    });
  }
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}
