import jstat from 'jstat';
import { binomialUpperTail } from './binomialUpperTail';
import { wilsonInterval } from './wilsonInterval';

const { jStat } = jstat;

/**
 * A window's metric as the counts a test needs: a proportion (k of n), a mean (with its standard deviation), or a
 * percentile as the counts of values past the line (a P99 above L means more than 1% of the values exceed L).
 */
export type WindowStatistic =
  | { type: 'proportion'; successes: number; trials: number }
  | { type: 'mean'; n: number; mean: number | null; sd: number | null }
  | { type: 'quantile'; q: number; n: number; value: number | null; above: number; below: number };

export interface ThresholdTest {
  /** The metric's value: the rate, the mean, or the observed percentile. */
  estimate: number | null;
  /** A 95% interval: of the rate (Wilson), the mean (normal), or of the share of values past the line (percentiles). */
  interval: [number, number] | null;
  /** For percentiles: the share of values past the line, which the test is about, and the share the line allows. */
  share?: { value: number; allowed: number };
  samples: number;
  /** Whether the estimate is past the line. */
  past: boolean;
  /** One-sided p-value of "the metric is not past the line"; 1 when it cannot be tested. */
  pValue: number;
}

/**
 * One-sided test of a monitoring window against a line: is the metric above (or below) it by more than noise? A
 * rate uses the exact binomial test (Pr(X >= k) at the line); a mean a z-test with the window's standard deviation;
 * a percentile q the binomial test of the share of values past the line against 1 - q (above) or q (below), which
 * needs no distribution. The same rule the canary analysis applies, so a window of a few slow turns does not page.
 * Reference: https://sre.google/workbook/alerting-on-slos/ (a significant burn, not a single bad minute);
 * https://docs.scipy.org/doc/scipy/reference/generated/scipy.stats.binomtest.html
 *
 * @throws RangeError for a line that is not finite, or a proportion line outside [0, 1].
 * @example
 * thresholdTest({ type: 'proportion', successes: 30, trials: 1000 }, 'above', 0.01).pValue < 1e-6 // => true
 * thresholdTest({ type: 'proportion', successes: 12, trials: 1000 }, 'above', 0.01).pValue > 0.1 // => true
 */
export function thresholdTest(stat: WindowStatistic, direction: 'above' | 'below', line: number): ThresholdTest {
  if (!Number.isFinite(line)) throw new RangeError(`the line must be a finite number, got ${line}`);
  switch (stat.type) {
    case 'proportion': {
      const { successes: k, trials: n } = stat;
      if (line < 0 || line > 1) throw new RangeError(`a rate's line must be between 0 and 1, got ${line}`);
      if (n <= 0) return { estimate: null, interval: null, samples: 0, past: false, pValue: 1 };
      const w = wilsonInterval(k, n);
      const rate = k / n;
      const past = direction === 'above' ? rate > line : rate < line;
      // Pr(X <= k) = Pr(n - X >= n - k) with n - X ~ Binomial(n, 1 - line).
      const pValue = direction === 'above' ? binomialUpperTail(k, n, line) : binomialUpperTail(n - k, n, 1 - line);
      return { estimate: rate, interval: [w.lower, w.upper], samples: n, past, pValue };
    }
    case 'mean': {
      const { n, mean, sd } = stat;
      if (n < 2 || mean === null || sd === null || !Number.isFinite(mean))
        return { estimate: mean, interval: null, samples: n, past: false, pValue: 1 };
      const se = sd / Math.sqrt(n);
      const past = direction === 'above' ? mean > line : mean < line;
      const z = se > 0 ? (direction === 'above' ? mean - line : line - mean) / se : past ? Infinity : -Infinity;
      const pValue = z === Infinity ? 0 : z === -Infinity ? 1 : jStat.normal.cdf(-z, 0, 1);
      return { estimate: mean, interval: [mean - 1.959963984540054 * se, mean + 1.959963984540054 * se], samples: n, past, pValue };
    }
    case 'quantile': {
      const { n, q, value } = stat;
      if (n <= 0) return { estimate: value, interval: null, samples: 0, past: false, pValue: 1 };
      const beyond = direction === 'above' ? stat.above : stat.below;
      const allowed = direction === 'above' ? 1 - q : q;
      const w = wilsonInterval(beyond, n);
      return {
        estimate: value,
        interval: [w.lower, w.upper],
        share: { value: beyond / n, allowed },
        samples: n,
        past: beyond / n > allowed,
        pValue: binomialUpperTail(beyond, n, allowed),
      };
    }
  }
}
