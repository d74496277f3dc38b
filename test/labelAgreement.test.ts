import { describe, expect, it } from 'vitest';
import { labelAgreement } from '../src/analysis/labelAgreement';
import { pythonReference } from './helpers';

describe('labelAgreement', () => {
  it("pairs the items both labelled and gives scikit-learn's kappa on them", () => {
    const a = ['x', 'y', null, 'x', 'z', 'y', 'x'];
    const b = ['x', 'x', 'y', 'x', 'z', null, 'y'];
    // Expected: test/reference/agreement_reference.py, scikit-learn cohen_kappa_score on the five paired items.
    const [k] = pythonReference<[{ kappa: number }]>('agreement_reference.py', [
      { kind: 'kappa', a: ['x', 'y', 'x', 'z', 'x'], b: ['x', 'x', 'x', 'z', 'y'] },
    ]);
    const r = labelAgreement(a, b);
    expect(r).toMatchObject({ n: 5, changed: 2, agreement: 0.6 });
    expect(r.kappa).toBeCloseTo(k!.kappa, 12);
    expect(labelAgreement([1, 2, 3, 3], [1, 2, 2, 3], { weights: 'quadratic' }).kappa).toBeCloseTo(0.8, 12); // scikit-learn 1.2.1
  });

  it('says why kappa is missing, and refuses labellings of different lengths', () => {
    expect(labelAgreement(['a', null], [null, 'a'])).toEqual({
      n: 0,
      changed: 0,
      agreement: null,
      kappa: null,
      note: 'no item was labelled by both',
    });
    const same = labelAgreement(['a', 'a'], ['a', 'a']);
    expect(same).toMatchObject({ n: 2, changed: 0, agreement: 1, kappa: null });
    expect(same.note).toMatch(/kappa is undefined/);
    expect(() => labelAgreement(['a'], [])).toThrow(/1 and 0 labels/);
  });
});
