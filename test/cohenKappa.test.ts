import { describe, expect, it } from 'vitest';
import { cohenKappa } from '../src/analysis/cohenKappa';
import { lcg, pythonReference } from './helpers';

describe('cohenKappa', () => {
  it('equals scikit-learn cohen_kappa_score, unweighted, linear and quadratic, on Likert ratings and on category names', () => {
    const rnd = lcg(11);
    const likert = Array.from({ length: 400 }, () => 1 + Math.floor(rnd() * 5));
    const second = likert.map((x) => Math.max(1, Math.min(5, x + (rnd() < 0.3 ? (rnd() < 0.5 ? -1 : 1) : 0) + (rnd() < 0.05 ? 2 : 0))));
    const cats = ['hallucination', 'wrong_intent', 'bad_retrieval', 'other', 'missing_info'];
    const c1 = Array.from({ length: 250 }, () => cats[Math.floor(rnd() * 5)]!);
    const c2 = c1.map((c) => (rnd() < 0.7 ? c : cats[Math.floor(rnd() * 5)]!));
    // A rater who never uses one of the labels (the union of labels is the scale), and a sparse numeric scale.
    const gapsA = [1, 3, 5, 5, 3, 1, 9, 9];
    const gapsB = [1, 3, 3, 5, 5, 1, 9, 5];
    const cases = [
      { a: likert, b: second },
      { a: likert, b: second, weights: 'linear' },
      { a: likert, b: second, weights: 'quadratic' },
      { a: c1, b: c2 },
      { a: gapsA, b: gapsB, weights: 'quadratic' },
      { a: gapsA, b: gapsB, weights: 'linear' },
    ] as const;
    // Expected values: test/reference/agreement_reference.py, scikit-learn's metrics.cohen_kappa_score.
    const expected = pythonReference<{ kappa: number }[]>(
      'agreement_reference.py',
      cases.map((c) => ({ kind: 'kappa', ...c })),
    );
    cases.forEach((c, i) =>
      expect(cohenKappa(c.a, c.b, 'weights' in c ? { weights: c.weights } : {}), `case ${i}`).toBeCloseTo(expected[i]!.kappa, 12),
    );
  });

  it('gives the docstring example, 1 for perfect agreement and a negative value for systematic disagreement', () => {
    expect(cohenKappa([1, 2, 3, 3], [1, 2, 2, 3], { weights: 'quadratic' })).toBeCloseTo(0.8, 12); // scikit-learn 1.2.1
    expect(cohenKappa(['a', 'b', 'a'], ['a', 'b', 'a'])).toBe(1);
    expect(cohenKappa(['a', 'b'], ['b', 'a'])).toBe(-1); // scikit-learn gives -1.0
  });

  it('refuses unequal lengths, no items, a non-finite label and a single shared label', () => {
    expect(() => cohenKappa([1, 2], [1])).toThrow(/2 and 1 items/);
    expect(() => cohenKappa([], [])).toThrow(/no items/);
    expect(() => cohenKappa([1, Number.NaN], [1, 2])).toThrow(/a\[1\] is not a finite label/);
    expect(() => cohenKappa([4, 4, 4], [4, 4, 4])).toThrow(/undefined: both raters gave all 3 items the label 4/);
  });
});
