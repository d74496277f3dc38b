/**
 * Nodes and weights of n-point Gauss-Legendre quadrature on [-1, 1], by Newton's method on the Legendre
 * polynomial (Golub-Welsch accuracy for n <= 64). Reference: Abramowitz & Stegun 25.4.29.
 * @throws RangeError for n < 1.
 * @example
 * gaussLegendre(2).nodes.map((x) => +x.toFixed(6)) // => [-0.57735, 0.57735]
 */
export function gaussLegendre(n: number): { nodes: number[]; weights: number[] } {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`gaussLegendre needs a whole number of points, got ${n}`);
  const nodes = new Array<number>(n);
  const weights = new Array<number>(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let iter = 0; iter < 100; iter++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      const pn = n === 1 ? x : p1;
      const pn1 = n === 1 ? 1 : p0;
      dp = (n * (x * pn - pn1)) / (x * x - 1);
      const dx = pn / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-15) break;
    }
    nodes[i] = -x;
    nodes[n - 1 - i] = x;
    const w = 2 / ((1 - x * x) * dp * dp);
    weights[i] = w;
    weights[n - 1 - i] = w;
  }
  return { nodes, weights };
}

const RULE = gaussLegendre(16);

/**
 * Integrates f over consecutive panels [edges[k], edges[k+1]] with 16-point Gauss-Legendre on each. Callers choose
 * the edges where f changes fast.
 * @example
 * integratePanels((x) => x * x, [0, 0.5, 1]) // => 0.3333333333333333
 */
export function integratePanels(f: (x: number) => number, edges: readonly number[]): number {
  const { x, weights } = quadratureNodes(edges);
  let total = 0;
  for (let i = 0; i < x.length; i++) total += weights[i]! * f(x[i]!);
  return total;
}

/**
 * The nodes and weights of 16-point Gauss-Legendre on each panel, flattened, for sums that need several integrands
 * at the same points (each integrand's costly part evaluated once per node).
 * @example
 * quadratureNodes([0, 1]).weights.reduce((s, w) => s + w, 0) // => 1 (to 14 places)
 */
export function quadratureNodes(edges: readonly number[]): { x: number[]; weights: number[] } {
  const x: number[] = [];
  const weights: number[] = [];
  for (let k = 0; k + 1 < edges.length; k++) {
    const a = edges[k]!;
    const b = edges[k + 1]!;
    if (!(b > a)) continue;
    const half = (b - a) / 2;
    const mid = (a + b) / 2;
    for (let i = 0; i < RULE.nodes.length; i++) {
      x.push(mid + half * RULE.nodes[i]!);
      weights.push(RULE.weights[i]! * half);
    }
  }
  return { x, weights };
}
