/**
 * A sample copied into an ascending Float64Array, for the statistics that walk sorted values (the Kolmogorov-Smirnov
 * test, quantile bins). NaN values are refused rather than sorted to the end, and the message gives their count.
 * Reference: https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/TypedArray/sort
 *
 * @throws RangeError naming the sample when it is empty or holds NaN (with how many of how many).
 * @example
 * sortedSample([3, 1, 2], 'a') // => Float64Array [1, 2, 3]
 */
export function sortedSample(xs: ArrayLike<number>, name: string): Float64Array {
  if (xs.length === 0) throw new RangeError(`${name} is empty: at least one value is needed`);
  const out = Float64Array.from(xs as ArrayLike<number>).sort();
  let nan = 0;
  for (let i = out.length - 1; i >= 0 && Number.isNaN(out[i]!); i--) nan++;
  if (nan > 0) throw new RangeError(`${name} holds ${nan} NaN value${nan === 1 ? '' : 's'} of ${out.length}: remove or impute them first`);
  return out;
}
