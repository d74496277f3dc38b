import jstat from 'jstat';
import { adjustPValues, type PValueCorrection } from './adjustPValues';

const { jStat } = jstat;

/** One arm-against-control comparison of one metric: the estimate (a difference), its standard error and p-value. */
export interface Comparison {
  metric: string;
  arm: string;
  /** Whether the metric is the experiment's primary metric. */
  primary: boolean;
  estimate: number;
  standardError: number;
  pValue: number;
}

/**
 * Which comparisons are corrected together: all of them as one family; each metric's arms as a family; or the primary
 * metric apart with `primaryAlphaShare` of alpha and every other comparison sharing the rest.
 */
export type CorrectionScope = 'all' | 'metric' | 'primary-exempt';

export interface CorrectionOptions {
  method: PValueCorrection | 'none';
  scope: CorrectionScope;
  /** Family-wise error rate (Holm) or false-discovery rate (BH) to hold; default 0.05. */
  alpha?: number;
  /** For scope 'primary-exempt': the share of alpha the primary metric keeps; default 0.5. */
  primaryAlphaShare?: number;
}

export interface CorrectedComparison extends Comparison {
  family: string;
  /** The p-value on the scale of alpha: significant when below alpha. */
  adjustedPValue: number;
  significant: boolean;
  /** Two-sided confidence level of the widened interval. */
  level: number;
  interval: [number, number];
  /** The uncorrected 1 - alpha interval, for comparison. */
  plainInterval: [number, number];
}

/**
 * Multiple-testing control across the metrics and arms of an experiment. p-values are adjusted within each family by
 * Holm's step-down (family-wise error rate) or Benjamini-Hochberg (false-discovery rate), as statsmodels'
 * `multipletests(method='holm' | 'fdr_bh')`, and divided by the family's share of alpha so that every adjusted value is
 * read against alpha. Intervals widen to match: Holm to Bonferroni's simultaneous level 1 - a/m, BH to the
 * false-coverage-rate level 1 - R a / m of Benjamini and Yekutieli (2005), R the family's discoveries (a/m when none).
 * Reference: https://www.statsmodels.org/stable/generated/statsmodels.stats.multitest.multipletests.html and
 * https://doi.org/10.1198/016214504000001907
 *
 * @throws RangeError for an alpha or share outside (0, 1), a p-value outside [0, 1] or a negative standard error.
 * @example
 * correctComparisons(
 *   [{ metric: 'a', arm: 'b', primary: true, estimate: 1, standardError: 0.5, pValue: 0.01 },
 *    { metric: 'c', arm: 'b', primary: false, estimate: 1, standardError: 0.5, pValue: 0.04 }],
 *   { method: 'holm', scope: 'all' },
 * ).map((c) => c.adjustedPValue) // => [0.02, 0.04]
 */
export function correctComparisons(comparisons: readonly Comparison[], options: CorrectionOptions): CorrectedComparison[] {
  const alpha = options.alpha ?? 0.05;
  const share = options.primaryAlphaShare ?? 0.5;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be between 0 and 1, got ${alpha}`);
  if (!(share > 0 && share < 1)) throw new RangeError(`primaryAlphaShare must be between 0 and 1, got ${share}`);
  comparisons.forEach((c, i) => {
    if (!(c.pValue >= 0 && c.pValue <= 1))
      throw new RangeError(`comparison ${i} (${c.metric}, ${c.arm}): p-value ${c.pValue} outside [0, 1]`);
    if (!(c.standardError >= 0)) throw new RangeError(`comparison ${i} (${c.metric}, ${c.arm}): standard error ${c.standardError}`);
  });
  const familyOf = (c: Comparison): { name: string; share: number } => {
    if (options.scope === 'metric') return { name: c.metric, share: 1 };
    if (options.scope === 'primary-exempt') return c.primary ? { name: 'primary', share } : { name: 'secondary', share: 1 - share };
    return { name: 'all', share: 1 };
  };
  const out = new Array<CorrectedComparison>(comparisons.length);
  const families = new Map<string, { share: number; members: number[] }>();
  comparisons.forEach((c, i) => {
    const f = familyOf(c);
    const fam = families.get(f.name) ?? { share: f.share, members: [] };
    fam.members.push(i);
    families.set(f.name, fam);
  });
  const zPlain = jStat.normal.inv(1 - alpha / 2, 0, 1);
  for (const [name, fam] of families) {
    const a = alpha * fam.share;
    const m = fam.members.length;
    const ps = fam.members.map((i) => comparisons[i]!.pValue);
    const adjusted = options.method === 'none' ? ps : adjustPValues(ps, options.method);
    const onAlphaScale = adjusted.map((p) => Math.min(1, p / fam.share));
    const discoveries = onAlphaScale.filter((p) => p < alpha).length;
    const perComparison = options.method === 'none' ? a : options.method === 'holm' || discoveries === 0 ? a / m : (discoveries * a) / m;
    const z = jStat.normal.inv(1 - perComparison / 2, 0, 1);
    fam.members.forEach((i, k) => {
      const c = comparisons[i]!;
      out[i] = {
        ...c,
        family: name,
        adjustedPValue: onAlphaScale[k]!,
        significant: onAlphaScale[k]! < alpha,
        level: 1 - perComparison,
        interval: [c.estimate - z * c.standardError, c.estimate + z * c.standardError],
        plainInterval: [c.estimate - zPlain * c.standardError, c.estimate + zPlain * c.standardError],
      };
    });
  }
  return out;
}
