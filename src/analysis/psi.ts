import { sortedSample } from './sortedSample';
import { quantileSorted } from './quantileSorted';

export interface PsiBin {
  /** The category, or the numeric bin as "(lo, hi]". */
  bin: string;
  expectedShare: number;
  actualShare: number;
  /** (actual - expected) * ln(actual / expected), after the epsilon floor. */
  contribution: number;
}

export interface PsiResult {
  statistic: number;
  /** The usual reading: below 0.1 stable, 0.1 to 0.25 a moderate shift, above 0.25 a significant one. */
  band: 'stable' | 'moderate' | 'significant';
  bins: PsiBin[];
  epsilon: number;
}

export interface PsiOptions {
  /** Numeric input: how many quantile bins of the expected sample (default 10, deciles). */
  bins?: number;
  /** Shares below this are raised to it so an empty bin does not make the index infinite (default 1e-4). */
  epsilon?: number;
}

type Distribution = ArrayLike<number> | Record<string, number>;

const isSample = (d: Distribution): d is ArrayLike<number> => typeof (d as ArrayLike<number>).length === 'number';

function shares(counts: Record<string, number>, name: string): Map<string, number> {
  let total = 0;
  for (const [k, v] of Object.entries(counts)) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`${name}["${k}"] must be a non-negative number, got ${v}`);
    total += v;
  }
  if (total === 0) throw new RangeError(`${name} is empty (its counts or shares sum to 0)`);
  return new Map(Object.entries(counts).map(([k, v]) => [k, v / total]));
}

/** Count of sorted values <= x (right-side search). */
function countAtMost(s: Float64Array, x: number): number {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Population stability index of `actual` against `expected`: sum over bins of (a - e) * ln(a / e), a and e the
 * shares in each bin. Categorical input is a record of counts or shares per category (each normalised to sum to
 * 1; a category missing on one side has share 0 there). Numeric input is two samples binned at the quantiles of
 * `expected` (`bins` of them, edges by numpy's linear quantile, right-closed, outer bins open; repeated edges
 * collapse, so a lumpy sample gets fewer bins). Shares below `epsilon` (default 1e-4) are raised to it before the
 * logarithm and not renormalised; that floor is what keeps an empty bin finite and is reported with the result.
 * Reference: https://www.lexjansen.com/wuss/2017/47_Final_Paper_PDF.pdf (Yurdakul, "Statistical properties of the
 * population stability index").
 *
 * @throws RangeError for an empty input, NaN values (with the count), negative counts, mixing a sample with a
 * record, fewer than 2 bins, or an epsilon outside (0, 0.01].
 * @example
 * psi({ a: 0.5, b: 0.5 }, { a: 60, b: 40 }).statistic // => 0.04054651081081641
 */
export function psi(expected: Distribution, actual: Distribution, options: PsiOptions = {}): PsiResult {
  const epsilon = options.epsilon ?? 1e-4;
  if (!(epsilon > 0 && epsilon <= 0.01)) throw new RangeError(`epsilon must be in (0, 0.01], got ${epsilon}`);
  let rows: { bin: string; e: number; a: number }[];
  if (isSample(expected) !== isSample(actual)) throw new RangeError('expected and actual must both be samples or both be category records');
  if (isSample(expected) && isSample(actual)) {
    const k = options.bins ?? 10;
    if (!Number.isInteger(k) || k < 2) throw new RangeError(`bins must be a whole number of at least 2, got ${k}`);
    const se = sortedSample(expected, 'expected');
    const sa = sortedSample(actual, 'actual');
    const edges: number[] = [];
    for (let i = 1; i < k; i++) {
      const q = quantileSorted(se, i / k);
      if (edges.length === 0 || q > edges[edges.length - 1]!) edges.push(q);
    }
    rows = [];
    let prevE = 0;
    let prevA = 0;
    for (let i = 0; i <= edges.length; i++) {
      const hi = i < edges.length ? edges[i]! : Infinity;
      const ce = i < edges.length ? countAtMost(se, hi) : se.length;
      const ca = i < edges.length ? countAtMost(sa, hi) : sa.length;
      const lo = i === 0 ? -Infinity : edges[i - 1]!;
      rows.push({ bin: `(${lo}, ${hi}]`, e: (ce - prevE) / se.length, a: (ca - prevA) / sa.length });
      prevE = ce;
      prevA = ca;
    }
  } else {
    const e = shares(expected as Record<string, number>, 'expected');
    const a = shares(actual as Record<string, number>, 'actual');
    const keys = [...new Set([...e.keys(), ...a.keys()])];
    rows = keys.map((bin) => ({ bin, e: e.get(bin) ?? 0, a: a.get(bin) ?? 0 }));
  }
  let statistic = 0;
  const bins = rows.map(({ bin, e, a }) => {
    const ef = Math.max(e, epsilon);
    const af = Math.max(a, epsilon);
    const contribution = (af - ef) * Math.log(af / ef);
    statistic += contribution;
    return { bin, expectedShare: e, actualShare: a, contribution };
  });
  return { statistic, band: statistic < 0.1 ? 'stable' : statistic <= 0.25 ? 'moderate' : 'significant', bins, epsilon };
}
