import { describe, expect, it } from 'vitest';
import { poolWindowStatistics } from '../src/analysis/poolWindowStatistics';

describe('poolWindowStatistics', () => {
  it('pools windows exactly: counts add, means and deviations combine as one sample would give', () => {
    const xs = [3, 4, 5, 4, 2, 5, 5, 1];
    const stat = (v: number[]) => {
      const mean = v.reduce((a, b) => a + b, 0) / v.length;
      return { type: 'mean' as const, n: v.length, mean, sd: Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) };
    };
    const pooled = poolWindowStatistics([stat(xs.slice(0, 3)), stat(xs.slice(3))])!;
    const whole = stat(xs);
    expect(pooled.type === 'mean' && [pooled.n, pooled.mean, pooled.sd]).toEqual([8, whole.mean, expect.closeTo(whole.sd, 12)]);
    expect(poolWindowStatistics([])).toBeNull();
  });
});
