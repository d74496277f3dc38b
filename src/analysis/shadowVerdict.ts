/** Aggregates of shadow_comparisons over the review window, as queries/shadow/summary.sql returns them. */
export interface ShadowSummary {
  comparisons: number;
  days: number;
  /** Mean BERTScore F1 of the candidate's answer against production's; null when none was scored. */
  meanBertscoreF1: number | null;
  prodWordsMean: number | null;
  candidateWordsMean: number | null;
  prodGuardrailPassRate: number | null;
  candidateGuardrailPassRate: number | null;
  prodHallucinationMean: number | null;
  candidateHallucinationMean: number | null;
  /** Share of requests the candidate routed to another intent than production did. */
  intentChangeRate: number | null;
}

export interface ShadowOptions {
  /** Largest allowed BERTScore drop, 1 - mean F1 (default 0.05). */
  maxBertscoreDrop?: number;
  /** Largest allowed relative change of mean response length (default 0.20). */
  maxLengthChange?: number;
  /** Largest allowed fall of the guardrail pass rate, in rate units (default 0.01, 1pp). */
  maxGuardrailDrop?: number;
  /** Largest allowed rise of the mean hallucination score (default 0.02). */
  maxHallucinationIncrease?: number;
  /** Largest allowed share of changed intent routes (default 0.05, strict). */
  maxIntentChangeRate?: number;
  /** Fewer comparisons than this make the verdict insufficient (default 1000). */
  minComparisons?: number;
  /** Fewer days than this make the verdict insufficient (default 3, US-3.3's shortest run). */
  minDays?: number;
}

export interface ShadowCriterion {
  id: 'bertscore_drop' | 'length_change' | 'guardrail_pass_rate' | 'hallucination_score' | 'intent_routing_changes';
  label: string;
  /** What was measured (a drop, a relative change, a difference, a rate); null when not computable. */
  value: number | null;
  limit: number;
  verdict: 'pass' | 'fail' | 'not computed';
  detail: string;
}

export interface ShadowResult {
  verdict: 'pass' | 'fail' | 'insufficient';
  criteria: ShadowCriterion[];
  summary: string;
}

/**
 * The shadow-mode verdict (US-3.3): the candidate against production on the same requests, five criteria. BERTScore
 * drop, 1 - mean F1 of candidate against production answers, at most 5%; mean response length within +-20% of
 * production's; candidate guardrail pass rate at least production's - 1pp; mean hallucination score at most
 * production's + 0.02; intent routing changes under 5%. Each criterion passes, fails or is not computed (its
 * inputs missing); the overall verdict fails on any failure, is insufficient below `minComparisons` or `minDays`
 * or with a criterion not computed, and passes otherwise.
 * Reference: https://arxiv.org/abs/1904.09675 (BERTScore)
 *
 * @throws RangeError for a negative comparison or day count.
 * @example
 * shadowVerdict({ comparisons: 5000, days: 4, meanBertscoreF1: 0.97, prodWordsMean: 100, candidateWordsMean: 108,
 *   prodGuardrailPassRate: 0.98, candidateGuardrailPassRate: 0.975, prodHallucinationMean: 0.05,
 *   candidateHallucinationMean: 0.06, intentChangeRate: 0.02 }).verdict // => 'pass'
 */
export function shadowVerdict(s: ShadowSummary, options: ShadowOptions = {}): ShadowResult {
  if (!(s.comparisons >= 0) || !(s.days >= 0))
    throw new RangeError(`comparisons and days must be non-negative, got ${s.comparisons} and ${s.days}`);
  const o = {
    maxBertscoreDrop: options.maxBertscoreDrop ?? 0.05,
    maxLengthChange: options.maxLengthChange ?? 0.2,
    maxGuardrailDrop: options.maxGuardrailDrop ?? 0.01,
    maxHallucinationIncrease: options.maxHallucinationIncrease ?? 0.02,
    maxIntentChangeRate: options.maxIntentChangeRate ?? 0.05,
    minComparisons: options.minComparisons ?? 1000,
    minDays: options.minDays ?? 3,
  };
  // Bounds are inclusive; differences of rates carry rounding (1 - 0.95 is 0.05000000000000004), so compare with slack.
  const TOL = 1e-12;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const criterion = (
    id: ShadowCriterion['id'],
    label: string,
    value: number | null,
    limit: number,
    ok: (v: number) => boolean,
    detail: (v: number) => string,
    missing: string,
  ): ShadowCriterion =>
    value === null || !Number.isFinite(value)
      ? { id, label, value: null, limit, verdict: 'not computed', detail: missing }
      : { id, label, value, limit, verdict: ok(value) ? 'pass' : 'fail', detail: detail(value) };
  const nz = (x: number | null) => x !== null && x !== 0;
  const criteria: ShadowCriterion[] = [
    criterion(
      'bertscore_drop',
      'BERTScore drop (1 - mean F1)',
      s.meanBertscoreF1 === null ? null : 1 - s.meanBertscoreF1,
      o.maxBertscoreDrop,
      (v) => v <= o.maxBertscoreDrop + TOL,
      (v) => `mean F1 ${s.meanBertscoreF1!.toFixed(3)}: a drop of ${pct(v)} (at most ${pct(o.maxBertscoreDrop)})`,
      'no BERTScore in the comparisons',
    ),
    criterion(
      'length_change',
      'Response length change',
      s.candidateWordsMean !== null && nz(s.prodWordsMean) ? s.candidateWordsMean / s.prodWordsMean! - 1 : null,
      o.maxLengthChange,
      (v) => Math.abs(v) <= o.maxLengthChange + TOL,
      (v) =>
        `${s.candidateWordsMean!.toFixed(1)} words against ${s.prodWordsMean!.toFixed(1)}: ${v >= 0 ? '+' : ''}${pct(v)} (within +-${pct(o.maxLengthChange)})`,
      'no response lengths (or production averages 0 words)',
    ),
    criterion(
      'guardrail_pass_rate',
      'Guardrail pass rate',
      s.candidateGuardrailPassRate !== null && s.prodGuardrailPassRate !== null
        ? s.candidateGuardrailPassRate - s.prodGuardrailPassRate
        : null,
      o.maxGuardrailDrop,
      (v) => v >= -o.maxGuardrailDrop - TOL,
      (v) =>
        `${pct(s.candidateGuardrailPassRate!)} against ${pct(s.prodGuardrailPassRate!)}: ${(v * 100).toFixed(2)}pp (at least -${(o.maxGuardrailDrop * 100).toFixed(1)}pp)`,
      'no guardrail results',
    ),
    criterion(
      'hallucination_score',
      'Hallucination score',
      s.candidateHallucinationMean !== null && s.prodHallucinationMean !== null
        ? s.candidateHallucinationMean - s.prodHallucinationMean
        : null,
      o.maxHallucinationIncrease,
      (v) => v <= o.maxHallucinationIncrease + TOL,
      (v) =>
        `${s.candidateHallucinationMean!.toFixed(4)} against ${s.prodHallucinationMean!.toFixed(4)}: ${v >= 0 ? '+' : ''}${v.toFixed(4)} (at most +${o.maxHallucinationIncrease})`,
      'no hallucination scores',
    ),
    criterion(
      'intent_routing_changes',
      'Intent routing changes',
      s.intentChangeRate,
      o.maxIntentChangeRate,
      (v) => v < o.maxIntentChangeRate,
      (v) => `${pct(v)} of requests routed differently (under ${pct(o.maxIntentChangeRate)})`,
      'no intents in the comparisons',
    ),
  ];
  const failed = criteria.filter((c) => c.verdict === 'fail');
  const missing = criteria.filter((c) => c.verdict === 'not computed');
  const short = s.comparisons < o.minComparisons || s.days < o.minDays;
  const verdict = failed.length > 0 ? 'fail' : short || missing.length > 0 ? 'insufficient' : 'pass';
  const summary =
    verdict === 'fail'
      ? `Fail: ${failed.map((c) => c.label.toLowerCase()).join(', ')} out of bounds over ${s.comparisons} comparisons in ${s.days} days.`
      : verdict === 'pass'
        ? `Pass: all five criteria within bounds over ${s.comparisons} comparisons in ${s.days} days.`
        : `Insufficient: ${short ? `${s.comparisons} comparisons over ${s.days} days (need ${o.minComparisons} over ${o.minDays})` : ''}${short && missing.length ? '; ' : ''}${missing.length ? `${missing.map((c) => c.label.toLowerCase()).join(', ')} not computed` : ''}.`;
  return { verdict, criteria, summary };
}
