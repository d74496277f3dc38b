import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/analysis/aaSimulation';
import { shuffleInPlace } from '../src/analysis/shuffleInPlace';

describe('shuffleInPlace', () => {
  it('gives each of the 6 orders of 3 items about equally often, and the same order for the same seed', () => {
    const random = mulberry32(9);
    const counts = new Map<string, number>();
    for (let t = 0; t < 60000; t++) {
      const k = shuffleInPlace([1, 2, 3], random).join('');
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    for (const c of counts.values()) expect(Math.abs(c - 10000)).toBeLessThan(400); // about 4 sd of a binomial count
    expect(shuffleInPlace([1, 2, 3, 4, 5], mulberry32(3))).toEqual(shuffleInPlace([1, 2, 3, 4, 5], mulberry32(3)));
  });
});
