import jstat from 'jstat';

const { jStat } = jstat;

/**
 * Beta(alpha, beta) density on an even grid of `points` values from `from` to `to`, for plotting posteriors.
 * @throws RangeError for non-positive parameters, fewer than 2 points, or an empty range.
 * @example
 * betaDensity(2, 2, 0, 1, 3) // => [{ x: 0, density: 0 }, { x: 0.5, density: 1.5 }, { x: 1, density: 0 }]
 */
export function betaDensity(alpha: number, beta: number, from: number, to: number, points = 200): { x: number; density: number }[] {
  if (!(alpha > 0) || !(beta > 0)) throw new RangeError(`Beta parameters must be positive, got (${alpha}, ${beta})`);
  if (!Number.isInteger(points) || points < 2) throw new RangeError(`points must be a whole number >= 2, got ${points}`);
  if (!(to > from)) throw new RangeError(`empty range [${from}, ${to}]`);
  return Array.from({ length: points }, (_, i) => {
    const x = from + ((to - from) * i) / (points - 1);
    return { x, density: jStat.beta.pdf(x, alpha, beta) };
  });
}
