import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/analysis/aaSimulation';
import { repeatVariance } from '../src/analysis/repeatVariance';
import { pythonReference } from './helpers';

describe('repeatVariance', () => {
  it('splits a per-entry metric into between-entry and within-entry variance as pandas groupby does', () => {
    const r = mulberry32(4);
    // 520 entries answered 5 times: an entry-level ROUGE-L with sampling noise, and a pass/fail that flips now and then.
    const rouge = Array.from({ length: 520 }, () => {
      const level = 0.3 + 0.6 * r();
      return Array.from({ length: 5 }, () => Math.min(1, Math.max(0, level + 0.05 * (r() - 0.5))));
    });
    const pass = Array.from({ length: 520 }, () => {
      const p = r() < 0.9 ? 0.97 : 0.4;
      return Array.from({ length: 5 }, () => (r() < p ? 1 : 0));
    });
    // Expected values: test/reference/paired_reference.py, pandas groupby('entry') var(ddof=1).
    const want = pythonReference<{ between: number; within: number }[]>('paired_reference.py', [
      { kind: 'repeats', values: rouge },
      { kind: 'repeats', values: pass },
    ]);
    [rouge, pass].forEach((values, i) => {
      const v = repeatVariance(values);
      expect(v.between).toBeCloseTo(want[i]!.between, 12);
      expect(v.within).toBeCloseTo(want[i]!.within, 12);
      expect(v.withinShare).toBeCloseTo(v.within / (v.within + v.between), 15);
      expect(v.repeatStandardError).toBeCloseTo(Math.sqrt(v.within / 520), 15);
    });
  });

  it('gives the TSDoc example by hand, no share for a constant metric, and refuses ragged or too small input', () => {
    expect(
      repeatVariance([
        [1, 1],
        [0, 1],
      ]),
    ).toMatchObject({ within: 0.25, between: 0.125, mean: 0.75 });
    expect(
      repeatVariance([
        [1, 1],
        [1, 1],
      ]).withinShare,
    ).toBeNull();
    expect(() => repeatVariance([[1, 2]])).toThrow('at least 2 entries, got 1');
    expect(() => repeatVariance([[1], [2]])).toThrow('at least 2 repeats, got 1');
    expect(() => repeatVariance([[1, 2], [1]])).toThrow('entry 1 has 1 repeats, entry 0 has 2');
    expect(() =>
      repeatVariance([
        [1, NaN],
        [1, 2],
      ]),
    ).toThrow('entry 0: NaN is not a finite number');
  });
});
