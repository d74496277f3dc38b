import { describe, expect, it } from 'vitest';
import { averageRanks } from '../src/analysis/averageRanks';
import { spearman } from '../src/analysis/spearman';
import { mulberry32 } from '../src/analysis/aaSimulation';
import { lcg, pythonReference } from './helpers';

describe('spearman', () => {
  it('equals SciPy spearmanr (rho and two-sided p) on continuous data, heavy ties and a weak correlation', () => {
    const rnd = lcg(5);
    const x1 = Array.from({ length: 200 }, () => rnd() * 10);
    const y1 = x1.map((x) => x + rnd() * 6);
    const x2 = Array.from({ length: 400 }, () => 1 + Math.floor(rnd() * 5)); // Likert scores: ties everywhere
    const y2 = x2.map((x) => (rnd() < 0.5 ? x : 1 + Math.floor(rnd() * 5)) * 0.2);
    const x3 = Array.from({ length: 30 }, () => rnd());
    const y3 = x3.map((x) => rnd() + 0.1 * x);
    const cases = [
      { x: x1, y: y1 },
      { x: x2, y: y2 },
      { x: x3, y: y3 },
      { x: [1, 2, 3, 4, 5], y: [5, 6, 7, 8, 7] },
    ];
    // Expected values: test/reference/agreement_reference.py, SciPy's stats.spearmanr.
    const expected = pythonReference<{ rho: number; pValue: number }[]>(
      'agreement_reference.py',
      cases.map((c) => ({ kind: 'spearman', ...c })),
    );
    cases.forEach((c, i) => {
      const r = spearman(c.x, c.y);
      expect(r.rho, `case ${i}`).toBeCloseTo(expected[i]!.rho, 12);
      expect(r.pValue / expected[i]!.pValue, `case ${i}`).toBeCloseTo(1, 8);
      expect(r.n).toBe(c.x.length);
    });
  });

  it('ranks ties by their average rank, as SciPy rankdata', () => {
    const x = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5];
    const [want] = pythonReference<{ ranks: number[] }[]>('agreement_reference.py', [{ kind: 'rank', x }]);
    expect([...averageRanks(x)]).toEqual(want!.ranks);
    expect([...averageRanks([10, 20, 20, 5])]).toEqual([2, 3.5, 3.5, 1]);
  });

  it('ranks as SciPy rankdata both ways: by counting (few distinct values) and by sorting (more than 4,096)', () => {
    const rnd = mulberry32(9);
    // 20,000 values: 9,000 distinct with ties among them (the sorting path), and 20,000 ratings on 1-7 with 0 and -0
    // among the values (the counting path).
    const many = Array.from({ length: 20_000 }, () => Math.floor(rnd() * 9000) / 7);
    const few = Array.from({ length: 20_000 }, (_, i) => (i % 97 === 0 ? (i % 2 ? -0 : 0) : 1 + Math.floor(rnd() * 7)));
    // Expected values: test/reference/agreement_reference.py, SciPy's stats.rankdata(method='average').
    const want = pythonReference<{ ranks: number[] }[]>('agreement_reference.py', [
      { kind: 'rank', x: many },
      { kind: 'rank', x: few.map((v) => (Object.is(v, -0) ? 0 : v)) },
    ]);
    expect(new Set(many).size).toBeGreaterThan(4096);
    expect([...averageRanks(many)]).toEqual(want[0]!.ranks);
    expect([...averageRanks(few)]).toEqual(want[1]!.ranks);
  });

  it('gives p = 0 for a perfect monotone relation, and refuses short, unpaired, constant or NaN samples', () => {
    expect(spearman([1, 2, 3, 4], [1, 4, 9, 16])).toEqual({ rho: 1, pValue: 0, n: 4 });
    expect(() => spearman([1, 2], [1, 2])).toThrow(/at least 3 pairs, got 2/);
    expect(() => spearman([1, 2, 3], [1, 2])).toThrow(/x has 3 values and y 2/);
    expect(() => spearman([1, 2, 3], [7, 7, 7])).toThrow(/y is constant/);
    expect(() => spearman([1, Number.NaN, 3], [1, 2, 3])).toThrow(/x\[1\] is not a finite number/);
  });
});
