import { describe, expect, it } from 'vitest';
import { categorizeFailure, NO_RULE, type FailureSignals } from '../src/analysis/categorizeFailure';
import { FAILURE_CATEGORIES, isFailureCategory, type FailureCategory } from '../src/analysis/failureCategories';
import { failurePriors } from '../src/analysis/failurePriors';

const quiet: FailureSignals = {
  thumbsDown: true,
  escalated: false,
  guardrailStage: null,
  hallucinationFlag: false,
  lowConfidence: false,
  labelMismatch: null,
  isError: false,
  slow: false,
  stopReason: 'end_turn',
  noRetrieval: false,
  shortAnswer: false,
  feedbackHint: null,
  intent: 'recommendation',
};

describe('categorizeFailure', () => {
  it('reads each documented rule (rules of docs/errors.md, one signal at a time)', () => {
    const cases: [Partial<FailureSignals>, string, string][] = [
      [{ guardrailStage: 'price_validation' }, 'hallucination', 'guardrail block at price_validation'],
      [{ guardrailStage: 'prompt_injection' }, 'out_of_scope', 'guardrail block at prompt_injection'],
      [{ guardrailStage: 'format_check' }, 'format_issue', 'guardrail block at format_check'],
      [{ guardrailStage: 'pii_detection' }, 'other', 'guardrail block at pii_detection'],
      [{ hallucinationFlag: true }, 'hallucination', 'hallucination detector flag'],
      [{ labelMismatch: true }, 'wrong_intent', 'labelled intent differs from the classifier'],
      [{ lowConfidence: true }, 'wrong_intent', 'classifier confidence under the floor'],
      [{ isError: true }, 'other', 'system error'],
      [{ slow: true }, 'slow_response', 'latency over the limit'],
      [{ stopReason: 'max_tokens' }, 'missing_info', 'answer cut at max_tokens'],
      [{ stopReason: 'content_filtered' }, 'out_of_scope', 'stopped by the content filter'],
      [{ feedbackHint: 'unhelpful_tone' }, 'unhelpful_tone', 'feedback text'],
      [{ noRetrieval: true }, 'bad_retrieval', 'LLM answer with no retrieved chunks'],
      [{ shortAnswer: true }, 'missing_info', 'LLM answer under the minimum length'],
      [{ intent: 'escalation', escalated: true }, 'out_of_scope', 'user asked for a human'],
      [{}, 'other', 'no rule matched'],
    ];
    for (const [change, category, rule] of cases)
      expect(categorizeFailure({ ...quiet, ...change }), JSON.stringify(change)).toEqual({ category, rule });
  });

  it('lets the earlier rule win when signals compete', () => {
    expect(categorizeFailure({ ...quiet, guardrailStage: 'asin_validation', lowConfidence: true, slow: true }).category).toBe(
      'hallucination',
    );
    expect(
      categorizeFailure({ ...quiet, labelMismatch: false, lowConfidence: false, slow: true, feedbackHint: 'hallucination' }).category,
    ).toBe('slow_response');
  });

  it('places every turn in one of the nine categories', () => {
    expect(FAILURE_CATEGORIES).toHaveLength(9);
    expect(isFailureCategory(categorizeFailure(quiet).category)).toBe(true);
    expect(isFailureCategory('vibes')).toBe(false);
  });

  it('takes an intent prior (failurePriors) as its last rule: only a turn no signal placed takes it', () => {
    const priors = failurePriors(
      Array.from({ length: 30 }, () => ({ intent: 'recommendation', category: 'bad_retrieval' as FailureCategory })),
    );
    expect(categorizeFailure(quiet).rule).toBe(NO_RULE);
    expect(categorizeFailure(quiet, priors)).toEqual({
      category: 'bad_retrieval',
      rule: 'intent prior (30 of 30 labelled unplaced recommendation turns)',
    });
    expect(categorizeFailure({ ...quiet, slow: true }, priors).category).toBe('slow_response');
    expect(categorizeFailure({ ...quiet, intent: 'faq_simple' }, priors).category).toBe('other');
  });
});
