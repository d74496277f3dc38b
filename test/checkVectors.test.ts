import { describe, expect, it } from 'vitest';
import { checkVectors } from '../src/analysis/checkVectors';

describe('checkVectors', () => {
  it('gives the common length, and names the vector and component of mixed lengths, NaN and too few vectors', () => {
    expect(
      checkVectors(
        [
          [1, 2],
          [3, 4],
        ],
        [
          [5, 6],
          [7, 8],
        ],
      ),
    ).toBe(2);
    expect(() =>
      checkVectors(
        [
          [1, 2],
          [3, 4],
        ],
        [[1], [2, 3]],
      ),
    ).toThrow(/current\[0\] has 1 components, the first reference vector 2/);
    expect(() =>
      checkVectors(
        [
          [1, 2],
          [3, Infinity],
        ],
        [
          [1, 2],
          [2, 3],
        ],
      ),
    ).toThrow(/reference\[1\] component 1 is not a finite number/);
    expect(() =>
      checkVectors(
        [[1, 2]],
        [
          [1, 2],
          [2, 3],
        ],
        2,
      ),
    ).toThrow(/need at least 2 reference and 2 current vectors, got 1 and 2/);
    expect(() => checkVectors([[], []], [[], []])).toThrow(/no components/);
  });
});
