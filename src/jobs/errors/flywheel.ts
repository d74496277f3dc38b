import { calendarQuarter, type Period } from '../../analysis/isoWeek';
import { nearDuplicates } from '../../analysis/nearDuplicates';
import { redactPii } from '../../analysis/redactPii';
import { loadErrorsConfig, type ErrorsConfig } from '../../pipeline/errors-config';
import { InputError } from '../../pipeline/errors';
import { readFlywheelCandidates, readFlywheelQuarterCounts, type FlywheelCandidatesRow } from '../../pipeline/rows/flywheel';
import type { Source } from '../../pipeline/source';
import { periodJson, type Finding, type Report, type ReportTable } from '../report';
import { sourceSpan } from '../period';

/** A candidate turn: trace id, time and message are never NULL in queries/flywheel/candidates.sql. */
type CandidateRow = Omit<FlywheelCandidatesRow, 'traceId' | 'ts' | 'userMessage'> & { traceId: string; ts: Date; userMessage: string };

export interface FlywheelOptions {
  /** YYYY-Qn; default: the quarter of the newest turn. */
  quarter?: string;
  configFile?: string;
  config?: ErrorsConfig;
  now?: () => Date;
}

/** One candidate pool: what the warehouse returned, what the PII check re-redacted, what deduplication removed. */
export interface CandidatePool {
  kind: 'training' | 'golden';
  fetched: number;
  kept: CandidateRow[];
  duplicates: number;
  /** Findings of redactPii on text the warehouse had already redacted: should be 0; any are redacted here too. */
  residualPii: number;
}

async function pool(source: Source, quarter: Period, kind: 'training' | 'golden', c: ErrorsConfig): Promise<CandidatePool> {
  const rows = (
    await readFlywheelCandidates(source, {
      from_ts: quarter.from,
      to_ts: quarter.to,
      kind,
      min_confidence: c.flywheel.minIntentConfidence,
      max_rows: kind === 'training' ? c.flywheel.trainingLimit : c.flywheel.goldenLimit,
    })
  ).map((r): CandidateRow => ({ ...r, traceId: r.traceId ?? '', ts: r.ts ?? quarter.from, userMessage: r.userMessage ?? '' }));
  let residualPii = 0;
  for (const r of rows) {
    for (const key of ['userMessage', 'responseText'] as const) {
      const v = r[key];
      if (v === null) continue;
      const check = redactPii(v);
      residualPii += check.found.length;
      r[key] = check.text;
    }
  }
  const dedup = nearDuplicates(
    rows.map((r) => r.userMessage),
    { threshold: c.flywheel.duplicateJaccard },
  );
  return { kind, fetched: rows.length, kept: dedup.kept.map((i) => rows[i]!), duplicates: dedup.dropped.length, residualPii };
}

/**
 * The data flywheel job (`mangalab flywheel`, US-8.4): training candidates (high-confidence, liked, resolved
 * conversations) and golden candidates (thumbs-down or escalated ones) of a quarter, anonymized in the warehouse,
 * checked again with redactPii (the validation step of US-10.3), near-duplicates removed (character-shingle Jaccard
 * at the configured threshold), written as JSONL beside a report with the flywheel metrics per quarter.
 * @throws InputError for a malformed quarter or a bad configuration.
 */
export async function flywheelReport(
  source: Source,
  options: FlywheelOptions = {},
): Promise<{ report: Report; files: Record<string, string> }> {
  const c = options.config ?? loadErrorsConfig(options.configFile);
  let quarter: Period;
  if (options.quarter) {
    try {
      quarter = calendarQuarter(options.quarter);
    } catch (e) {
      throw new InputError('--quarter', (e as Error).message);
    }
  } else {
    const span = await sourceSpan(source);
    if (!span?.lastTs) throw new InputError(source.description, 'the requests table is empty: no quarter to report on');
    quarter = calendarQuarter(span.lastTs);
  }
  const training = await pool(source, quarter, 'training', c);
  const golden = await pool(source, quarter, 'golden', c);
  const quarters = await readFlywheelQuarterCounts(source, { min_confidence: c.flywheel.minIntentConfidence });

  const findings: Finding[] = [];
  for (const p of [training, golden]) {
    findings.push({
      id: `flywheel.${p.kind}`,
      severity: 'info',
      metric: `${p.kind}_candidates`,
      value: p.kept.length,
      message: `${p.kept.length.toLocaleString('en-US')} ${p.kind} candidates for ${quarter.label}: ${p.fetched.toLocaleString('en-US')} fetched (limit ${(p.kind === 'training' ? c.flywheel.trainingLimit : c.flywheel.goldenLimit).toLocaleString('en-US')}), ${p.duplicates.toLocaleString('en-US')} near-duplicates removed (Jaccard at least ${c.flywheel.duplicateJaccard}).`,
    });
  }
  const residual = training.residualPii + golden.residualPii;
  findings.push(
    residual === 0
      ? {
          id: 'flywheel.pii',
          severity: 'info',
          metric: 'residual_pii',
          value: 0,
          message: 'PII validation: redactPii finds nothing in the candidates the warehouse redacted.',
        }
      : {
          id: 'flywheel.pii',
          severity: 'warning',
          metric: 'residual_pii',
          value: residual,
          message: `PII validation: redactPii found ${residual} items the warehouse redaction missed; they are redacted in the files written, but check the warehouse patterns.`,
        },
  );
  const byIntent = new Map<string, { training: number; golden: number }>();
  for (const p of [training, golden])
    for (const r of p.kept) {
      const e = byIntent.get(r.intent ?? '(none)') ?? { training: 0, golden: 0 };
      e[p.kind]++;
      byIntent.set(r.intent ?? '(none)', e);
    }
  const tables: ReportTable[] = [
    {
      id: 'flywheel.quarters',
      title: 'Flywheel metrics by quarter',
      columns: [
        { key: 'quarter', label: 'Quarter' },
        { key: 'turns', label: 'Turns', format: 'integer' },
        { key: 'training', label: 'Training-eligible', format: 'integer' },
        { key: 'golden', label: 'Golden-eligible', format: 'integer' },
        { key: 'accuracy', label: 'Classifier accuracy', format: 'percent' },
        { key: 'labelled', label: 'Labelled turns', format: 'integer' },
      ],
      rows: quarters.map((q) => ({
        quarter: q.quarter ? calendarQuarter(q.quarter).label : '(no quarter)',
        turns: q.turns ?? 0,
        training: q.training ?? 0,
        golden: q.golden ?? 0,
        accuracy: q.labelled ? (q.correct ?? 0) / q.labelled : null,
        labelled: q.labelled,
      })),
      notes: [
        'Eligible counts are before the per-run limits and deduplication. Accuracy is the intent classifier\'s on the labelled sample of the quarter: the effect of added training data shows as its change from quarter to quarter. "n/a": no labelled turns that quarter.',
      ],
    },
    {
      id: 'flywheel.intents',
      title: `Candidates written for ${quarter.label}, by intent`,
      columns: [
        { key: 'intent', label: 'Intent' },
        { key: 'training', label: 'Training', format: 'integer' },
        { key: 'golden', label: 'Golden', format: 'integer' },
      ],
      rows: [...byIntent].sort((a, b) => b[1].training - a[1].training).map(([intent, v]) => ({ intent, ...v })),
      notes: [
        'Files: training_candidates.jsonl (user message and intent, for the classifier) and golden_candidates.jsonl (message, intent and answer, for curation). Both await human review before use.',
      ],
    },
  ];
  const line = (r: CandidateRow, withAnswer: boolean) =>
    JSON.stringify({
      trace_id: r.traceId,
      ts: r.ts.toISOString(),
      intent: r.intent,
      intent_confidence: r.intentConfidence,
      user_message: r.userMessage,
      ...(withAnswer ? { response_text: r.responseText, thumbs_up: r.thumbsUp, escalated: r.escalated } : {}),
    });
  const report: Report = {
    job: 'flywheel',
    source: source.description,
    period: periodJson(quarter),
    generatedAt: (options.now ?? (() => new Date()))().toISOString(),
    sections: [{ id: 'flywheel', title: 'Data flywheel', findings, tables, charts: [] }],
  };
  return {
    report,
    files: {
      'training_candidates.jsonl': training.kept.map((r) => `${line(r, false)}\n`).join(''),
      'golden_candidates.jsonl': golden.kept.map((r) => `${line(r, true)}\n`).join(''),
    },
  };
}
