import { averageRanks } from './averageRanks';

/**
 * Area under the ROC curve of scores for a binary label: the probability that a random positive scores above a
 * random negative, ties counting half (the Mann-Whitney U over n1 n0). Equals scikit-learn's `roc_auc_score`.
 * Reference: https://scikit-learn.org/stable/modules/generated/sklearn.metrics.roc_auc_score.html
 *
 * @throws RangeError when the lengths differ, a score is not finite, or one class is absent.
 * @example
 * rocAuc([0.1, 0.4, 0.35, 0.8], [false, false, true, true]) // => 0.75
 */
export function rocAuc(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number {
  if (scores.length !== positive.length) throw new RangeError(`${scores.length} scores for ${positive.length} labels`);
  return aucFromRanks(averageRanks(Float64Array.from(scores), 'scores'), positive);
}

/**
 * The AUC from the scores' average ranks (1 to n): the positives' rank sum as a Mann-Whitney U over n1 n0. For a
 * permutation test, which ranks once and relabels many times.
 * @throws RangeError when one class is absent.
 * @example
 * aucFromRanks([1, 3, 2, 4], [false, false, true, true]) // => 0.75
 */
export function aucFromRanks(ranks: ArrayLike<number>, positive: ArrayLike<boolean>): number {
  let n1 = 0;
  let sum = 0;
  for (let i = 0; i < ranks.length; i++)
    if (positive[i]) {
      n1++;
      sum += ranks[i]!;
    }
  const n0 = ranks.length - n1;
  if (n1 === 0 || n0 === 0) throw new RangeError('both classes are needed: got only one');
  return (sum - (n1 * (n1 + 1)) / 2) / (n1 * n0);
}
