// How the cost sections write money, shares, counts and comparisons.
import { relativeChange } from '../../analysis/relativeChange';
import type { RateComparison, TurnQuality } from './types';
import { formatCell } from '../render/format';

export const usd = (v: number | null) => formatCell(v, 'usd');
export const pct = (v: number | null) => formatCell(v, 'percent');
export const int = (v: number | null) => formatCell(v, 'integer');
export const STRATEGY_ORDER = ['full', 'reduced', 'minimal'];
export const VL = 'https://vega.github.io/schema/vega-lite/v6.json';

export function changeText(value: number, baseline: number | null, label: string): string {
  const c = relativeChange(value, baseline);
  if (!c.computable) return `no comparison with ${label}: ${c.reason}`;
  return c.relative === null ? `${label} was $0.00` : `${formatCell(c.relative, 'change')} against ${label} (${usd(baseline)})`;
}

/** thumbs-up share of rated turns, or null when none was rated. */
export function thumbsUpRate(q: TurnQuality): number | null {
  const rated = q.thumbsUp + q.thumbsDown;
  return rated > 0 ? q.thumbsUp / rated : null;
}

/** One sentence for a rate comparison the readout computed: both rates, the difference with its 95% CI and p. */
export function compareText(c: RateComparison | undefined): string {
  if (!c) return 'no comparison.';
  const { what, a, b, test: z } = c;
  if (a.trials === 0 || b.trials === 0) return `${what}: no comparison, ${c.untestable}.`;
  const ra = a.successes / a.trials;
  const rb = b.successes / b.trials;
  if (!z) return `${what}: ${pct(ra)} on ${a.label} against ${pct(rb)} on ${b.label}; no test (${c.untestable}).`;
  return `${what}: ${pct(ra)} on ${a.label} (${int(a.trials)}) against ${pct(rb)} on ${b.label} (${int(b.trials)}); difference ${(z.difference * 100).toFixed(1)}pp, 95% CI ${(z.interval95[0] * 100).toFixed(1)} to ${(z.interval95[1] * 100).toFixed(1)}pp, ${formatCell(z.pValue, 'pvalue').startsWith('<') ? 'p ' : 'p = '}${formatCell(z.pValue, 'pvalue')}.`;
}
