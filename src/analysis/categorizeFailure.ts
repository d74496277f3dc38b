import type { FailureCategory } from './failureCategories';
import type { FailurePrior } from './failurePriors';

/**
 * What the warehouse knows about one negative turn, reduced to the flags the rules read. The thresholds behind the
 * flags (low confidence, slow, short answer) are applied in SQL from config/errors.json, so turns with the same flags
 * can be counted together and only the counts leave the warehouse.
 */
export interface FailureSignals {
  thumbsDown: boolean;
  escalated: boolean;
  /** The guardrail stage that blocked the turn, or null when none did. */
  guardrailStage: string | null;
  hallucinationFlag: boolean;
  /** Classifier confidence under the configured floor. */
  lowConfidence: boolean;
  /** The labelled sample's true intent differs from the predicted one; null when the turn is not labelled. */
  labelMismatch: boolean | null;
  isError: boolean;
  /** Latency above the configured limit. */
  slow: boolean;
  stopReason: string | null;
  /** An LLM answer that retrieved no chunks. */
  noRetrieval: boolean;
  /** An LLM answer shorter than the configured minimum word count. */
  shortAnswer: boolean;
  /** The category the user's own words point at (feedback text matched against the configured hints), or null. */
  feedbackHint: FailureCategory | null;
  /** The classified intent; the escalation intent is a user asking for a human. */
  intent: string | null;
}

export interface CategorizedFailure {
  category: FailureCategory;
  /** The rule that placed it, in words, for the report and for the agreement study. */
  rule: string;
}

/**
 * The version of the rule set below, stored with its reliability record (`mangalab judge check --judge rules`): change
 * it whenever a rule changes, so that a record always describes the rules that are running.
 */
export const RULES_VERSION = '2';

/** The rule of a turn no rule placed: what failurePriors learns from. */
export const NO_RULE = 'no rule matched';

/** Guardrail stages and what a block there says about the answer. */
const GUARDRAIL_CATEGORY: Record<string, FailureCategory> = {
  prompt_injection: 'out_of_scope',
  input_toxicity: 'out_of_scope',
  competitor_filter: 'out_of_scope',
  price_validation: 'hallucination',
  asin_validation: 'hallucination',
  url_validation: 'hallucination',
  format_check: 'format_issue',
};

/**
 * The rule-based categorizer, the embedded default of error analysis (US-8.2). The first rule that matches decides:
 * 1. a guardrail block: injection, toxicity and competitor blocks are out_of_scope; price, ASIN and URL validation
 *    blocks are hallucination (the answer invented a fact the validator caught); format_check is format_issue; any other
 *    stage (such as pii_detection) is other;
 * 2. the hallucination detector's flag: hallucination;
 * 3. a labelled turn whose true intent differs, or confidence under the floor: wrong_intent;
 * 4. a system error: other;
 * 5. latency over the limit: slow_response;
 * 6. an answer cut at max_tokens: missing_info; one the model's content filter stopped: out_of_scope;
 * 7. the user's feedback text, when it matches a hint: that category;
 * 8. an LLM answer with no retrieved chunks: bad_retrieval;
 * 9. an LLM answer under the minimum length: missing_info;
 * 10. a user who asked for a human (the escalation intent) with no other signal: out_of_scope (a request the
 *     assistant is not built to serve);
 * 11. with `priors` (failurePriors, learned from human labels of earlier turns): the category the annotators most
 *     often gave unplaced turns of the intent, when it stood out from chance;
 * 12. otherwise: other.
 * Reference: MangaAssist US-8.2 (../shared/seeds); the rules are documented in docs/errors.md.
 *
 * @throws never.
 * @example
 * categorizeFailure({ thumbsDown: true, escalated: false, guardrailStage: 'price_validation', hallucinationFlag: false, lowConfidence: false, labelMismatch: null, isError: false, slow: false, stopReason: 'end_turn', noRetrieval: false, shortAnswer: false, feedbackHint: null, intent: 'product_question' }).category // => 'hallucination'
 */
export function categorizeFailure(s: FailureSignals, priors?: ReadonlyMap<string, FailurePrior>): CategorizedFailure {
  if (s.guardrailStage)
    return { category: GUARDRAIL_CATEGORY[s.guardrailStage] ?? 'other', rule: `guardrail block at ${s.guardrailStage}` };
  if (s.hallucinationFlag) return { category: 'hallucination', rule: 'hallucination detector flag' };
  if (s.labelMismatch === true) return { category: 'wrong_intent', rule: 'labelled intent differs from the classifier' };
  if (s.lowConfidence) return { category: 'wrong_intent', rule: 'classifier confidence under the floor' };
  if (s.isError) return { category: 'other', rule: 'system error' };
  if (s.slow) return { category: 'slow_response', rule: 'latency over the limit' };
  if (s.stopReason === 'max_tokens') return { category: 'missing_info', rule: 'answer cut at max_tokens' };
  if (s.stopReason === 'content_filtered') return { category: 'out_of_scope', rule: 'stopped by the content filter' };
  if (s.feedbackHint) return { category: s.feedbackHint, rule: 'feedback text' };
  if (s.noRetrieval) return { category: 'bad_retrieval', rule: 'LLM answer with no retrieved chunks' };
  if (s.shortAnswer) return { category: 'missing_info', rule: 'LLM answer under the minimum length' };
  if (s.intent === 'escalation') return { category: 'out_of_scope', rule: 'user asked for a human' };
  const prior = s.intent === null ? undefined : priors?.get(s.intent);
  if (prior) return { category: prior.category, rule: `intent prior (${prior.k} of ${prior.n} labelled unplaced ${prior.intent} turns)` };
  return { category: 'other', rule: NO_RULE };
}
