import { describe, expect, it } from 'vitest';
import { shadowVerdict, type ShadowSummary } from '../src/analysis/shadowVerdict';

const GOOD: ShadowSummary = {
  comparisons: 5000,
  days: 4,
  meanBertscoreF1: 0.97,
  prodWordsMean: 100,
  candidateWordsMean: 108,
  prodGuardrailPassRate: 0.98,
  candidateGuardrailPassRate: 0.975,
  prodHallucinationMean: 0.05,
  candidateHallucinationMean: 0.06,
  intentChangeRate: 0.02,
};

describe('shadowVerdict', () => {
  it('passes when all five criteria are within bounds', () => {
    const r = shadowVerdict(GOOD);
    expect(r.verdict).toBe('pass');
    expect(r.criteria.map((c) => c.verdict)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass']);
    expect(r.criteria[1]!.value).toBeCloseTo(0.08, 12);
  });

  it('fails each criterion just past its bound and names it', () => {
    const r = shadowVerdict({
      ...GOOD,
      meanBertscoreF1: 0.94,
      candidateWordsMean: 121,
      candidateGuardrailPassRate: 0.9689,
      candidateHallucinationMean: 0.0701,
      intentChangeRate: 0.05,
    });
    expect(r.criteria.map((c) => [c.id, c.verdict])).toEqual([
      ['bertscore_drop', 'fail'],
      ['length_change', 'fail'],
      ['guardrail_pass_rate', 'fail'],
      ['hallucination_score', 'fail'],
      ['intent_routing_changes', 'fail'],
    ]);
    expect(r.verdict).toBe('fail');
    // The bounds themselves pass (routing changes must stay strictly under 5%).
    const edge = shadowVerdict({
      ...GOOD,
      meanBertscoreF1: 0.95,
      candidateWordsMean: 80,
      candidateGuardrailPassRate: 0.97,
      candidateHallucinationMean: 0.07,
    });
    expect(edge.verdict).toBe('pass');
  });

  it('is insufficient with too few comparisons or days, or a criterion it cannot compute', () => {
    expect(shadowVerdict({ ...GOOD, days: 2 }).verdict).toBe('insufficient');
    const r = shadowVerdict({ ...GOOD, meanBertscoreF1: null });
    expect(r.verdict).toBe('insufficient');
    expect(r.criteria[0]!.verdict).toBe('not computed');
    expect(r.summary).toMatch(/bertscore drop \(1 - mean f1\) not computed/);
    expect(() => shadowVerdict({ ...GOOD, comparisons: -1 })).toThrow(/non-negative/);
  });
});
