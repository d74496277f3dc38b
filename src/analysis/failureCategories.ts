/**
 * The root-cause buckets of error analysis (MangaAssist US-8.2), in report order. A negative signal lands in exactly
 * one; `other` takes what no rule or model could place.
 */
export const FAILURE_CATEGORIES = [
  'wrong_intent',
  'bad_retrieval',
  'hallucination',
  'unhelpful_tone',
  'missing_info',
  'format_issue',
  'out_of_scope',
  'slow_response',
  'other',
] as const;

export type FailureCategory = (typeof FAILURE_CATEGORIES)[number];

/** True when `x` names one of FAILURE_CATEGORIES exactly. */
export function isFailureCategory(x: unknown): x is FailureCategory {
  return typeof x === 'string' && (FAILURE_CATEGORIES as readonly string[]).includes(x);
}
