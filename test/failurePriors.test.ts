import { describe, expect, it } from 'vitest';
import type { FailureCategory } from '../src/analysis/failureCategories';
import { failurePriors, type UnplacedLabel } from '../src/analysis/failurePriors';
import { lcg, pythonReference } from './helpers';

const SIX: FailureCategory[] = ['wrong_intent', 'bad_retrieval', 'hallucination', 'unhelpful_tone', 'missing_info', 'format_issue'];

function labels(rnd: () => number, intent: string, n: number, topShare: number, top: FailureCategory = 'bad_retrieval'): UnplacedLabel[] {
  return Array.from({ length: n }, () => ({ intent, category: rnd() < topShare ? top : SIX[Math.floor(rnd() * SIX.length)]! }));
}

describe('failurePriors', () => {
  it("keeps a dominant category with SciPy's exact binomial p-value, Bonferroni-adjusted for categories and intents", () => {
    const rnd = lcg(5);
    const data = [...labels(rnd, 'recommendation', 60, 0.6), ...labels(rnd, 'product_question', 40, 0)];
    const priors = failurePriors(data);
    const rec = data.filter((l) => l.intent === 'recommendation');
    const k = rec.filter((l) => l.category === 'bad_retrieval').length;
    const K = new Set(rec.map((l) => l.category)).size;
    // Expected: test/reference/agreement_reference.py, SciPy binomtest(k, n, 1/K, alternative='greater').
    const [ref] = pythonReference<[{ pValue: number }]>('agreement_reference.py', [{ kind: 'binom_greater', k, n: 60, p: 1 / K }]);
    expect(priors.get('recommendation')).toMatchObject({ category: 'bad_retrieval', n: 60, k });
    expect(priors.get('recommendation')!.pValue).toBeCloseTo(Math.min(1, 2 * K * ref!.pValue), 12);
    // Labels spread evenly over six categories: no prior for that intent.
    expect(priors.has('product_question')).toBe(false);
  });

  it('needs minSupport labels, ignores other and unknown intents, and breaks ties by name', () => {
    const few = Array.from({ length: 19 }, () => ({ intent: 'faq_simple', category: 'missing_info' as FailureCategory }));
    expect(failurePriors(few).size).toBe(0);
    expect(failurePriors(few, { minSupport: 19 }).get('faq_simple')!.category).toBe('missing_info');
    const noise = [
      ...Array.from({ length: 30 }, () => ({ intent: null, category: 'missing_info' as FailureCategory })),
      ...Array.from({ length: 30 }, () => ({ intent: 'chitchat', category: 'other' as FailureCategory })),
    ];
    expect(failurePriors(noise).size).toBe(0);
    const tie = [...Array(12).fill('missing_info'), ...Array(12).fill('format_issue'), ...Array(6).fill('hallucination')].map((c) => ({
      intent: 'faq',
      category: c as FailureCategory,
    }));
    expect(failurePriors(tie, { alpha: 0.9 }).get('faq')!.category).toBe('format_issue');
    expect(() => failurePriors([], { minSupport: 0 })).toThrow(/minSupport/);
    expect(() => failurePriors([], { alpha: 1 })).toThrow(/alpha/);
  });

  it('cries wolf on at most 5% of label sets with no pattern, and finds a 40% category in 50 labels most of the time', () => {
    // 2,000 simulated warehouses of three intents with 50 unplaced labels each.
    const rnd = lcg(41);
    let falseAlarms = 0;
    let found = 0;
    const runs = 2000;
    for (let r = 0; r < runs; r++) {
      const none = [...labels(rnd, 'a', 50, 0), ...labels(rnd, 'b', 50, 0), ...labels(rnd, 'c', 50, 0)];
      if (failurePriors(none).size > 0) falseAlarms++;
      const some = [...labels(rnd, 'a', 50, 0.3), ...labels(rnd, 'b', 50, 0), ...labels(rnd, 'c', 50, 0)];
      if (failurePriors(some).get('a')?.category === 'bad_retrieval') found++;
    }
    // Measured at this seed: false alarms 2.05%, power 92.3% (0.3 + 0.7/6 = 42% of the labels in one category). docs/errors.md.
    expect(falseAlarms / runs).toBeLessThan(0.05);
    expect(found / runs).toBeGreaterThan(0.6);
  });
});
