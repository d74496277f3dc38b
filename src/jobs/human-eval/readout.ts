import { annotationAgreement, type AnnotationAgreement } from '../../analysis/annotationAgreement';
import { LIKERT_DIMENSIONS, validateAnnotations, type AnnotationIssue, type LikertDimension } from '../../analysis/annotationSchema';
import type { Period } from '../../analysis/isoWeek';
import { spearman, type SpearmanResult } from '../../analysis/spearman';
import { readHumanAnnotations, readHumanCandidates, type HumanAnnotationsRow } from '../../pipeline/rows/human';
import { readCsvRecords } from '../../pipeline/csv';
import type { ErrorsConfig } from '../../pipeline/errors-config';
import { InputError } from '../../pipeline/errors';
import type { Source } from '../../pipeline/source';

const WEEK = 7 * 86_400_000;

/** An annotation row: sample, annotator and week are the keys of the table (never NULL there). */
type AnnotationRow = Omit<HumanAnnotationsRow, 'sampleId' | 'annotatorId' | 'week'> & { sampleId: string; annotatorId: string; week: Date };

/** Where each Likert dimension sits in an annotation row. */
const LIKERT_FIELD: Record<LikertDimension, 'factualCorrectness' | 'helpfulness' | 'toneAppropriateness' | 'formatQuality'> = {
  factual_correctness: 'factualCorrectness',
  helpfulness: 'helpfulness',
  tone_appropriateness: 'toneAppropriateness',
  format_quality: 'formatQuality',
};

export interface WeekTrend {
  week: string;
  samples: number;
  means: Record<LikertDimension, number | null>;
  purchaseRate: number | null;
  /** The lowest gated kappa of the week (the dimension that decides the gate). */
  minKappa: number | null;
  passes: boolean | null;
}

export interface Calibration {
  metric: string;
  /** Null when the correlation could not be computed; `note` says why. */
  result: SpearmanResult | null;
  note?: string;
}

export interface HumanEvalReadout {
  week: Period;
  agreement: AnnotationAgreement;
  /** Rows of the week's annotations the schema rejects (warehouse data is validated too). */
  issues: AnnotationIssue[];
  samples: number;
  trend: WeekTrend[];
  byIntent: { intent: string; samples: number; meanScore: number }[];
  calibration: Calibration[];
  gate: number;
}

/** Warehouse rows as the text records validateAnnotations reads (so the warehouse is held to the import's schema). */
function asRecords(rows: AnnotationRow[]) {
  const text = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v));
  return rows.map((r, i) => ({
    line: i + 1,
    values: {
      sample_id: r.sampleId,
      annotator_id: r.annotatorId,
      ...Object.fromEntries(LIKERT_DIMENSIONS.map((d) => [d, text(r[LIKERT_FIELD[d]])])),
      purchase_likelihood: text(r.purchaseLikelihood),
      failure_category: text(r.failureCategory),
    },
  }));
}

/** The automated signals human scores are correlated with (US-3.6: calibrate thresholds). */
const AUTOMATED: { metric: string; value: (r: AnnotationRow) => number | null }[] = [
  { metric: 'thumbs_up (rated turns)', value: (r) => r.thumbsUp },
  { metric: 'hallucination_flag', value: (r) => (r.hallucinationFlag === null ? null : Number(r.hallucinationFlag)) },
  { metric: 'latency_ms', value: (r) => r.latencyMs },
  { metric: 'response_words', value: (r) => r.responseWords },
  { metric: 'intent_confidence', value: (r) => r.intentConfidence },
];

/**
 * The human evaluation readout for one ISO week (US-3.6): inter-annotator agreement per dimension against the kappa
 * gate, the rows the schema rejects, mean scores by week over the trailing four weeks, mean score by intent, and
 * Spearman correlations of each sample's mean human score with the automated signals (over the four weeks).
 */
export async function humanEvalReadout(source: Source, week: Period, config: ErrorsConfig): Promise<HumanEvalReadout> {
  const from = new Date(week.from.getTime() - 3 * WEEK);
  const rows = (await readHumanAnnotations(source, { from_date: from, to_date: week.to })).map((r): AnnotationRow => ({
    ...r,
    sampleId: r.sampleId ?? '',
    annotatorId: r.annotatorId ?? '',
    week: r.week ?? week.from,
  }));
  const byWeek = new Map<string, AnnotationRow[]>();
  for (const r of rows) {
    const w = r.week.toISOString().slice(0, 10);
    byWeek.set(w, [...(byWeek.get(w) ?? []), r]);
  }
  const judge = (list: AnnotationRow[]) => {
    const v = validateAnnotations(asRecords(list), new Set(list.map((r) => r.sampleId)));
    return { ...v, agreement: annotationAgreement(v.annotations, config.humanEval.kappaGate) };
  };
  const trend: WeekTrend[] = [];
  for (const [w, list] of [...byWeek].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const { annotations, agreement } = judge(list);
    const mean = (f: (a: (typeof annotations)[number]) => number) =>
      annotations.length ? annotations.reduce((s, a) => s + f(a), 0) / annotations.length : null;
    const gated = agreement.dimensions.map((d) => d.gated).filter((x): x is number => x !== null);
    trend.push({
      week: w,
      samples: new Set(list.map((r) => r.sampleId)).size,
      means: Object.fromEntries(LIKERT_DIMENSIONS.map((d) => [d, mean((a) => a.scores[d])])) as Record<LikertDimension, number | null>,
      purchaseRate: mean((a) => Number(a.purchaseLikelihood)),
      minKappa: gated.length ? Math.min(...gated) : null,
      passes: agreement.passes,
    });
  }
  const current = rows.filter((r) => r.week.getTime() >= week.from.getTime());
  const { issues, agreement } = judge(current);

  const perSample = new Map<string, { row: AnnotationRow; total: number; n: number }>();
  for (const r of rows) {
    const scores = LIKERT_DIMENSIONS.map((d) => r[LIKERT_FIELD[d]]);
    if (scores.some((s) => s === null || s < 1 || s > 5)) continue;
    const e = perSample.get(r.sampleId) ?? { row: r, total: 0, n: 0 };
    e.total += scores.reduce<number>((s, x) => s + x!, 0) / scores.length;
    e.n++;
    perSample.set(r.sampleId, e);
  }
  const samples = [...perSample.values()].map((e) => ({ row: e.row, score: e.total / e.n }));
  const calibration = AUTOMATED.map(({ metric, value }) => {
    const pairs = samples
      .map((s) => [s.score, value(s.row)] as const)
      .filter((p): p is readonly [number, number] => p[1] !== null && Number.isFinite(p[1]));
    try {
      return {
        metric,
        result: spearman(
          pairs.map((p) => p[0]),
          pairs.map((p) => p[1]),
        ),
      };
    } catch (e) {
      return { metric, result: null, note: (e as Error).message };
    }
  });
  const intents = new Map<string, number[]>();
  for (const s of samples.filter((x) => x.row.week.getTime() >= week.from.getTime()))
    intents.set(s.row.intent ?? '(unknown)', [...(intents.get(s.row.intent ?? '(unknown)') ?? []), s.score]);
  return {
    week,
    agreement,
    issues,
    samples: new Set(current.map((r) => r.sampleId)).size,
    trend,
    byIntent: [...intents]
      .map(([intent, xs]) => ({ intent, samples: xs.length, meanScore: xs.reduce((a, b) => a + b, 0) / xs.length }))
      .sort((a, b) => b.samples - a.samples),
    calibration,
    gate: config.humanEval.kappaGate,
  };
}

export interface HumanSample {
  week: string;
  rows: { sample_id: string; trace_id: string; stratum: string; intent: string; user_message: string; response_text: string }[];
  /** Strata that had fewer answered turns than their quota. */
  shortfalls: { stratum: string; quota: number; available: number }[];
}

/**
 * The week's human evaluation sample (US-3.6): each stratum's quota from config/errors.json (200 by default, in the
 * shares of the golden set), drawn in a fixed pseudo-random order in the warehouse with the text already redacted.
 * A stratum with too few turns gives what it has, and the shortfall is reported.
 */
export async function humanEvalSample(source: Source, week: Period, config: ErrorsConfig): Promise<HumanSample> {
  const quotas = config.humanEval.quotas;
  const rows = await readHumanCandidates(source, {
    from_ts: week.from,
    to_ts: week.to,
    edge_confidence: config.humanEval.edgeCaseConfidence,
    per_stratum: Math.max(...Object.values(quotas)),
    salt: week.label,
  });
  const out: HumanSample['rows'] = [];
  const shortfalls: HumanSample['shortfalls'] = [];
  for (const [stratum, quota] of Object.entries(quotas)) {
    const picked = rows.filter((r) => r.stratum === stratum).slice(0, quota);
    if (picked.length < quota) shortfalls.push({ stratum, quota, available: picked.length });
    for (const r of picked) {
      out.push({
        sample_id: `HS-${week.label}-${String(out.length + 1).padStart(3, '0')}`,
        trace_id: r.traceId ?? '',
        stratum,
        intent: r.intent ?? '(none)',
        user_message: r.userMessage ?? '',
        response_text: r.responseText ?? '',
      });
    }
  }
  return { week: week.label, rows: out, shortfalls };
}

export const ANNOTATION_COLUMNS = ['sample_id', 'annotator_id', ...LIKERT_DIMENSIONS, 'purchase_likelihood', 'failure_category'] as const;

/**
 * Reads and validates an annotators' CSV against the exported sample file (its sample ids) and the annotation schema.
 * @throws InputError naming the file with every rejected row (line, field, problem) when any row is bad.
 */
export function importAnnotations(file: string, sampleFile: string, gate: number) {
  const sample = readCsvRecords(sampleFile, ['sample_id', 'trace_id']);
  const known = new Map(sample.map((r) => [r.values.sample_id!, r.values.trace_id!]));
  const { annotations, issues } = validateAnnotations(readCsvRecords(file, ANNOTATION_COLUMNS), new Set(known.keys()));
  if (issues.length > 0) {
    const listed = issues
      .slice(0, 50)
      .map((i) => `line ${i.line}, ${i.field}: ${i.problem}`)
      .join('; ');
    throw new InputError(
      file,
      `${issues.length} problem${issues.length > 1 ? 's' : ''}, nothing imported: ${listed}${issues.length > 50 ? `; and ${issues.length - 50} more` : ''}`,
    );
  }
  return {
    annotations: annotations.map((a) => ({ ...a, traceId: known.get(a.sampleId)! })),
    agreement: annotationAgreement(annotations, gate),
  };
}

/** The ISO week label in a sample id (HS-<week>-NNN), or null for an id of another shape. */
export function sampleIdWeek(id: string): string | null {
  return /^HS-(\d{4}-W\d{2})-\d+$/.exec(id)?.[1] ?? null;
}

/** The ISO week an annotation file's samples belong to, from their ids (HS-<week>-NNN), for the default sample file. */
export function weekOfSampleIds(ids: string[]): string | null {
  const m = ids.map(sampleIdWeek).filter(Boolean);
  return m.length && m.every((w) => w === m[0]) ? m[0]! : null;
}
