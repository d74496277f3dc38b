// The monitored metrics: how each is shown (label, format) and where the readout reads it in a typed window_metrics row.
import type { MonitoredMetric } from '../../pipeline/monitoring-config';
import type { MonitoringWindowMetricsRow } from '../../pipeline/rows/monitoring';

/** A count or value field of a window_metrics row. */
type WindowField = Exclude<keyof MonitoringWindowMetricsRow, 'bucket'>;

/**
 * Where a monitored metric comes from in a window_metrics row: a count ratio, a weighted mean (with its standard
 * deviation), or a column (a percentile q of the values window_exceedances.sql counts past an alert's line).
 */
export type MetricSpec = { label: string; format: 'percent' | 'ms' | 'number' } & (
  | { ratio: [WindowField, WindowField] }
  | { mean: [WindowField, WindowField, WindowField] }
  | { column: WindowField; samples: WindowField; quantile: { q: number; values: 'latency_ms' | 'ttft_ms' | 'tps' } }
);

export const METRIC_SPECS: Record<MonitoredMetric, MetricSpec> = {
  hallucination_rate: { label: 'Hallucination rate (LLM turns)', format: 'percent', ratio: ['hallucinations', 'llmTurns'] },
  escalation_rate: { label: 'Escalation rate', format: 'percent', ratio: ['escalations', 'turns'] },
  error_rate: { label: 'Error rate', format: 'percent', ratio: ['errors', 'turns'] },
  latency_p99_ms: {
    label: 'P99 latency',
    format: 'ms',
    column: 'latencyP99Ms',
    samples: 'latencyN',
    quantile: { q: 0.99, values: 'latency_ms' },
  },
  guardrail_pass_rate: { label: 'Guardrail pass rate', format: 'percent', ratio: ['guardrailPasses', 'guardrailChecked'] },
  csat_mean: { label: 'CSAT', format: 'number', mean: ['csatMean', 'csatResponses', 'csatSd'] },
  thumbs_down_rate: { label: 'Thumbs-down rate', format: 'percent', ratio: ['thumbsDown', 'rated'] },
  response_words_mean: {
    label: 'Mean response length (words)',
    format: 'number',
    mean: ['responseWordsMean', 'responseWordsN', 'responseWordsSd'],
  },
  ttft_p99_ms: {
    label: 'P99 time to first token',
    format: 'ms',
    column: 'ttftP99Ms',
    samples: 'ttftN',
    quantile: { q: 0.99, values: 'ttft_ms' },
  },
  tps_p50: { label: 'Median tokens per second', format: 'number', column: 'tpsP50', samples: 'tpsN', quantile: { q: 0.5, values: 'tps' } },
  unexpected_stop_rate: { label: 'Unexpected stop reasons (LLM turns)', format: 'percent', ratio: ['unexpectedStops', 'stops'] },
};
