import { previousWeek, type Period } from '../../analysis/isoWeek';
import { readCostUnpricedModels } from '../../pipeline/rows/cost';
import { readOverviewWeeklyMetrics, type OverviewWeeklyMetricsRow } from '../../pipeline/rows/overview';
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
}

/**
 * The Overview's numbers for a period and the week before it, in one query (queries/overview/weekly_metrics.sql: period
 * rows and day rows), plus the unpriced models and their days when an LLM request had no price.
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
  return {
    period,
    previous,
    current,
    prior,
    days: rows.filter((r) => r.grain === 'day'),
    priceFile: source.priceTable().file,
    unpricedDetail,
  };
}
