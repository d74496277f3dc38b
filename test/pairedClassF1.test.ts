import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/analysis/aaSimulation';
import { pairedClassF1 } from '../src/analysis/pairedClassF1';
import { pythonReference } from './helpers';

const INTENTS = ['recommendation', 'product_question', 'faq_simple', 'order_tracking'];

describe('pairedClassF1', () => {
  it("gives scikit-learn's per-class F1 and SciPy's paired percentile bootstrap of its change, to Monte Carlo error", () => {
    const r = mulberry32(12);
    const truth = Array.from({ length: 400 }, () => INTENTS[Math.floor(r() * 4)]!);
    const noisy = (p: number) => truth.map((t) => (r() < p ? t : INTENTS[Math.floor(r() * 4)]!));
    const baseline = noisy(0.9);
    // The candidate confuses product questions with recommendations far more often.
    const candidate = noisy(0.9).map((x, i) => (truth[i] === 'product_question' && r() < 0.3 ? 'recommendation' : x));
    const got = pairedClassF1(truth, baseline, candidate, { resamples: 4000, seed: 2 });
    // Expected values: test/reference/paired_reference.py, scikit-learn f1_score and SciPy bootstrap(paired=True).
    const want = pythonReference<{ baselineF1: number; candidateF1: number; lower: number; upper: number; standardError: number }[]>(
      'paired_reference.py',
      got.map((g) => ({ kind: 'class_f1', truth, baseline, candidate, label: g.label, resamples: 4000 })),
    );
    got.forEach((g, i) => {
      expect(g.baselineF1).toBeCloseTo(want[i]!.baselineF1, 12);
      expect(g.candidateF1).toBeCloseTo(want[i]!.candidateF1, 12);
      expect(Math.abs(g.lower - want[i]!.lower)).toBeLessThan(0.15 * want[i]!.standardError);
      expect(Math.abs(g.upper - want[i]!.upper)).toBeLessThan(0.15 * want[i]!.standardError);
    });
    const pq = got.find((g) => g.label === 'product_question')!;
    expect(pq).toMatchObject({ significant: true });
    expect(pq.upper).toBeLessThan(0);
    // Holm over the four classes: every adjusted p at least its raw p.
    expect(got.every((g) => g.adjustedP >= g.pValue)).toBe(true);
  });

  it('leaves out classes with no true entry, and refuses unpaired lists', () => {
    const out = pairedClassF1(['a', 'a', 'a'], ['a', 'a', 'b'], ['a', 'b', 'b'], { resamples: 200 });
    expect(out.map((x) => x.label)).toEqual(['a']);
    expect(() => pairedClassF1(['a', 'b'], ['a'], ['a', 'b'])).toThrow('truth, baseline and candidate have 2, 1 and 2 labels');
  });
});
