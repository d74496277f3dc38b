import { kstwoSf } from './kstwoSf';

export type KsAlternative = 'two-sided' | 'less' | 'greater';

export interface KsTwoSampleResult {
  /** D: the largest gap between the two empirical CDFs (for 'less' and 'greater', the one-sided gap). */
  statistic: number;
  pValue: number;
  /** Which distribution gave the p-value: SciPy's 'auto' takes the exact one up to 10,000 values a sample. */
  method: 'exact' | 'asymp';
  n1: number;
  n2: number;
}

/** SciPy's MAX_AUTO_N: above it 'auto' uses the asymptotic distribution. */
const MAX_AUTO_N = 10_000;

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** numpy's round: halves to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** C(n, k) as a double, by the product formula over the smaller k. */
function binom(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  const kk = Math.min(k, n - k);
  let r = 1;
  for (let i = 1; i <= kk; i++) r = (r * (n - kk + i)) / i;
  return r;
}

/** Pr(D_{n,n} >= h/n), both samples of size n: 2 * (A0 (1 - A1 (1 - A2 (...)))) by Horner, no cancellation. */
function probOutsideSquare(n: number, h: number): number {
  let P = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1 - P);
  }
  return 2 * P;
}

/**
 * The share of lattice paths from (0,0) to (m,n) that leave the band |x/m - y/n| < h/lcm: Hodges' inside method,
 * computing 1 - p directly as Viehmann (2021) rewrites it, one sliding column at a time.
 */
function outerProbInside(m0: number, n0: number, g: number, h: number): number {
  const [m, n] = m0 >= n0 ? [m0, n0] : [n0, m0];
  const mg = Math.floor(m / g);
  const ng = Math.floor(n / g);
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const A = new Float64Array(lenA).fill(1);
  for (let j = minj; j < maxj; j++) A[j] = 0;
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (A[jj + minj - lastminj]! * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) for (let q = maxj - minj; q < maxj - minj + (lastlen - curlen) && q < lenA; q++) A[q] = 1;
  }
  return A[maxj - minj - 1]!;
}

/** The number of lattice paths that cross m*y <= n*x - h*g at some point (Hodges, after Drion/Gnedenko/Korolyuk). */
function countPathsOutside(m0: number, n0: number, g: number, h: number): number {
  const [m, n] = m0 >= n0 ? [m0, n0] : [n0, m0];
  const mg = Math.floor(m / g);
  const ng = Math.floor(n / g);
  const lxj = n + Math.floor((mg - h) / mg);
  if (lxj <= 0) return binom(m + n, n);
  const xj = Array.from({ length: lxj }, (_, j) => Math.floor((h + mg * j + ng - 1) / ng));
  const B = new Float64Array(lxj);
  B[0] = 1;
  for (let j = 1; j < lxj; j++) {
    let bj = binom(xj[j]! + j, j);
    for (let i = 0; i < j; i++) bj -= binom(xj[j]! - xj[i]! + j - i, j - i) * B[i]!;
    B[j] = bj;
  }
  let paths = 0;
  for (let j = 0; j < lxj; j++) paths += B[j]! * binom(m - xj[j]! + (n - j), n - j);
  return paths;
}

/** SciPy's _attempt_exact_2kssamp: D snapped to the lattice h/lcm, then the exact tail, or no result on overflow. */
function exactTail(n1: number, n2: number, g: number, d: number, alternative: KsAlternative): { ok: boolean; d: number; p: number } {
  const lcm = (n1 / g) * n2;
  const h = roundHalfEven(d * lcm);
  const dd = h / lcm;
  if (h === 0) return { ok: true, d: dd, p: 1 };
  let p: number;
  if (alternative === 'two-sided') {
    p = n1 === n2 ? probOutsideSquare(n1, h) : outerProbInside(n1, n2, g, h);
  } else if (n1 === n2) {
    p = 1;
    for (let j = 0; j < h; j++) p *= (n1 - j) / (n1 + j + 1);
  } else {
    // C(n1 + n2, n1) overflowing means SciPy's path count overflows too (it raises and falls back): check it first.
    const all = binom(n1 + n2, n1);
    if (!Number.isFinite(all)) return { ok: false, d: dd, p: NaN };
    const paths = countPathsOutside(n1, n2, g, h);
    if (!Number.isFinite(paths) || paths > all) return { ok: false, d: dd, p: NaN };
    p = paths / all;
  }
  if (!Number.isFinite(p) || p < 0 || p > 1) return { ok: false, d: dd, p };
  return { ok: true, d: dd, p };
}

/**
 * The p-value of a two-sample Kolmogorov-Smirnov statistic D for samples of n1 and n2 values, as SciPy's
 * `ks_2samp(..., method='auto')` computes it: exact when max(n1, n2) <= 10,000 (Hodges' lattice-path counts for
 * unequal sizes, a closed binomial form for equal ones; D is snapped to the lattice k/lcm(n1, n2) first), otherwise
 * asymptotic: the one-sample Kolmogorov distribution `kstwo.sf(D, round(n1 n2 / (n1 + n2)))` for two-sided, and
 * exp(-2z^2 - 2z(m + 2n)/sqrt(mn(m + n))/3), z = sqrt(mn/(m + n)) D, m >= n, for one-sided. An exact computation that
 * overflows falls back to the asymptotic one, as SciPy does.
 * Reference: https://docs.scipy.org/doc/scipy/reference/generated/scipy.stats.ks_2samp.html
 *
 * @throws RangeError for a size that is not a positive whole number or D outside [0, 1].
 * @example
 * ksTwoSamplePValue(0.5, 5, 6).pValue // => 0.357142857142857 (ks_2samp([1,2,3,4,5], [3,4,5,6,7,8]))
 */
export function ksTwoSamplePValue(d: number, n1: number, n2: number, alternative: KsAlternative = 'two-sided'): KsTwoSampleResult {
  for (const [name, n] of [
    ['n1', n1],
    ['n2', n2],
  ] as const) {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`${name} must be a positive whole number, got ${n}`);
  }
  if (!(d >= 0 && d <= 1)) throw new RangeError(`D must be between 0 and 1, got ${d}`);
  let statistic = d;
  let method: 'exact' | 'asymp' = Math.max(n1, n2) <= MAX_AUTO_N ? 'exact' : 'asymp';
  let p = NaN;
  if (method === 'exact') {
    const r = exactTail(n1, n2, gcd(n1, n2), d, alternative);
    statistic = r.d;
    if (r.ok) p = r.p;
    else method = 'asymp';
  }
  if (method === 'asymp') {
    const [m, n] = n1 >= n2 ? [n1, n2] : [n2, n1];
    const en = (m * n) / (m + n);
    if (alternative === 'two-sided') {
      p = kstwoSf(roundHalfEven(en), statistic);
    } else {
      const z = Math.sqrt(en) * statistic;
      p = Math.exp(-2 * z ** 2 - (2 * z * (m + 2 * n)) / Math.sqrt(m * n * (m + n)) / 3);
    }
  }
  return { statistic, pValue: Math.min(1, Math.max(0, p)), method, n1, n2 };
}
