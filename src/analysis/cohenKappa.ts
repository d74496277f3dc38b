/** Disagreement weights: none (every disagreement counts 1), linear (|i - j|) or quadratic ((i - j)^2) in label order. */
export type KappaWeights = 'linear' | 'quadratic';

export interface CohenKappaOptions {
  weights?: KappaWeights;
}

/**
 * Cohen's kappa between two raters who labelled the same items: 1 - sum(w * observed) / sum(w * expected), where
 * observed is the confusion matrix, expected the outer product of the raters' label counts over the item count, and w
 * the disagreement weight of a cell. Labels are the sorted union of both raters' labels (numbers ascending, strings
 * in code-point order), so weighted kappa reads them as an ordinal scale by rank, as scikit-learn does. Equals
 * scikit-learn's `cohen_kappa_score(a, b, weights=...)`.
 * Reference: https://scikit-learn.org/stable/modules/generated/sklearn.metrics.cohen_kappa_score.html
 *
 * Degenerate input: when both raters give every item one and the same label, chance agreement is perfect and kappa is
 * undefined (scikit-learn returns NaN); this throws instead.
 * @throws RangeError for arrays of different lengths, no items, a NaN or non-finite label, or the case above.
 * @example
 * cohenKappa([1, 2, 3, 3], [1, 2, 2, 3], { weights: 'quadratic' }) // => 0.8 (scikit-learn 1.2.1)
 */
export function cohenKappa(a: readonly (number | string)[], b: readonly (number | string)[], options: CohenKappaOptions = {}): number {
  if (a.length !== b.length)
    throw new RangeError(`the two raters labelled ${a.length} and ${b.length} items; they must label the same items`);
  if (a.length === 0) throw new RangeError('no items: kappa needs at least one item both raters labelled');
  for (const [name, xs] of [
    ['a', a],
    ['b', b],
  ] as const) {
    xs.forEach((x, i) => {
      if (typeof x === 'number' && !Number.isFinite(x)) throw new RangeError(`${name}[${i}] is not a finite label (${x})`);
    });
  }
  const labels = [...new Set([...a, ...b])].sort((x, y) =>
    typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0,
  );
  const index = new Map(labels.map((l, i) => [l, i]));
  const k = labels.length;
  const observed = new Float64Array(k * k);
  const rowSums = new Float64Array(k);
  const colSums = new Float64Array(k);
  for (let i = 0; i < a.length; i++) {
    const r = index.get(a[i]!)!;
    const c = index.get(b[i]!)!;
    observed[r * k + c]! += 1;
    rowSums[r]! += 1;
    colSums[c]! += 1;
  }
  const n = a.length;
  let weightedObserved = 0;
  let weightedExpected = 0;
  for (let r = 0; r < k; r++) {
    for (let c = 0; c < k; c++) {
      const w = options.weights === 'linear' ? Math.abs(r - c) : options.weights === 'quadratic' ? (r - c) ** 2 : r === c ? 0 : 1;
      weightedObserved += w * observed[r * k + c]!;
      weightedExpected += (w * rowSums[r]! * colSums[c]!) / n;
    }
  }
  if (weightedExpected === 0) throw new RangeError(`kappa is undefined: both raters gave all ${n} items the label ${String(labels[0])}`);
  return 1 - weightedObserved / weightedExpected;
}
