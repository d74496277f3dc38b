import { poolWindowStatistics } from './poolWindowStatistics';
import { thresholdTest, type ThresholdTest, type WindowStatistic } from './thresholdTest';

/** How a rule compares a window's value: against a level, or against the baseline period's value. */
export type AlertKind = 'above' | 'below' | 'increase' | 'relative_change';

/** Hard: rollback recommended. Critical: page now. Soft: page on-call, no rollback. Warning: chat notice. */
export type AlertTier = 'hard' | 'critical' | 'soft' | 'warning';

export interface AlertRule {
  id: string;
  metric: string;
  kind: AlertKind;
  /** A level for above/below; a rise in the metric's units for increase (0.03 = 3pp for a rate); a fraction for relative_change. */
  threshold: number;
  /** Window length in minutes: the metric is evaluated on consecutive windows of this length. */
  windowMinutes: number;
  tier: AlertTier;
  /** Windows with fewer samples than this are not judged (default 100). */
  minSamples?: number;
  /** The one-sided test's level per window (default: perWindowAlpha(1, windowMinutes), one false alarm a year). */
  alpha?: number;
  /** The long window that must confirm a short one (a whole multiple of windowMinutes), or none. */
  confirmMinutes?: number;
}

/** The metric over one window. */
export interface WindowValue {
  start: Date;
  end: Date;
  stat: WindowStatistic;
}

/** One window's judgement: its test, the long window's, whether it fired, and the guard that decided. */
export interface WindowJudgement {
  start: Date;
  end: Date;
  test: ThresholdTest;
  confirm: (ThresholdTest & { start: Date; end: Date }) | null;
  fired: boolean;
  /** The guard in words: which held the alert back, or that it passed them all. */
  guard: string;
}

export interface AlertEvaluation {
  ruleId: string;
  metric: string;
  tier: AlertTier;
  severity: 'critical' | 'warning';
  kind: AlertKind;
  threshold: number;
  baseline: number | null;
  /** The line(s) windows are tested against: the threshold, or baseline + threshold, or baseline x (1 +/- threshold). */
  lines: { above?: number; below?: number };
  alpha: number;
  minSamples: number;
  confirmMinutes: number | null;
  fired: boolean;
  windowsJudged: number;
  /** Judged windows whose estimate was past the line (what a rule without guards would have fired on). */
  windowsPast: number;
  /** Windows past the line and significant at alpha. */
  windowsSignificant: number;
  windowsFired: number;
  /** Windows left out for too few samples. */
  windowsSkipped: number;
  /** The fired window with the smallest p-value, else the judged window with the smallest; null when none was judged. */
  worst: WindowJudgement | null;
  /** Set when the rule could not be judged at all, saying why. */
  notJudged?: string;
}

/**
 * The per-window test level that keeps a rule to `perYear` false alarms a year when the metric sits exactly on its
 * line (the worst quiet case): perYear / (365 x windows a day), a Bonferroni bound over the year's windows.
 * @example
 * perWindowAlpha(1, 60) // => 0.00011415525114155251
 */
export function perWindowAlpha(perYear: number, windowMinutes: number): number {
  return perYear / (365 * (1440 / windowMinutes));
}

/** The line(s) of a rule: its threshold, or derived from the baseline for increase and relative_change. */
export function alertLines(rule: Pick<AlertRule, 'kind' | 'threshold'>, baseline: number | null): { above?: number; below?: number } {
  switch (rule.kind) {
    case 'above':
      return { above: rule.threshold };
    case 'below':
      return { below: rule.threshold };
    case 'increase':
      return baseline === null ? {} : { above: baseline + rule.threshold };
    case 'relative_change':
      return baseline === null ? {} : { above: baseline * (1 + rule.threshold), below: baseline * (1 - rule.threshold) };
  }
}

/**
 * Evaluates one monitoring rule (US-3.5, US-4.4, US-4.5) on consecutive windows, with three noise guards:
 * - a minimum sample: windows with fewer than minSamples samples are not judged;
 * - a one-sided test against the line (thresholdTest): the window's estimate must be past the line and its p-value
 *   under alpha (two-sided rules split alpha between the lines), so a window a little past the line by chance does
 *   not fire;
 * - multi-window confirmation: with confirmMinutes, the long window ending with the short one (pooled counts) must
 *   pass the same test, as multi-window burn-rate alerting asks, so a single slow window does not page.
 * `windows` may start before `judgeFrom`: those only fill the first long windows. Hard and critical rules carry
 * severity critical, soft and warning rules severity warning.
 * Reference: https://sre.google/workbook/alerting-on-slos/#6-multiwindow-multi-burn-rate-alerts
 *
 * Degenerate input: no windows, or all skipped, give fired = false with notJudged saying why; a baseline-relative
 * rule without a finite baseline (or with a zero one for relative_change) is not judged either.
 * @throws RangeError for a non-finite threshold, a window length that is not a positive whole number of minutes, or
 * a confirmation window that is not a multiple of it.
 * @example
 * const rule = { id: 'err', metric: 'error_rate', kind: 'above', threshold: 0.01, windowMinutes: 60, tier: 'hard' } as const;
 * evaluateAlertRule(rule, [{ start: new Date(0), end: new Date(3600000), stat: { type: 'proportion', successes: 40, trials: 1000 } }], null).fired // => true
 */
export function evaluateAlertRule(
  rule: AlertRule,
  windows: readonly WindowValue[],
  baseline: number | null,
  options: { judgeFrom?: Date } = {},
): AlertEvaluation {
  if (!Number.isFinite(rule.threshold)) throw new RangeError(`rule ${rule.id}: threshold must be a finite number, got ${rule.threshold}`);
  if (!Number.isInteger(rule.windowMinutes) || rule.windowMinutes <= 0)
    throw new RangeError(`rule ${rule.id}: window must be a positive whole number of minutes, got ${rule.windowMinutes}`);
  const confirm = rule.confirmMinutes ?? null;
  if (confirm !== null && (confirm <= rule.windowMinutes || confirm % rule.windowMinutes !== 0))
    throw new RangeError(
      `rule ${rule.id}: the confirmation window (${confirm} minutes) must be a multiple of the window (${rule.windowMinutes})`,
    );
  const minSamples = rule.minSamples ?? 100;
  const alpha = rule.alpha ?? perWindowAlpha(1, rule.windowMinutes);
  const usable = baseline !== null && Number.isFinite(baseline) && !(rule.kind === 'relative_change' && baseline === 0);
  const lines = usable ? alertLines(rule, baseline) : alertLines(rule, null);
  const base: AlertEvaluation = {
    ruleId: rule.id,
    metric: rule.metric,
    tier: rule.tier,
    severity: rule.tier === 'hard' || rule.tier === 'critical' ? 'critical' : 'warning',
    kind: rule.kind,
    threshold: rule.threshold,
    baseline,
    lines,
    alpha,
    minSamples,
    confirmMinutes: confirm,
    fired: false,
    windowsJudged: 0,
    windowsPast: 0,
    windowsSignificant: 0,
    windowsFired: 0,
    windowsSkipped: 0,
    worst: null,
  };
  const from = options.judgeFrom?.getTime() ?? -Infinity;
  const judged = windows.filter((w) => w.start.getTime() >= from);
  if (lines.above === undefined && lines.below === undefined) {
    return {
      ...base,
      windowsSkipped: judged.length,
      notJudged: baseline === null ? 'no baseline value to compare with' : `the baseline is ${baseline}, so a relative change is undefined`,
    };
  }
  const sides = (['above', 'below'] as const).filter((s) => lines[s] !== undefined);
  const level = alpha / sides.length;
  const test = (stat: WindowStatistic) =>
    sides.map((s) => thresholdTest(stat, s, lines[s]!)).reduce((a, b) => (b.pValue < a.pValue || (b.past && !a.past) ? b : a));
  let best: WindowJudgement | null = null;
  const rank = (j: WindowJudgement) => [j.fired ? 0 : 1, j.test.pValue] as const;
  // The windows by start, as numbers, so each confirmation window is found by a binary search rather than a pass.
  const byStart = [...windows].sort((a, b) => a.start.getTime() - b.start.getTime());
  const starts = byStart.map((x) => x.start.getTime());
  const ends = byStart.map((x) => x.end.getTime());
  const within = (from: number, to: number): WindowStatistic[] => {
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    const out: WindowStatistic[] = [];
    for (let i = lo; i < starts.length && starts[i]! <= to; i++) if (ends[i]! <= to) out.push(byStart[i]!.stat);
    return out;
  };
  for (const w of judged) {
    const t = test(w.stat);
    if (t.samples < minSamples) {
      base.windowsSkipped++;
      continue;
    }
    base.windowsJudged++;
    const significant = t.past && t.pValue < level;
    if (t.past) base.windowsPast++;
    if (significant) base.windowsSignificant++;
    let long: WindowJudgement['confirm'] = null;
    if (confirm !== null) {
      const start = new Date(w.end.getTime() - confirm * 60_000);
      const inLong = within(start.getTime(), w.end.getTime());
      long = { ...test(poolWindowStatistics(inLong)!), start, end: w.end };
    }
    const confirmed = long === null || (long.past && long.pValue < level);
    const fired = significant && confirmed;
    if (fired) base.windowsFired++;
    const guard = !t.past
      ? 'within the line'
      : !significant
        ? `past the line but not significant (one-sided p ${fmtP(t.pValue)} >= ${fmtP(level)})`
        : !confirmed
          ? `significant, but the ${span(confirm!)} window does not confirm it (p ${fmtP(long!.pValue)})`
          : `passed: one-sided p ${fmtP(t.pValue)} < ${fmtP(level)}${long ? `, confirmed by the ${span(confirm!)} window (p ${fmtP(long.pValue)})` : ''}`;
    const j: WindowJudgement = { start: w.start, end: w.end, test: t, confirm: long, fired, guard };
    if (best === null || rank(j)[0] < rank(best)[0] || (rank(j)[0] === rank(best)[0] && rank(j)[1] < rank(best)[1])) best = j;
  }
  base.worst = best;
  if (base.windowsJudged === 0) {
    return { ...base, notJudged: judged.length === 0 ? 'no windows in the period' : `every window had fewer than ${minSamples} samples` };
  }
  return { ...base, fired: base.windowsFired > 0 };
}

const fmtP = (p: number) => (p < 1e-3 ? p.toExponential(1) : p.toFixed(3));
const span = (minutes: number) => (minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`);
