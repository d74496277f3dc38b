import { mulberry32 } from './aaSimulation';
import { averageRanks } from './averageRanks';
import { logisticRegression, logisticScores } from './logisticRegression';
import { permutationPValue } from './permutationPValue';
import { aucFromRanks } from './rocAuc';
import { shuffleInPlace } from './shuffleInPlace';
import { checkVectors } from './checkVectors';

export interface DomainClassifierDriftResult {
  /** Held-out ROC AUC of the classifier telling current from reference vectors: 0.5 when it cannot. */
  auc: number;
  /** One-sided permutation p-value of the AUC: (1 + permuted AUCs at or above it) / (1 + permutations). */
  pValue: number;
  permutations: number;
  trainSize: number;
  testSize: number;
  /** Whether the optimiser converged (it stops at its iteration cap otherwise; the AUC is still valid). */
  converged: boolean;
}

/**
 * Domain-classifier drift: fits a regularised logistic regression to tell current vectors from reference vectors on
 * a random half of both (stratified), scores the other half and reports the held-out ROC AUC. Features are
 * standardised with the training half's means and deviations. The p-value permutes the held-out labels against the
 * fixed scores: the classifier never saw those rows, so under "no drift" every permutation is as likely as the
 * observed labelling and the test is exact. Sees any shift a linear boundary separates, spread thinly over many
 * dimensions included; blind to a pure change of spread (use MMD or the per-dimension tests).
 * Deterministic for a seed. Reference: https://docs.evidentlyai.com/metrics/customize_embedding_drift (the "model"
 * method); Lopez-Paz & Oquab 2017, "Revisiting classifier two-sample tests".
 *
 * @throws RangeError for fewer than 4 vectors on a side, vectors of mixed lengths or non-finite components.
 * @example
 * const ref = Array.from({ length: 40 }, (_, i) => [Math.sin(i), Math.cos(i)]);
 * domainClassifierDrift(ref, ref.map(([a, b]) => [a + 3, b]), { seed: 1 }).auc // => 1
 */
export function domainClassifierDrift(
  reference: readonly ArrayLike<number>[],
  current: readonly ArrayLike<number>[],
  options: { seed?: number; permutations?: number; lambda?: number; maxIterations?: number } = {},
): DomainClassifierDriftResult {
  const dims = checkVectors(reference, current, 4);
  const random = mulberry32(options.seed ?? 1);
  const permutations = options.permutations ?? 999;
  const half = (n: number) => {
    const idx = shuffleInPlace(
      Array.from({ length: n }, (_, i) => i),
      random,
    );
    return { train: idx.slice(0, Math.floor(n / 2)), test: idx.slice(Math.floor(n / 2)) };
  };
  const r = half(reference.length);
  const c = half(current.length);
  const trainRows = [...r.train.map((i) => reference[i]!), ...c.train.map((i) => current[i]!)];
  const trainLabels = [...r.train.map(() => false), ...c.train.map(() => true)];
  const testRows = [...r.test.map((i) => reference[i]!), ...c.test.map((i) => current[i]!)];
  const testLabels = [...r.test.map(() => false), ...c.test.map(() => true)];
  const mean = new Float64Array(dims);
  const sd = new Float64Array(dims);
  for (const row of trainRows) for (let j = 0; j < dims; j++) mean[j]! += row[j]! / trainRows.length;
  for (const row of trainRows) for (let j = 0; j < dims; j++) sd[j]! += (row[j]! - mean[j]!) ** 2 / trainRows.length;
  for (let j = 0; j < dims; j++) sd[j] = Math.sqrt(sd[j]!) || 1;
  const standardise = (row: ArrayLike<number>) => Float64Array.from({ length: dims }, (_, j) => (row[j]! - mean[j]!) / sd[j]!);
  const model = logisticRegression(trainRows.map(standardise), trainLabels, {
    lambda: options.lambda ?? 0.1,
    maxIterations: options.maxIterations ?? 100,
    tolerance: 1e-5,
  });
  const ranks = averageRanks(logisticScores(model, testRows.map(standardise)), 'scores');
  const auc = (labels: boolean[]) => aucFromRanks(ranks, labels);
  const { observed, pValue } = permutationPValue([...testLabels], auc, { permutations, random });
  return {
    auc: observed,
    pValue,
    permutations,
    trainSize: trainRows.length,
    testSize: testRows.length,
    converged: model.converged,
  };
}
