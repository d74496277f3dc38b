import { mulberry32 } from './aaSimulation';
import { permutationPValue } from './permutationPValue';
import { checkVectors } from './checkVectors';

export interface MmdTestResult {
  /** Unbiased estimate of the squared maximum mean discrepancy (can fall below 0 by chance). */
  mmd2: number;
  /** Permutation p-value: (1 + permuted statistics at or above it) / (1 + permutations). */
  pValue: number;
  /** Gaussian kernel bandwidth: the median distance between the pooled vectors, unless given. */
  bandwidth: number;
  permutations: number;
  n1: number;
  n2: number;
}

/**
 * Maximum mean discrepancy two-sample test with a Gaussian kernel k(x, y) = exp(-|x - y|^2 / (2 s^2)): the unbiased
 * MMD^2_u of Gretton et al. 2012 (eq. 3), s the median pairwise distance of the pooled vectors (the median
 * heuristic), and a permutation p-value over relabellings of the pooled vectors, the kernel matrix computed once.
 * Sees differences of any kind between the two distributions (location, spread, a new cluster) but loses power as
 * the dimension grows for a shift confined to a few coordinates. Cost: O((n1 + n2)^2 (d + permutations)).
 * Deterministic for a seed. Reference: https://jmlr.org/papers/v13/gretton12a.html;
 * https://docs.evidentlyai.com/metrics/customize_embedding_drift (the "mmd" method).
 *
 * @throws RangeError for fewer than 2 vectors on a side, vectors of mixed lengths or non-finite components.
 * @example
 * mmdTest([[0], [1], [2], [3]], [[10], [11], [12], [13]], { permutations: 99, seed: 1 }).pValue < 0.1 // => true
 */
export function mmdTest(
  reference: readonly ArrayLike<number>[],
  current: readonly ArrayLike<number>[],
  options: { seed?: number; permutations?: number; bandwidth?: number } = {},
): MmdTestResult {
  const dims = checkVectors(reference, current);
  const rows = [...reference, ...current];
  const n = rows.length;
  const n1 = reference.length;
  const n2 = current.length;
  const flat = new Float64Array(n * dims);
  rows.forEach((r, i) => flat.set(Float64Array.from(r), i * dims));
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < dims; j++) s += flat[i * dims + j]! ** 2;
    norms[i] = s;
  }
  const d2 = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let k = i + 1; k < n; k++) {
      let dot = 0;
      const oi = i * dims;
      const ok = k * dims;
      for (let j = 0; j < dims; j++) dot += flat[oi + j]! * flat[ok + j]!;
      const v = Math.max(0, norms[i]! + norms[k]! - 2 * dot);
      d2[i * n + k] = v;
      d2[k * n + i] = v;
    }
  let bandwidth = options.bandwidth ?? 0;
  if (!options.bandwidth) {
    const upper = new Float64Array((n * (n - 1)) / 2);
    let c = 0;
    for (let i = 0; i < n; i++) for (let k = i + 1; k < n; k++) upper[c++] = d2[i * n + k]!;
    upper.sort();
    const m = upper.length;
    const median = m % 2 ? upper[(m - 1) / 2]! : (upper[m / 2 - 1]! + upper[m / 2]!) / 2;
    bandwidth = Math.sqrt(median) || 1;
  }
  const kernel = d2.map((v) => Math.exp(-v / (2 * bandwidth * bandwidth)));
  // Per permutation only the reference-reference pairs are summed (a quarter of all pairs): with r_i the kernel's row
  // sums (diagonal excluded) and T the sum over all pairs, xy = sum of r_i over the reference - 2 xx, yy = T - xx - xy.
  const rowSums = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const o = i * n;
    for (let k = i + 1; k < n; k++) {
      const v = kernel[o + k]!;
      rowSums[i] += v;
      rowSums[k] += v;
      total += v;
    }
  }
  const firstRows = new Int32Array(n1);
  const statistic = (inFirst: Uint8Array) => {
    let m = 0;
    let rows = 0;
    for (let i = 0; i < n; i++)
      if (inFirst[i]) {
        firstRows[m++] = i;
        rows += rowSums[i]!;
      }
    let xx = 0;
    for (let a = 0; a < n1; a++) {
      const o = firstRows[a]! * n;
      for (let b = a + 1; b < n1; b++) xx += kernel[o + firstRows[b]!]!;
    }
    const xy = rows - 2 * xx;
    const yy = total - xx - xy;
    return (2 * xx) / (n1 * (n1 - 1)) + (2 * yy) / (n2 * (n2 - 1)) - (2 * xy) / (n1 * n2);
  };
  const labels = new Uint8Array(n);
  labels.fill(1, 0, n1);
  const permutations = options.permutations ?? 999;
  const { observed: mmd2, pValue } = permutationPValue(labels, statistic, { permutations, random: mulberry32(options.seed ?? 1) });
  return { mmd2, pValue, bandwidth, permutations, n1, n2 };
}
