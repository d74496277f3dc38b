import { previousWeek, type Period } from '../../analysis/isoWeek';
import { relativeChange } from '../../analysis/relativeChange';
import { tableToObjects } from '../../pipeline/arrow';
import type { Source } from '../../pipeline/source';
import { formatCell } from '../render/format';
import type { CellFormat, ChartSpec, Finding, ReportTable, Section } from '../report';

interface MetricDef {
  key: string;
  label: string;
  format: CellFormat;
}

/** The Overview's metrics, in the order the section shows them. */
export const OVERVIEW_METRICS: MetricDef[] = [
  { key: 'requests', label: 'Requests', format: 'integer' },
  { key: 'sessions', label: 'Sessions', format: 'integer' },
  { key: 'peak_messages_per_second', label: 'Peak messages/s', format: 'integer' },
  { key: 'latency_p50_ms', label: 'P50 latency', format: 'ms' },
  { key: 'latency_p99_ms', label: 'P99 latency', format: 'ms' },
  { key: 'error_rate', label: 'Error rate', format: 'percent' },
  { key: 'escalation_rate', label: 'Escalation rate', format: 'percent' },
  { key: 'guardrail_block_rate', label: 'Guardrail block rate', format: 'percent' },
  { key: 'thumbs_up_rate', label: 'Thumbs-up rate', format: 'percent' },
  { key: 'llm_cost_usd', label: 'LLM cost', format: 'usd' },
];

type Row = Record<string, number | string | Date | null>;

/** Why a metric has no value in a period, when the query's row explains it. */
function missingReason(key: string, row: Row | undefined, periodLabel: string, unpricedDetail: string, priceFile: string): string | undefined {
  if (!row) return `no requests in ${periodLabel}`;
  if (key === 'thumbs_up_rate' && !Number(row.feedback_events)) return `no feedback events in ${periodLabel}`;
  if (key === 'llm_cost_usd') {
    if (Number(row.unpriced_llm_requests) > 0) return `${row.unpriced_llm_requests} LLM requests in ${periodLabel} have no price in ${priceFile} (${unpricedDetail})`;
    if (Number(row.untokened_llm_requests) > 0) return `${row.untokened_llm_requests} LLM requests in ${periodLabel} have no token counts`;
    if (Number(row.llm_requests) === 0) return undefined; // no LLM calls: a true zero
  }
  if (key === 'sessions' && (row.sessions === null || row.sessions === undefined)) return `no sessions started in ${periodLabel}`;
  const v = row[key];
  if (v === null || v === undefined) return `the query returned no value for ${periodLabel}`;
  return undefined;
}

function metricValue(key: string, row: Row | undefined, reason: string | undefined): number | null {
  if (reason !== undefined || !row) return null;
  if (key === 'llm_cost_usd' && Number(row.llm_requests) === 0) return 0;
  return Number(row[key]);
}

/**
 * The Overview section: this period against the one before for volume, peak load, latency, quality rates,
 * feedback and LLM cost, with daily requests and LLM cost as charts. Aggregation happens in one query,
 * queries/overview/weekly_metrics.sql (period rows and day rows); this composes the results.
 */
export async function overviewSection(source: Source, period: Period): Promise<Section> {
  const previous = previousWeek(period);
  const rows = tableToObjects<Row>(await source.query('overview/weekly_metrics', {
    from_ts: previous.from,
    cur_start: period.from,
    to_ts: period.to,
  }));
  const periodRows = rows.filter((r) => r.grain === 'period');
  const cur = periodRows.find((r) => r.period === 'current');
  const prev = periodRows.find((r) => r.period === 'previous');

  let unpricedDetail = '';
  const priceFile = source.priceTable().file; // named as every other price message names it
  if (Number(cur?.unpriced_llm_requests ?? 0) + Number(prev?.unpriced_llm_requests ?? 0) > 0) {
    const missing = tableToObjects<{ model: string; day: Date; requests: number }>(
      await source.query('cost/unpriced_models', { from_ts: previous.from, to_ts: period.to }),
    );
    const byModel = new Map<string, string[]>();
    for (const m of missing) byModel.set(m.model, [...(byModel.get(m.model) ?? []), m.day.toISOString().slice(0, 10)]);
    unpricedDetail = [...byModel].map(([model, days]) => `${model} on ${days.length > 3 ? `${days[0]} to ${days.at(-1)}` : days.join(', ')}`).join('; ');
  }

  const findings: Finding[] = [];
  const tableRows: ReportTable['rows'] = [];
  const notes: string[] = [];
  for (const metric of OVERVIEW_METRICS) {
    const curReason = missingReason(metric.key, cur, period.label, unpricedDetail, priceFile);
    const prevReason = missingReason(metric.key, prev, previous.label, unpricedDetail, priceFile);
    const value = metricValue(metric.key, cur, curReason);
    const baseline = metricValue(metric.key, prev, prevReason);
    const change = relativeChange(value, baseline);
    const changeText = change.computable
      ? change.relative === null ? 'no relative change (baseline is zero)' : `${formatCell(change.relative, 'change')} vs ${previous.label}`
      : `no comparison: ${change.reason}`;
    let message: string;
    if (curReason) {
      message = `${metric.label} could not be computed: ${curReason}.`;
      notes.push(`${metric.label} in ${period.label}: ${curReason}.`);
    } else {
      message = `${metric.label}: ${formatCell(value, metric.format)} in ${period.label} (${previous.label}: ${formatCell(baseline, metric.format)}; ${changeText}).`;
    }
    if (!curReason && prevReason) notes.push(`${metric.label} in ${previous.label}: ${prevReason}.`);
    findings.push({
      id: `overview.${metric.key}`,
      severity: curReason ? 'warning' : 'info',
      metric: metric.key,
      value,
      baseline,
      message,
    });
    tableRows.push({
      metric: metric.label,
      current: value,
      previous: baseline,
      change: change.computable ? change.relative : null,
      format: metric.format,
    });
  }

  const table: ReportTable = {
    id: 'overview.metrics',
    title: `${period.label} against ${previous.label}`,
    columns: [
      { key: 'metric', label: 'Metric' },
      { key: 'current', label: period.label },
      { key: 'previous', label: previous.label },
      { key: 'change', label: 'Change', format: 'change' },
    ],
    rows: tableRows,
    notes,
  };

  const daily = rows.filter((r) => r.grain === 'day').map((d) => ({
    day: (d.day as Date).toISOString().slice(0, 10),
    week: d.period === 'current' ? period.label : previous.label,
    requests: Number(d.requests),
    llm_cost_usd: d.llm_cost_usd === null ? null : Number(d.llm_cost_usd),
  }));
  const uncosted = daily.filter((d) => d.llm_cost_usd === null).map((d) => d.day);
  if (uncosted.length > 0) {
    notes.push(`LLM cost per day has no bar for ${uncosted.join(', ')}: an LLM request on that day has no price or no token counts.`);
  }

  return {
    id: 'overview',
    title: 'Overview',
    findings,
    tables: [table],
    charts: [dailyChart('overview.daily_requests', 'Requests per day', 'requests', 'Requests (turns)', daily),
      dailyChart('overview.daily_llm_cost', 'LLM cost per day', 'llm_cost_usd', 'LLM cost (USD)', daily)],
  };
}

function dailyChart(id: string, title: string, field: string, axisTitle: string, values: Record<string, unknown>[]): ChartSpec {
  return {
    id,
    title,
    vegaLite: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title,
      width: 560,
      height: 200,
      data: { values },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        x: { field: 'day', type: 'ordinal', title: 'Day (UTC)', axis: { labelAngle: -45 } },
        y: { field, type: 'quantitative', title: axisTitle },
        color: { field: 'week', type: 'nominal', title: 'ISO week' },
      },
    },
  };
}
