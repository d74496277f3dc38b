import { shuffleInPlace } from './shuffleInPlace';

/**
 * One-sided permutation p-value of a two-sample statistic: the statistic on the observed labelling, then on
 * `permutations` random relabellings (the labels shuffled in place), p = (1 + relabellings at or above the observed)
 * / (1 + permutations), which is a valid p-value for any number of permutations; its smallest value is
 * 1 / (1 + permutations). Leaves `labels` shuffled.
 * Reference: Phipson & Smyth 2010, "Permutation p-values should never be zero".
 * @example
 * permutationPValue([1, 1, 0, 0], (l) => l[0]! + l[1]!, { permutations: 99, random: () => 0.5 }).observed // => 2
 */
export function permutationPValue<T extends { length: number; [i: number]: unknown }>(
  labels: T,
  statistic: (labels: T) => number,
  options: { permutations: number; random: () => number },
): { observed: number; pValue: number } {
  const observed = statistic(labels);
  let atOrAbove = 0;
  for (let p = 0; p < options.permutations; p++) if (statistic(shuffleInPlace(labels, options.random)) >= observed - 1e-12) atOrAbove++;
  return { observed, pValue: (1 + atOrAbove) / (1 + options.permutations) };
}
