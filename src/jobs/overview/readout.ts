import { isoWeekOf, previousWeek, weeksEnding, type Period } from '../../analysis/isoWeek';
import { readCostUnpricedModels } from '../../pipeline/rows/cost';
import {
  readOverviewKpiTrend,
  readOverviewWeeklyMetrics,
  type OverviewKpiTrendRow,
  type OverviewWeeklyMetricsRow,
} from '../../pipeline/rows/overview';
import type { Source } from '../../pipeline/source';

/** What the Overview shows: the period's and the previous period's metrics and their day rows, as the query gave them. */
export interface OverviewReadout {
  period: Period;
  previous: Period;
  /** The period's row; absent when it holds no request. */
  current?: OverviewWeeklyMetricsRow;
  prior?: OverviewWeeklyMetricsRow;
  /** One row a day of both periods, oldest first. */
  days: OverviewWeeklyMetricsRow[];
  /** The price file the source prices with, named as every price message names it. */
  priceFile: string;
  /** Models without a price and their days (`model on day, day`), empty when every LLM request was priced. */
  unpricedDetail: string;
  /** The KPIs of the TREND_WEEKS weeks ending with the period, oldest first, each with its ISO week; weeks without a request are absent. */
  trend: (OverviewKpiTrendRow & { label: string })[];
  /** How many weeks the trend asked for (TREND_WEEKS). */
  trendWeeks: number;
}

/** How many weeks of KPI history the Overview reads (the deck's sparklines). */
export const TREND_WEEKS = 8;

/**
 * The Overview's numbers for a period and the week before it, in one query (queries/overview/weekly_metrics.sql: period
 * rows and day rows), the KPI history of the weeks before it (queries/overview/kpi_trend.sql), plus the unpriced models and their days when an LLM request had no price.
 */
export async function overviewReadout(source: Source, period: Period): Promise<OverviewReadout> {
  const previous = previousWeek(period);
  const rows = await readOverviewWeeklyMetrics(source, { from_ts: previous.from, cur_start: period.from, to_ts: period.to });
  const periodRows = rows.filter((r) => r.grain === 'period');
  const current = periodRows.find((r) => r.period === 'current');
  const prior = periodRows.find((r) => r.period === 'previous');
  let unpricedDetail = '';
  if ((current?.unpricedLlmRequests ?? 0) + (prior?.unpricedLlmRequests ?? 0) > 0) {
    const byModel = new Map<string, string[]>();
    for (const m of await readCostUnpricedModels(source, { from_ts: previous.from, to_ts: period.to })) {
      byModel.set(m.model ?? '(none)', [...(byModel.get(m.model ?? '(none)') ?? []), m.day!.toISOString().slice(0, 10)]);
    }
    unpricedDetail = [...byModel]
      .map(([model, days]) => `${model} on ${days.length > 3 ? `${days[0]} to ${days.at(-1)}` : days.join(', ')}`)
      .join('; ');
  }
  const span = weeksEnding(period, TREND_WEEKS);
  const trend = (await readOverviewKpiTrend(source, { from_ts: span.from, to_ts: span.to })).map((row) => ({
    ...row,
    label: isoWeekOf(new Date(span.from.getTime() + row.week! * 7 * 86_400_000)).label,
  }));
  return {
    period,
    previous,
    trend,
    trendWeeks: TREND_WEEKS,
    current,
    prior,
    days: rows.filter((r) => r.grain === 'day'),
    priceFile: source.priceTable().file,
    unpricedDetail,
  };
}
