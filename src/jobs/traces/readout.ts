import type { Table } from 'apache-arrow';
import { readTracesLineage, type TracesLineageRow } from '../../pipeline/rows/traces';
import { InputError } from '../../pipeline/errors';
import type { Source } from '../../pipeline/source';
import { sourceSpan } from '../period';
import { escapeTerminal } from '../render/escape';

export const TRACE_FLAGS = ['hallucination', 'escalated', 'error', 'guardrail_blocked', 'thumbs_down', 'canary'] as const;
export type TraceFlag = (typeof TRACE_FLAGS)[number];

export interface TraceFilters {
  /** YYYY-MM-DD (a whole UTC day) or an ISO instant; default: 7 days before `to`. */
  from?: string;
  /** YYYY-MM-DD (inclusive: to the end of that day) or an ISO instant (exclusive); default: just after the newest turn. */
  to?: string;
  intent?: string;
  modelVersion?: string;
  promptVersion?: string;
  flag?: TraceFlag;
  limit?: number;
}

/** A --from/--to value as an instant; a bare day as its start, or (for an inclusive end) the next day's start. */
function instant(flag: string, text: string, endOfDay: boolean): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const d = new Date(`${text}T00:00:00Z`);
    if (!Number.isNaN(d.getTime())) return endOfDay ? new Date(d.getTime() + 86_400_000) : d;
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/.test(text)) {
    const d = new Date(text);
    if (!Number.isNaN(d.getTime())) return d;
  }
  throw new InputError(flag, `expected YYYY-MM-DD or an ISO instant like 2026-11-15T08:00Z, got "${text}"`);
}

/**
 * Trace search (US-4.1 drill-down): turns in a time range by intent, model version, prompt version and flag, newest
 * first, from queries/traces/search.sql (every filter a bound parameter).
 * @throws InputError for a malformed time, an unknown flag, a limit outside 1..10000, or a range ending before it starts.
 */
export async function searchTraces(source: Source, f: TraceFilters): Promise<Table> {
  if (f.flag && !TRACE_FLAGS.includes(f.flag)) throw new InputError('--flag', `must be one of ${TRACE_FLAGS.join(', ')}, got "${f.flag}"`);
  const limit = f.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new InputError('--limit', `must be from 1 to 10000, got ${limit}`);
  let to: Date;
  if (f.to) to = instant('--to', f.to, true);
  else {
    const span = await sourceSpan(source);
    if (!span?.lastTs) throw new InputError(source.description, 'the requests table is empty: no traces to search');
    to = new Date(span.lastTs.getTime() + 1);
  }
  const from = f.from ? instant('--from', f.from, false) : new Date(to.getTime() - 7 * 86_400_000);
  if (from.getTime() >= to.getTime())
    throw new InputError('--from/--to', `the range ${from.toISOString()} to ${to.toISOString()} is empty`);
  return source.query('traces/search', {
    from_ts: from,
    to_ts: to,
    intent: f.intent ?? '',
    model_version: f.modelVersion ?? '',
    prompt_version: f.promptVersion ?? '',
    flag: f.flag ?? '',
    max_rows: limit,
  });
}

/** One turn's lineage, the user message already redacted in the warehouse. */
export type TraceLineage = TracesLineageRow;

/**
 * One turn's lineage (US-4.1) from queries/traces/lineage.sql: session, versions, tokens, latency, guardrail result,
 * retrieved chunk ids, feedback and the PII-redacted user message.
 * @throws InputError when no turn has the trace id.
 */
export async function traceLineage(source: Source, traceId: string): Promise<TraceLineage> {
  const [row] = await readTracesLineage(source, { trace_id: traceId });
  if (!row) throw new InputError(`trace ${traceId}`, `no turn with this trace id in ${source.description}`);
  return row;
}

/**
 * The lineage as aligned "field  value" lines, grouped the way an on-call engineer reads a turn; `registry` lines
 * (src/jobs/registry/show.ts) follow the versions.
 */
export function formatLineage(t: TraceLineage, registry: [string, string][] = []): string {
  const v = (k: keyof TraceLineage) => {
    const x = t[k];
    if (x === null || x === undefined) return '-';
    if (x instanceof Date) return x.toISOString();
    return escapeTerminal(String(x)); // warehouse text: no escape sequence reaches the terminal
  };
  let chunks = v('retrievedChunkIds');
  try {
    const parsed = JSON.parse(chunks) as unknown;
    if (Array.isArray(parsed)) chunks = parsed.length ? parsed.join(', ') : '(none)';
  } catch {
    // not JSON: shown as stored
  }
  const lines: [string, string][] = [
    ['trace', `${v('traceId')} at ${v('ts')}`],
    ['session', `${v('sessionId')} (${v('userType')}, ${v('region')})`],
    ['intent', `${v('intent')} (confidence ${v('intentConfidence')}), handler ${v('handler')}`],
    [
      'versions',
      `model ${v('model')} / ${v('modelVersion')}, prompt ${v('promptVersion')}, deployment ${v('deploymentVariant')}${t.experimentId ? `, experiment ${v('experimentId')} arm ${v('variant')}` : ''}`,
    ],
    ...registry,
    [
      'tokens',
      `input ${v('inputTokens')}, output ${v('outputTokens')}, cache read ${v('cacheReadTokens')}, cache write ${v('cacheWriteTokens')}`,
    ],
    ['latency', `TTFT ${v('ttftMs')} ms, total ${v('latencyMs')} ms, stop reason ${v('stopReason')}`],
    ['guardrail', t.guardrailPassed === null ? '-' : t.guardrailPassed ? 'passed' : `blocked at ${v('guardrailStage')}`],
    [
      'flags',
      [t.hallucinationFlag ? 'hallucination' : '', t.escalated ? 'escalated' : '', t.isError ? 'error' : ''].filter(Boolean).join(', ') ||
        'none',
    ],
    ['feedback', v('feedback')],
    ['retrieved', chunks],
    ['response', `${v('responseWords')} words`],
    ['user message', `${v('userMessageRedacted')}  (PII redacted)`],
  ];
  const w = Math.max(...lines.map(([k]) => k.length));
  return `${lines.map(([k, x]) => `${k.padEnd(w)}  ${x}`).join('\n')}\n`;
}
