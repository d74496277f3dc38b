import type { Period } from '../../analysis/isoWeek';
import { InputError } from '../../pipeline/errors';
import { loadMonitoringConfig, type MonitoringConfig } from '../../pipeline/monitoring-config';
import type { Source } from '../../pipeline/source';
import { driftReadout, monitoringReadout, type DriftReadout, type MonitoringReadout } from './readout';
import { periodJson, type Report, type Section } from '../report';
import { driftSection } from './drift-sections';
import { monitoringSection } from './sections';
import { resolvePeriod, sourceSpan, type SourceSpan } from '../period';
import { weeklyPart, type WeeklyPart } from '../weekly/part';

const DAY = 86_400_000;

export interface DriftReportOptions {
  /** YYYY-MM-DD; default: the latest complete day in the source. */
  day?: string;
  configFile?: string;
  config?: MonitoringConfig;
  now?: () => Date;
}

/**
 * The latest day the source holds completely: the day of its last turn when that turn falls in the day's final hour
 * (an extract taken after midnight), otherwise the day before (a day still filling); never before the first turn.
 */
function latestCompleteDay(span: SourceSpan | undefined, source: Source): string {
  if (!span?.lastTs || !span.firstTs) throw new InputError(source.description, 'the requests table is empty: nothing to report on');
  const lastDay = Date.UTC(span.lastTs.getUTCFullYear(), span.lastTs.getUTCMonth(), span.lastTs.getUTCDate());
  const endsAtMidnight = span.lastTs.getTime() >= lastDay + DAY - 3_600_000;
  const day = endsAtMidnight || lastDay - DAY < span.firstTs.getTime() ? lastDay : lastDay - DAY;
  return new Date(day).toISOString().slice(0, 10);
}

/** What the Drift and Monitoring sections show for one period: drift over the period (at least the configured drift window). */
export interface DriftMonitoring {
  drift: DriftReadout;
  monitoring: MonitoringReadout;
}

async function driftMonitoringReadout(source: Source, period: Period, config: MonitoringConfig): Promise<DriftMonitoring> {
  const windowMs = Math.max(period.to.getTime() - period.from.getTime(), config.drift.windowDays * DAY);
  const current = { from: new Date(period.to.getTime() - windowMs), to: period.to };
  const drift = await driftReadout(source, current, config);
  const monitoring = await monitoringReadout(source, { from: period.from, to: period.to }, current, config);
  return { drift, monitoring };
}

function driftMonitoringSections(r: DriftMonitoring): Section[] {
  return [driftSection(r.drift), monitoringSection(r.monitoring)];
}

/**
 * The daily drift and monitoring job (`mangalab report drift`): for one UTC day (default the latest complete one),
 * threshold alerts on that day's windows, and drift, shadow and canary over the trailing drift window ending with it.
 * @throws InputError for a malformed day, a day the source holds no requests for, or a bad configuration.
 */
export async function driftReport(source: Source, options: DriftReportOptions = {}): Promise<Report> {
  const config = options.config ?? loadMonitoringConfig(options.configFile);
  const span = await sourceSpan(source); // read once: the default day and the period's check both use it
  const period = await resolvePeriod(source, { day: options.day ?? latestCompleteDay(span, source) }, span);
  return {
    job: 'drift',
    source: source.description,
    period: periodJson(period),
    generatedAt: (options.now ?? (() => new Date()))().toISOString(),
    sections: driftMonitoringSections(await driftMonitoringReadout(source, period, config)),
  };
}

/** The weekly report's Drift and Monitoring sections, from config/monitoring.json (checked when the part is made). */
export function driftPart(configFile?: string): WeeklyPart {
  return weeklyPart({
    id: 'drift',
    readout: (source, period) => driftMonitoringReadout(source, period, loadMonitoringConfig(configFile)),
    sections: driftMonitoringSections,
  });
}
