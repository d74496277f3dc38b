import { describe, expect, it } from 'vitest';
import { quantileSorted } from '../src/analysis/quantileSorted';
import { pythonReference } from './helpers';

describe('quantileSorted', () => {
  it("equals numpy's default (linear) quantile, ends and interior points", () => {
    const xs = Float64Array.from([0.5, 1, 1, 2.5, 3, 7, 7, 9.25]);
    const qs = [0, 0.025, 0.1, 0.25, 0.5, 0.9, 0.975, 1];
    // Expected values: test/reference/paired_reference.py, numpy.quantile(x, q) (Debian python3-numpy).
    const [want] = pythonReference<number[][]>('paired_reference.py', [{ kind: 'quantile', x: [...xs], q: qs }]);
    qs.forEach((q, i) => expect(quantileSorted(xs, q)).toBeCloseTo(want![i]!, 14));
    expect(quantileSorted(Float64Array.of(1, 2, 3, 4), 0.25)).toBe(1.75);
  });

  it('refuses an empty sample and q outside [0, 1]', () => {
    expect(() => quantileSorted([], 0.5)).toThrow('quantileSorted needs a non-empty sample');
    expect(() => quantileSorted([1], 1.5)).toThrow('q must be between 0 and 1, got 1.5');
  });
});
