import { relativeChange } from '../../analysis/relativeChange';
import type { OverviewWeeklyMetricsRow } from '../../pipeline/rows/overview';
import { formatCell } from '../render/format';
import type { CellFormat, ChartSpec, Finding, ReportTable, Section } from '../report';
import type { OverviewReadout } from './readout';

type MetricField =
  | 'requests'
  | 'sessions'
  | 'peakMessagesPerSecond'
  | 'latencyP50Ms'
  | 'latencyP99Ms'
  | 'errorRate'
  | 'escalationRate'
  | 'guardrailBlockRate'
  | 'thumbsUpRate'
  | 'llmCostUsd';

interface MetricDef {
  /** The metric's name in the report (finding ids and metric fields). */
  key: string;
  field: MetricField;
  label: string;
  format: CellFormat;
}

/** The Overview's metrics, in the order the section shows them. */
export const OVERVIEW_METRICS: MetricDef[] = [
  { key: 'requests', field: 'requests', label: 'Requests', format: 'integer' },
  { key: 'sessions', field: 'sessions', label: 'Sessions', format: 'integer' },
  { key: 'peak_messages_per_second', field: 'peakMessagesPerSecond', label: 'Peak messages/s', format: 'integer' },
  { key: 'latency_p50_ms', field: 'latencyP50Ms', label: 'P50 latency', format: 'ms' },
  { key: 'latency_p99_ms', field: 'latencyP99Ms', label: 'P99 latency', format: 'ms' },
  { key: 'error_rate', field: 'errorRate', label: 'Error rate', format: 'percent' },
  { key: 'escalation_rate', field: 'escalationRate', label: 'Escalation rate', format: 'percent' },
  { key: 'guardrail_block_rate', field: 'guardrailBlockRate', label: 'Guardrail block rate', format: 'percent' },
  { key: 'thumbs_up_rate', field: 'thumbsUpRate', label: 'Thumbs-up rate', format: 'percent' },
  { key: 'llm_cost_usd', field: 'llmCostUsd', label: 'LLM cost', format: 'usd' },
];

type Row = OverviewWeeklyMetricsRow;

/** Why a metric has no value in a period, when the query's row explains it. */
function missingReason(
  m: MetricDef,
  row: Row | undefined,
  periodLabel: string,
  unpricedDetail: string,
  priceFile: string,
): string | undefined {
  if (!row) return `no requests in ${periodLabel}`;
  if (m.key === 'thumbs_up_rate' && !row.feedbackEvents) return `no feedback events in ${periodLabel}`;
  if (m.key === 'llm_cost_usd') {
    if ((row.unpricedLlmRequests ?? 0) > 0)
      return `${row.unpricedLlmRequests} LLM requests in ${periodLabel} have no price in ${priceFile} (${unpricedDetail})`;
    if ((row.untokenedLlmRequests ?? 0) > 0) return `${row.untokenedLlmRequests} LLM requests in ${periodLabel} have no token counts`;
    if (!row.llmRequests) return undefined; // no LLM calls: a true zero
  }
  if (m.key === 'sessions' && row.sessions === null) return `no sessions started in ${periodLabel}`;
  if (row[m.field] === null) return `the query returned no value for ${periodLabel}`;
  return undefined;
}

function metricValue(m: MetricDef, row: Row | undefined, reason: string | undefined): number | null {
  if (reason !== undefined || !row) return null;
  if (m.key === 'llm_cost_usd' && !row.llmRequests) return 0;
  return row[m.field];
}

/**
 * The Overview section: this period against the one before for volume, peak load, latency, quality rates,
 * feedback and LLM cost, with daily requests and LLM cost as charts (the numbers come from overviewReadout).
 */
export function overviewSections(r: OverviewReadout): Section[] {
  const { period, previous, current: cur, prior: prev, unpricedDetail, priceFile } = r;
  const findings: Finding[] = [];
  const tableRows: ReportTable['rows'] = [];
  const notes: string[] = [];
  for (const metric of OVERVIEW_METRICS) {
    const curReason = missingReason(metric, cur, period.label, unpricedDetail, priceFile);
    const prevReason = missingReason(metric, prev, previous.label, unpricedDetail, priceFile);
    const value = metricValue(metric, cur, curReason);
    const baseline = metricValue(metric, prev, prevReason);
    const change = relativeChange(value, baseline);
    const changeText = change.computable
      ? change.relative === null
        ? 'no relative change (baseline is zero)'
        : `${formatCell(change.relative, 'change')} vs ${previous.label}`
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

  const daily = r.days.map((d) => ({
    day: d.day!.toISOString().slice(0, 10),
    week: d.period === 'current' ? period.label : previous.label,
    requests: d.requests ?? 0,
    llm_cost_usd: d.llmCostUsd,
  }));
  const uncosted = daily.filter((d) => d.llm_cost_usd === null).map((d) => d.day);
  if (uncosted.length > 0) {
    notes.push(`LLM cost per day has no bar for ${uncosted.join(', ')}: an LLM request on that day has no price or no token counts.`);
  }

  return [
    {
      id: 'overview',
      title: 'Overview',
      findings,
      tables: [table, trendTable(r)],
      charts: [
        dailyChart('overview.daily_requests', 'Requests per day', 'requests', 'Requests (turns)', daily),
        dailyChart('overview.daily_llm_cost', 'LLM cost per day', 'llm_cost_usd', 'LLM cost (USD)', daily),
      ],
    },
  ];
}

/** The KPIs week by week (the deck's sparklines): one row a week of the trend, a column a KPI. */
function trendTable(r: OverviewReadout): ReportTable {
  const kpis = OVERVIEW_METRICS.filter((m) => m.key !== 'peak_messages_per_second');
  const missing =
    r.trend.length < r.trendWeeks ? [`${r.trend.length} of the ${r.trendWeeks} weeks up to ${r.period.label} hold requests.`] : [];
  return {
    id: 'overview.kpi_trend',
    title: `KPIs by week, ${r.trend[0]?.label ?? r.period.label} to ${r.period.label}`,
    columns: [{ key: 'week', label: 'ISO week' }, ...kpis.map((m) => ({ key: m.key, label: m.label, format: m.format }))],
    rows: r.trend.map((w) => ({
      week: w.label,
      ...Object.fromEntries(kpis.map((m) => [m.key, w[m.field as keyof typeof w] as number | null])),
    })),
    notes: [
      ...missing,
      'LLM cost is empty for a week with an unpriced or untokened LLM turn (never priced at zero); the last row equals the table above.',
    ],
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
