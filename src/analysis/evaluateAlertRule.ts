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
}

/** The metric over one window. */
export interface WindowValue {
  start: Date;
  end: Date;
  /** null when the window has no value (no samples of the metric). */
  value: number | null;
  samples: number;
}

export interface AlertEvaluation {
  ruleId: string;
  metric: string;
  tier: AlertTier;
  severity: 'critical' | 'warning';
  kind: AlertKind;
  threshold: number;
  baseline: number | null;
  fired: boolean;
  windowsJudged: number;
  windowsBreached: number;
  /** Windows left out for too few samples or no value. */
  windowsSkipped: number;
  /** The window furthest past (or closest to) the threshold; null when none was judged. */
  worst: WindowValue | null;
  /** Set when the rule could not be judged at all, saying why. */
  notJudged?: string;
}

const distance = (kind: AlertKind, value: number, baseline: number | null): number => {
  switch (kind) {
    case 'above':
      return value;
    case 'below':
      return -value;
    case 'increase':
      return value - baseline!;
    case 'relative_change':
      return Math.abs(value / baseline! - 1);
  }
};

/**
 * Evaluates one monitoring rule (US-3.5, US-4.4, US-4.5) on consecutive windows of its metric. A window breaches
 * when its value is above (kind above) or below (below) the threshold, rose more than the threshold over the
 * baseline (increase), or moved more than the threshold as a fraction of the baseline either way
 * (relative_change). Windows with fewer than minSamples samples (default 100) or no value are skipped, so a quiet
 * hour cannot fire a rate alert on a handful of turns. The rule fires when any judged window breaches; the worst
 * window is the one furthest in the breaching direction. Hard and critical rules carry severity critical, soft and
 * warning rules severity warning.
 * Reference: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html
 *
 * Degenerate input: no windows, or all skipped, give fired = false with notJudged saying why; a baseline-relative
 * rule without a baseline (or with a zero one for relative_change) is not judged either.
 * @throws RangeError for a non-finite threshold or a window length that is not a positive whole number of minutes.
 * @example
 * evaluateAlertRule({ id: 'err', metric: 'error_rate', kind: 'above', threshold: 0.01, windowMinutes: 60, tier: 'hard' },
 *   [{ start: new Date(0), end: new Date(3600000), value: 0.02, samples: 500 }], null).fired // => true
 */
export function evaluateAlertRule(rule: AlertRule, windows: WindowValue[], baseline: number | null): AlertEvaluation {
  if (!Number.isFinite(rule.threshold)) throw new RangeError(`rule ${rule.id}: threshold must be a finite number, got ${rule.threshold}`);
  if (!Number.isInteger(rule.windowMinutes) || rule.windowMinutes <= 0)
    throw new RangeError(`rule ${rule.id}: window must be a positive whole number of minutes, got ${rule.windowMinutes}`);
  const minSamples = rule.minSamples ?? 100;
  const base: AlertEvaluation = {
    ruleId: rule.id,
    metric: rule.metric,
    tier: rule.tier,
    severity: rule.tier === 'hard' || rule.tier === 'critical' ? 'critical' : 'warning',
    kind: rule.kind,
    threshold: rule.threshold,
    baseline,
    fired: false,
    windowsJudged: 0,
    windowsBreached: 0,
    windowsSkipped: 0,
    worst: null,
  };
  const relative = rule.kind === 'increase' || rule.kind === 'relative_change';
  if (relative && (baseline === null || !Number.isFinite(baseline) || (rule.kind === 'relative_change' && baseline === 0))) {
    return {
      ...base,
      windowsSkipped: windows.length,
      notJudged: baseline === null ? 'no baseline value to compare with' : `the baseline is ${baseline}, so a relative change is undefined`,
    };
  }
  const limit = rule.kind === 'below' ? -rule.threshold : rule.threshold;
  let worstDistance = -Infinity;
  for (const w of windows) {
    if (w.value === null || !Number.isFinite(w.value) || w.samples < minSamples) {
      base.windowsSkipped++;
      continue;
    }
    base.windowsJudged++;
    const d = distance(rule.kind, w.value, baseline);
    if (d > limit) base.windowsBreached++;
    if (d > worstDistance) {
      worstDistance = d;
      base.worst = w;
    }
  }
  if (base.windowsJudged === 0) {
    return { ...base, notJudged: windows.length === 0 ? 'no windows in the period' : `every window had fewer than ${minSamples} samples` };
  }
  return { ...base, fired: base.windowsBreached > 0 };
}
