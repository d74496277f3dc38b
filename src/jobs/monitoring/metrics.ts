// The monitored metrics: how each is shown (label, format) and where the readout reads it in a window_metrics row.
import type { MonitoredMetric } from '../../pipeline/monitoring-config';

/** Where a monitored metric comes from in a window_metrics row: a count ratio, a weighted mean, or a column (a percentile). */
export type MetricSpec = { label: string; format: 'percent' | 'ms' | 'number' } & (
  { ratio: [string, string] } | { mean: [string, string] } | { column: string; samples: string }
);

export const METRIC_SPECS: Record<MonitoredMetric, MetricSpec> = {
  hallucination_rate: { label: 'Hallucination rate (LLM turns)', format: 'percent', ratio: ['hallucinations', 'llm_turns'] },
  escalation_rate: { label: 'Escalation rate', format: 'percent', ratio: ['escalations', 'turns'] },
  error_rate: { label: 'Error rate', format: 'percent', ratio: ['errors', 'turns'] },
  latency_p99_ms: { label: 'P99 latency', format: 'ms', column: 'latency_p99_ms', samples: 'latency_n' },
  guardrail_pass_rate: { label: 'Guardrail pass rate', format: 'percent', ratio: ['guardrail_passes', 'guardrail_checked'] },
  csat_mean: { label: 'CSAT', format: 'number', mean: ['csat_mean', 'csat_responses'] },
  thumbs_down_rate: { label: 'Thumbs-down rate', format: 'percent', ratio: ['thumbs_down', 'rated'] },
  response_words_mean: { label: 'Mean response length (words)', format: 'number', mean: ['response_words_mean', 'response_words_n'] },
  ttft_p99_ms: { label: 'P99 time to first token', format: 'ms', column: 'ttft_p99_ms', samples: 'ttft_n' },
  tps_p50: { label: 'Median tokens per second', format: 'number', column: 'tps_p50', samples: 'tps_n' },
  unexpected_stop_rate: { label: 'Unexpected stop reasons (LLM turns)', format: 'percent', ratio: ['unexpected_stops', 'stops'] },
};
