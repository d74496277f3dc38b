export interface InferenceSplit {
  onDemandCalls: number;
  provisionedCalls: number;
}

export interface ThroughputReviewOptions {
  /** On-demand share of calls above which more provisioned throughput is recommended. Default 0.2 (US-9.2). */
  alertShare?: number;
}

export interface ThroughputReview {
  calls: number;
  /** onDemandCalls / calls, or null when there were no calls. */
  onDemandShare: number | null;
  /** 'increase_provisioned' above the alert share, 'maintain' at or under it, 'not_computable' without calls. */
  action: 'increase_provisioned' | 'maintain' | 'not_computable';
  alert: boolean;
  reason: string;
}

/**
 * The monthly provisioned-throughput review of US-9.2: the on-demand share of Bedrock invocations, and the advice
 * to raise the provisioned commitment when on-demand carries more than `alertShare` of them (provisioned is meant
 * to cover P95 traffic, on-demand only the bursts above it).
 * Reference: MangaAssist US-9.2 (../shared/seeds); https://docs.aws.amazon.com/bedrock/latest/userguide/prov-throughput.html
 *
 * @throws RangeError for negative or fractional call counts, or an alert share outside (0, 1).
 * @example
 * throughputReview({ onDemandCalls: 30, provisionedCalls: 70 }).action // => 'increase_provisioned'
 * throughputReview({ onDemandCalls: 0, provisionedCalls: 0 }).action   // => 'not_computable'
 */
export function throughputReview(split: InferenceSplit, options: ThroughputReviewOptions = {}): ThroughputReview {
  const alertShare = options.alertShare ?? 0.2;
  if (!(alertShare > 0 && alertShare < 1)) throw new RangeError(`alertShare must be between 0 and 1, got ${alertShare}`);
  for (const key of ['onDemandCalls', 'provisionedCalls'] as const) {
    if (!Number.isInteger(split[key]) || split[key] < 0) throw new RangeError(`${key} must be a whole number from 0, got ${split[key]}`);
  }
  const calls = split.onDemandCalls + split.provisionedCalls;
  if (calls === 0)
    return { calls, onDemandShare: null, action: 'not_computable', alert: false, reason: 'no LLM calls with an inference type' };
  const onDemandShare = split.onDemandCalls / calls;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  if (onDemandShare > alertShare) {
    return {
      calls,
      onDemandShare,
      action: 'increase_provisioned',
      alert: true,
      reason: `on-demand carried ${pct(onDemandShare)} of calls, above ${pct(alertShare)}: provisioned throughput no longer covers P95 traffic`,
    };
  }
  return {
    calls,
    onDemandShare,
    action: 'maintain',
    alert: false,
    reason: `on-demand carried ${pct(onDemandShare)} of calls, within ${pct(alertShare)}`,
  };
}
