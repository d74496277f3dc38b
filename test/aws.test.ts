// The one timeout and outage policy of AWS calls (src/pipeline/aws.ts): what counts as worth retrying, and when a run
// of many calls stops calling (CallBreaker). The end-to-end bounds are in test/fault-injection.test.ts.
import { describe, expect, it } from 'vitest';
import { CallBreaker, isRetryable, withRetry } from '../src/pipeline/aws';
import { ServiceError } from '../src/pipeline/errors';

const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
const refused = Object.assign(new Error('input is too long'), { name: 'ValidationException', $metadata: { httpStatusCode: 400 } });

describe('isRetryable', () => {
  it('retries throttling, 5xx, dropped connections and a body cut mid-answer; not a refused request', () => {
    expect(isRetryable(throttled)).toBe(true);
    expect(isRetryable(Object.assign(new Error('x'), { $metadata: { httpStatusCode: 503 } }))).toBe(true);
    expect(isRetryable(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isRetryable(new SyntaxError('Unterminated string in JSON at position 19'))).toBe(true);
    expect(isRetryable(refused)).toBe(false);
  });
});

describe('CallBreaker', () => {
  it('opens after max(3, concurrency) service failures in a row with nothing answered, and says why', () => {
    const b = new CallBreaker({ concurrency: 4, timeLimitMs: 60_000, now: () => 0 });
    for (let i = 0; i < 3; i++) b.failed(new ServiceError('Bedrock Converse m: no answer within 400 ms, 4 attempts'));
    expect(b.open).toBe(false);
    b.failed(throttled);
    expect(b.open).toBe(true);
    b.skip();
    b.skip();
    expect(b.why(6)).toBe('2 of 6 calls were not sent (the first 4 calls all failed)');
    const single = new CallBreaker({ concurrency: 1, timeLimitMs: 60_000, now: () => 0 });
    single.failed(throttled);
    single.failed(throttled);
    expect(single.open).toBe(false); // at least 3, even one call at a time
    single.failed(throttled);
    expect(single.open).toBe(true);
  });

  it('stays closed once a call was answered, and refused requests do not count as an outage', () => {
    const b = new CallBreaker({ concurrency: 2, timeLimitMs: 60_000, now: () => 0 });
    b.succeeded();
    for (let i = 0; i < 10; i++) b.failed(throttled);
    expect(b.open).toBe(false);
    const c = new CallBreaker({ concurrency: 2, timeLimitMs: 60_000, now: () => 0 });
    for (let i = 0; i < 10; i++) c.failed(refused);
    expect(c.open).toBe(false);
    expect(c.why(10)).toBe('');
  });

  it('opens at the time limit, which withRetry honours as its deadline', async () => {
    let t = 1_000;
    const b = new CallBreaker({ concurrency: 4, timeLimitMs: 5_000, now: () => t });
    expect(b.deadline).toBe(6_000);
    t = 6_000;
    expect(b.open).toBe(true);
    expect(b.cause).toBe('the 5 s time limit was reached');
    // A deadline already past: no attempt starts.
    let calls = 0;
    await expect(withRetry(async () => ++calls, { deadline: Date.now() - 1, what: 'Bedrock Converse m' })).rejects.toThrow(
      'Bedrock Converse m: no answer before its deadline (0 attempts)',
    );
    expect(calls).toBe(0);
  });
});
