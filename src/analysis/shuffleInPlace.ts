/**
 * Shuffles an array in place by Fisher-Yates with the given uniform generator: every order equally likely, and the
 * same order for the same generator state. Returns the array.
 * Reference: https://en.wikipedia.org/wiki/Fisher%E2%80%93Yates_shuffle
 * @example
 * shuffleInPlace([1, 2, 3], () => 0) // => [2, 3, 1]
 */
export function shuffleInPlace<T extends { length: number; [i: number]: unknown }>(xs: T, random: () => number): T {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = xs[i];
    xs[i] = xs[j];
    xs[j] = t;
  }
  return xs;
}
