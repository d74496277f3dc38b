import type { FailureCategory } from '../../analysis/failureCategories';
import type { JudgeReliability } from '../../analysis/judgeReliability';

/** The judges a record can be measured for: the rule-based categorizer and the Bedrock error categorizer. */
export const JUDGE_NAMES = ['rules', 'error-categorizer'] as const;
export type JudgeName = (typeof JUDGE_NAMES)[number];

/**
 * The failure categories that blame the responder's answer itself (what it said, how it said it), as opposed to the
 * classifier (wrong_intent), the retriever (bad_retrieval), the platform (slow_response) or the request (out_of_scope):
 * a judge of the responder's own family that favours it would put fewer turns here than the humans do.
 */
export const RESPONDER_BLAMED: readonly FailureCategory[] = ['hallucination', 'unhelpful_tone', 'missing_info', 'format_issue'];

/** What `mangalab judge check` measured and stores: the judge, its sample and its reliability. */
export interface JudgeRecord {
  recordId: string;
  judge: JudgeName;
  modelId: string;
  promptVersion: string;
  measuredAt: string;
  /** True for the rule set: the same signals always give the same category, so retest and order are 1 by design. */
  deterministic: boolean;
  sample: { labels: string; window: { from: string; to: string }; items: number; notes: string[] };
  /** The responder models of the sampled turns, and whether one shares the judge's family (the self-preference check). */
  responderModels: string[];
  sameFamily: boolean;
  reliability: JudgeReliability;
  /**
   * The rule set only: each rule's turns in the sample and how many the humans gave the same category (which rules to
   * trust, which to mend), and the spread of the human categories over the turns no signal rule placed.
   */
  rules: null | {
    byRule: { rule: string; category: FailureCategory; turns: number; agreed: number }[];
    unplaced: { turns: number; categories: number; top: FailureCategory | null; topTurns: number };
  };
  /** The Bedrock cost of the three passes; null for the rule set. */
  cost: { calls: number; cachedTurns: number; spentUsd: number } | null;
}
