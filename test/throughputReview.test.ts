import { describe, expect, it } from 'vitest';
import { throughputReview } from '../src/analysis/throughputReview';

describe('throughputReview', () => {
  it('advises more provisioned throughput when on-demand carries more than the alert share (US-9.2: 20%)', () => {
    expect(throughputReview({ onDemandCalls: 30, provisionedCalls: 70 })).toEqual({
      calls: 100,
      onDemandShare: 0.3,
      action: 'increase_provisioned',
      alert: true,
      reason: 'on-demand carried 30.0% of calls, above 20.0%: provisioned throughput no longer covers P95 traffic',
    });
  });

  it('keeps the commitment at exactly the alert share and below', () => {
    expect(throughputReview({ onDemandCalls: 20, provisionedCalls: 80 })).toMatchObject({
      onDemandShare: 0.2,
      action: 'maintain',
      alert: false,
    });
    expect(throughputReview({ onDemandCalls: 0, provisionedCalls: 5 }, { alertShare: 0.1 })).toMatchObject({
      onDemandShare: 0,
      action: 'maintain',
    });
  });

  it('is not computable without calls, and says so', () => {
    expect(throughputReview({ onDemandCalls: 0, provisionedCalls: 0 })).toEqual({
      calls: 0,
      onDemandShare: null,
      action: 'not_computable',
      alert: false,
      reason: 'no LLM calls with an inference type',
    });
  });

  it('throws on fractional or negative counts and an alert share outside (0, 1)', () => {
    expect(() => throughputReview({ onDemandCalls: -1, provisionedCalls: 0 })).toThrow(
      'onDemandCalls must be a whole number from 0, got -1',
    );
    expect(() => throughputReview({ onDemandCalls: 1, provisionedCalls: 0.5 })).toThrow(
      'provisionedCalls must be a whole number from 0, got 0.5',
    );
    expect(() => throughputReview({ onDemandCalls: 1, provisionedCalls: 1 }, { alertShare: 1 })).toThrow(
      'alertShare must be between 0 and 1, got 1',
    );
  });
});
