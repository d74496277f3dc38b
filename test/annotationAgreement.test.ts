import { describe, expect, it } from 'vitest';
import { annotationAgreement } from '../src/analysis/annotationAgreement';
import type { Annotation } from '../src/analysis/annotationSchema';
import { lcg, pythonReference } from './helpers';

function annotation(
  sampleId: string,
  annotatorId: string,
  q: number[],
  purchase: boolean,
  failure: Annotation['failureCategory'],
): Annotation {
  return {
    line: 0,
    sampleId,
    annotatorId,
    scores: { factual_correctness: q[0]!, helpfulness: q[1]!, tone_appropriateness: q[2]!, format_quality: q[3]! },
    purchaseLikelihood: purchase,
    failureCategory: failure,
  };
}

describe('annotationAgreement', () => {
  it("pairs each sample's two annotators and equals scikit-learn cohen_kappa_score per dimension", () => {
    const rnd = lcg(23);
    const clamp = (x: number) => Math.max(1, Math.min(5, Math.round(x)));
    const rows: Annotation[] = [];
    const pairs: { a: number[][]; b: number[][] } = { a: [], b: [] };
    for (let i = 0; i < 200; i++) {
      const q = 1 + rnd() * 4;
      const s1 = [0, 1, 2, 3].map(() => clamp(q + (rnd() - 0.5) * 1.4));
      const s2 = [0, 1, 2, 3].map(() => clamp(q + (rnd() - 0.5) * 1.4));
      // Annotator ids out of order in the file: the pair is ordered by id (ann-01 first).
      rows.push(
        annotation(`S${i}`, 'ann-02', s2, q > 3, q < 2 ? 'hallucination' : 'none'),
        annotation(`S${i}`, 'ann-01', s1, q > 3.2, q < 2.2 ? 'hallucination' : 'none'),
      );
      pairs.a.push(s1);
      pairs.b.push(s2);
    }
    rows.push(annotation('lonely', 'ann-01', [3, 3, 3, 3], true, 'none'));
    const r = annotationAgreement(rows);
    const cases = [0, 1, 2, 3].flatMap((d) => [
      { kind: 'kappa', a: pairs.a.map((s) => s[d]), b: pairs.b.map((s) => s[d]) },
      { kind: 'kappa', a: pairs.a.map((s) => s[d]), b: pairs.b.map((s) => s[d]), weights: 'quadratic' },
    ]);
    // Expected values: test/reference/agreement_reference.py, scikit-learn's metrics.cohen_kappa_score.
    const want = pythonReference<{ kappa: number }[]>('agreement_reference.py', cases);
    r.dimensions.slice(0, 4).forEach((d, i) => {
      expect(d.pairs).toBe(200);
      expect(d.kappa).toBeCloseTo(want[2 * i]!.kappa, 12);
      expect(d.weightedKappa).toBeCloseTo(want[2 * i + 1]!.kappa, 12);
      expect(d.gated).toBe(d.weightedKappa);
      expect(d.passes).toBe(d.weightedKappa! >= 0.7);
    });
    expect(r.dimensions.map((d) => d.dimension)).toEqual([
      'factual_correctness',
      'helpfulness',
      'tone_appropriateness',
      'format_quality',
      'purchase_likelihood',
      'failure_category',
    ]);
    expect(r.dimensions[4]!.weightedKappa).toBeNull();
    expect(r.singleAnnotator).toBe(1);
    expect(r.passes).toBe(r.dimensions.every((d) => d.passes));
  });

  it('reports an undefined kappa as null with a note and as not passing; no annotations give no verdict', () => {
    const rows = [
      annotation('S1', 'a', [5, 5, 5, 5], true, 'none'),
      annotation('S1', 'b', [5, 5, 5, 5], true, 'none'),
      annotation('S2', 'a', [4, 4, 4, 4], true, 'none'),
      annotation('S2', 'b', [4, 5, 4, 4], true, 'none'),
    ];
    const r = annotationAgreement(rows);
    const purchase = r.dimensions.find((d) => d.dimension === 'purchase_likelihood')!;
    expect(purchase).toMatchObject({ kappa: null, gated: null, passes: false });
    expect(purchase.note).toMatch(/both raters gave all 2 items the label yes/);
    expect(r.passes).toBe(false);
    expect(annotationAgreement([]).passes).toBeNull();
  });
});
