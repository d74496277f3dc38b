import { FAILURE_CATEGORIES, type FailureCategory } from './failureCategories';

/** The four Likert dimensions of the human evaluation (MangaAssist US-3.6), each scored 1 to 5. */
export const LIKERT_DIMENSIONS = ['factual_correctness', 'helpfulness', 'tone_appropriateness', 'format_quality'] as const;
export type LikertDimension = (typeof LIKERT_DIMENSIONS)[number];

/** One annotator's scores for one sample. */
export interface Annotation {
  /** Line of the file it came from (1 is the header). */
  line: number;
  sampleId: string;
  annotatorId: string;
  scores: Record<LikertDimension, number>;
  purchaseLikelihood: boolean;
  failureCategory: FailureCategory | 'none';
}

export interface AnnotationIssue {
  line: number;
  field: string;
  problem: string;
}

/**
 * Validates annotation rows against the annotation schema of US-3.6: a known sample id, an annotator id, the four
 * Likert scores as whole numbers 1 to 5, purchase likelihood yes/no (or true/false, 1/0), and a failure category that is
 * empty, `none` or one of FAILURE_CATEGORIES; one row per sample and annotator. Every problem is reported with its
 * line and field, and only rows without problems are returned.
 * Reference: MangaAssist US-3.6 annotation schema (../shared/seeds).
 *
 * @throws never: an empty input gives no annotations and no issues.
 * @example
 * validateAnnotations([{ line: 2, values: { sample_id: 'S1', annotator_id: 'a', factual_correctness: '6', helpfulness: '4', tone_appropriateness: '4', format_quality: '4', purchase_likelihood: 'yes', failure_category: '' } }], new Set(['S1'])).issues[0].problem // => 'must be a whole number from 1 to 5, got "6"'
 */
export function validateAnnotations(
  rows: readonly { line: number; values: Record<string, string | undefined> }[],
  knownSampleIds: ReadonlySet<string>,
): { annotations: Annotation[]; issues: AnnotationIssue[] } {
  const annotations: Annotation[] = [];
  const issues: AnnotationIssue[] = [];
  const seen = new Map<string, number>();
  for (const { line, values } of rows) {
    const before = issues.length;
    const text = (k: string) => (values[k] ?? '').trim();
    const sampleId = text('sample_id');
    const annotatorId = text('annotator_id');
    if (!sampleId) issues.push({ line, field: 'sample_id', problem: 'is empty' });
    else if (!knownSampleIds.has(sampleId))
      issues.push({ line, field: 'sample_id', problem: `"${sampleId}" is not in the exported sample` });
    if (!annotatorId) issues.push({ line, field: 'annotator_id', problem: 'is empty' });
    const scores = {} as Record<LikertDimension, number>;
    for (const d of LIKERT_DIMENSIONS) {
      const v = text(d);
      const n = Number(v);
      if (!/^\d+$/.test(v) || n < 1 || n > 5) issues.push({ line, field: d, problem: `must be a whole number from 1 to 5, got "${v}"` });
      scores[d] = n;
    }
    const p = text('purchase_likelihood').toLowerCase();
    const purchase = ['yes', 'true', '1'].includes(p) ? true : ['no', 'false', '0'].includes(p) ? false : null;
    if (purchase === null) issues.push({ line, field: 'purchase_likelihood', problem: `must be yes or no, got "${p}"` });
    const f = text('failure_category').toLowerCase() || 'none';
    if (f !== 'none' && !(FAILURE_CATEGORIES as readonly string[]).includes(f)) {
      issues.push({
        line,
        field: 'failure_category',
        problem: `must be empty, none or one of ${FAILURE_CATEGORIES.join(', ')}, got "${f}"`,
      });
    }
    const key = `${sampleId}\0${annotatorId}`;
    if (sampleId && annotatorId && seen.has(key))
      issues.push({ line, field: 'annotator_id', problem: `${annotatorId} already annotated ${sampleId} on line ${seen.get(key)}` });
    if (sampleId && annotatorId && !seen.has(key)) seen.set(key, line);
    if (issues.length > before) continue;
    annotations.push({
      line,
      sampleId,
      annotatorId,
      scores,
      purchaseLikelihood: purchase!,
      failureCategory: f as FailureCategory | 'none',
    });
  }
  return { annotations, issues };
}
