import { describe, expect, it } from 'vitest';
import { toValueCounts } from '../src/analysis/toValueCounts';

describe('toValueCounts', () => {
  it('pools samples into ascending distinct values and refuses NaN', () => {
    expect(toValueCounts([3, 1, 1], [2])).toEqual({ values: [1, 2, 3], countsA: [2, 0, 1], countsB: [0, 1, 0] });
    expect(() => toValueCounts([1, NaN], [2])).toThrow(/a holds NaN/);
  });
});
