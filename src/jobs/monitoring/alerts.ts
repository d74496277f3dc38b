// The threshold alerts of the monitoring readout: each rule's windows as the counts its one-sided test needs, read
// through the window queries (rates and means from window_metrics, percentiles as counts past the line from
// window_exceedances), judged by evaluateAlertRule with the rule's noise guards.
import { alertLines, evaluateAlertRule, type AlertEvaluation, type WindowValue } from '../../analysis/evaluateAlertRule';
import type { WindowStatistic } from '../../analysis/thresholdTest';
import type { MonitoredMetric, MonitoringConfig, MonitoringRule } from '../../pipeline/monitoring-config';
import {
  readMonitoringAlertTraces,
  readMonitoringWindowExceedances,
  readMonitoringWindowMetrics,
  type MonitoringWindowMetricsRow,
} from '../../pipeline/rows/monitoring';
import type { Source } from '../../pipeline/source';
import { METRIC_SPECS } from './metrics';

type Row = MonitoringWindowMetricsRow;

export interface Window {
  from: Date;
  to: Date;
}

export interface AlertOutcome extends AlertEvaluation {
  rule: MonitoringRule;
  traceIds: string[];
}

const ratio = (num: number | null, den: number | null) => (den !== null && den > 0 ? (num ?? 0) / den : null);

/** A metric's value in one window_metrics row: the rate, the mean or the percentile column. */
export function metricValue(metric: MonitoredMetric, r: Row): number | null {
  const spec = METRIC_SPECS[metric];
  if ('ratio' in spec) return ratio(r[spec.ratio[0]], r[spec.ratio[1]]);
  if ('mean' in spec) return r[spec.mean[0]];
  return r[spec.column];
}

/** A metric over a whole period from its window rows: pooled for rates and means, the median window for percentiles. */
export function pooledValue(metric: MonitoredMetric, rows: Row[]): number | null {
  const spec = METRIC_SPECS[metric];
  const sum = (key: keyof Row) => rows.reduce((s, r) => s + (r[key] ?? 0), 0);
  if ('ratio' in spec) return ratio(sum(spec.ratio[0]), sum(spec.ratio[1]));
  if ('mean' in spec) {
    const [m, c] = spec.mean;
    const w = sum(c);
    return w > 0 ? rows.reduce((s, r) => s + (r[m] ?? 0) * (r[c] ?? 0), 0) / w : null;
  }
  const values = rows
    .map((r) => metricValue(metric, r))
    .filter((v): v is number => v !== null)
    .sort((x, y) => x - y);
  return values.length ? values[Math.floor((values.length - 1) / 2)]! : null;
}

/** A window_metrics row as the statistic of a rate or mean metric. */
function rowStatistic(metric: MonitoredMetric, r: Row): WindowStatistic | null {
  const spec = METRIC_SPECS[metric];
  if ('ratio' in spec) return { type: 'proportion', successes: r[spec.ratio[0]] ?? 0, trials: r[spec.ratio[1]] ?? 0 };
  if ('mean' in spec) return { type: 'mean', mean: r[spec.mean[0]], n: r[spec.mean[1]] ?? 0, sd: r[spec.mean[2]] };
  return null;
}

/**
 * Every configured rule over `alertsWindow` (baselines from `baselineWindow`), with trace ids from the fired window
 * of each rule that fired. Windows before the alert window only fill the first confirmation windows.
 */
export async function alertsReadout(
  source: Source,
  alertsWindow: Window,
  baselineWindow: Window,
  config: MonitoringConfig,
): Promise<AlertOutcome[]> {
  const byWindow = new Map<number, Row[]>();
  for (const minutes of new Set(config.alerts.map((a) => a.windowMinutes))) {
    byWindow.set(
      minutes,
      await readMonitoringWindowMetrics(source, { from_ts: baselineWindow.from, to_ts: alertsWindow.to, bucket_minutes: minutes }),
    );
  }
  const alerts: AlertOutcome[] = [];
  for (const rule of config.alerts) {
    const rows = byWindow.get(rule.windowMinutes)!;
    const ms = rule.windowMinutes * 60_000;
    const lead = alertsWindow.from.getTime() - (rule.confirmMinutes ?? 0) * 60_000;
    const before = rows.filter((r) => (r.bucket ?? 0) * ms < alertsWindow.from.getTime());
    const baseline = pooledValue(rule.metric, before);
    const spec = METRIC_SPECS[rule.metric];
    const windowOf = (bucket: number) => ({ start: new Date(bucket * ms), end: new Date(bucket * ms + ms) });
    let windows: WindowValue[];
    if ('quantile' in spec) {
      const lines = alertLines(rule, baseline);
      const lower = lines.below ?? lines.above;
      const upper = lines.above ?? lines.below;
      const counts =
        lower === undefined || upper === undefined
          ? []
          : await readMonitoringWindowExceedances(source, {
              metric: spec.quantile.values,
              lower_limit: lower,
              upper_limit: upper,
              from_ts: new Date(lead),
              to_ts: alertsWindow.to,
              bucket_minutes: rule.windowMinutes,
            });
      const value = new Map(rows.map((r) => [r.bucket ?? 0, metricValue(rule.metric, r)]));
      windows = counts.map((c) => ({
        ...windowOf(c.bucket ?? 0),
        stat: {
          type: 'quantile',
          q: spec.quantile.q,
          n: c.n ?? 0,
          value: value.get(c.bucket ?? 0) ?? null,
          above: c.above ?? 0,
          below: c.below ?? 0,
        },
      }));
    } else {
      windows = rows
        .filter((r) => (r.bucket ?? 0) * ms >= lead)
        .map((r) => ({ ...windowOf(r.bucket ?? 0), stat: rowStatistic(rule.metric, r)! }));
    }
    const evaluation = evaluateAlertRule(rule, windows, baseline, { judgeFrom: alertsWindow.from });
    let traceIds: string[] = [];
    if (evaluation.fired && evaluation.worst) {
      const t = await readMonitoringAlertTraces(source, {
        metric: rule.metric,
        from_ts: evaluation.worst.start,
        to_ts: evaluation.worst.end,
        max_traces: 5,
      });
      traceIds = t.flatMap((x) => (x.traceId === null ? [] : [x.traceId]));
    }
    alerts.push({ ...evaluation, rule, traceIds });
  }
  return alerts;
}
