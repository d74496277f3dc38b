export interface LogisticRegressionModel {
  weights: Float64Array;
  intercept: number;
  /** Gradient steps taken. */
  iterations: number;
  /** Whether the gradient's largest component fell under the tolerance. */
  converged: boolean;
}

/**
 * L2-regularised logistic regression by accelerated gradient descent (Nesterov, step 1/L from the power-iteration
 * bound on the Hessian), minimising mean log-loss + (lambda / 2) |w|^2 with an unpenalised intercept. The same
 * optimum as scikit-learn's `LogisticRegression(C = 1 / (lambda n))`. Rows are used as given: standardise them first.
 * Reference: https://scikit-learn.org/stable/modules/linear_model.html#logistic-regression
 *
 * @throws RangeError for no rows, rows of different lengths, labels of another length, or lambda not positive.
 * @example
 * logisticRegression([[-2], [-1], [1], [2]], [false, false, true, true], { lambda: 0.1 }).weights[0] > 0 // => true
 */
export function logisticRegression(
  rows: readonly ArrayLike<number>[],
  labels: ArrayLike<boolean>,
  options: { lambda?: number; maxIterations?: number; tolerance?: number } = {},
): LogisticRegressionModel {
  const lambda = options.lambda ?? 1;
  const maxIterations = options.maxIterations ?? 500;
  const tolerance = options.tolerance ?? 1e-6;
  const n = rows.length;
  if (n === 0) throw new RangeError('no rows to fit');
  if (labels.length !== n) throw new RangeError(`${n} rows for ${labels.length} labels`);
  if (!(lambda > 0)) throw new RangeError(`lambda must be positive, got ${lambda}`);
  const d = rows[0]!.length;
  const x = new Float64Array(n * d);
  rows.forEach((r, i) => {
    if (r.length !== d) throw new RangeError(`row ${i} has ${r.length} values, row 0 has ${d}`);
    for (let j = 0; j < d; j++) x[i * d + j] = r[j]!;
  });
  const y = Float64Array.from(labels, (l) => (l ? 1 : 0));
  // L: the largest eigenvalue of X'X/n (with the intercept column) / 4 + lambda, by power iteration.
  let v = new Float64Array(d + 1).fill(1 / Math.sqrt(d + 1));
  let eig = 1;
  for (let it = 0; it < 30; it++) {
    const xv = matVec(x, n, d, v.subarray(0, d), v[d]!);
    const next = tMatVec(x, n, d, xv);
    eig = Math.hypot(...next) / n;
    if (eig === 0) break;
    v = next.map((t) => t / (eig * n));
  }
  const step = 1 / (eig / 4 + lambda);
  let w = new Float64Array(d + 1);
  let prev = new Float64Array(d + 1);
  let converged = false;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const momentum = iterations / (iterations + 3);
    const z = w.map((wi, j) => wi + momentum * (wi - prev[j]!));
    const g = gradient(x, n, d, y, z, lambda);
    prev = w;
    w = z.map((zi, j) => zi - step * g[j]!);
    const gw = gradient(x, n, d, y, w, lambda);
    let worst = 0;
    for (const gj of gw) worst = Math.max(worst, Math.abs(gj));
    if (worst < tolerance) {
      converged = true;
      iterations++;
      break;
    }
  }
  return { weights: w.slice(0, d), intercept: w[d]!, iterations, converged };
}

/** The linear scores X w + b of rows, for a fitted model. */
export function logisticScores(model: LogisticRegressionModel, rows: readonly ArrayLike<number>[]): Float64Array {
  return Float64Array.from(rows, (r) => {
    let s = model.intercept;
    for (let j = 0; j < model.weights.length; j++) s += model.weights[j]! * r[j]!;
    return s;
  });
}

function matVec(x: Float64Array, n: number, d: number, w: ArrayLike<number>, b: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b;
    const o = i * d;
    for (let j = 0; j < d; j++) s += x[o + j]! * w[j]!;
    out[i] = s;
  }
  return out;
}

/** X' r with the intercept's sum last. */
function tMatVec(x: Float64Array, n: number, d: number, r: Float64Array): Float64Array {
  const out = new Float64Array(d + 1);
  for (let i = 0; i < n; i++) {
    const ri = r[i]!;
    if (ri === 0) continue;
    const o = i * d;
    for (let j = 0; j < d; j++) out[j]! += x[o + j]! * ri;
    out[d]! += ri;
  }
  return out;
}

function gradient(x: Float64Array, n: number, d: number, y: Float64Array, w: Float64Array, lambda: number): Float64Array {
  const z = matVec(x, n, d, w.subarray(0, d), w[d]!);
  const r = z.map((zi, i) => 1 / (1 + Math.exp(-zi)) - y[i]!);
  const g = tMatVec(x, n, d, r);
  for (let j = 0; j <= d; j++) g[j] = g[j]! / n + (j < d ? lambda * w[j]! : 0);
  return g;
}
