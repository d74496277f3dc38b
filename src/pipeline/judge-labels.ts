import { extname } from 'node:path';
import { isFailureCategory, FAILURE_CATEGORIES, type FailureCategory } from '../analysis/failureCategories';
import { readCsvRecords } from './csv';
import { InputError } from './errors';
import { readJsonlObjects } from './json-file';

/** Human failure categories from a file, by trace id: the labelled sample of `mangalab judge check --sample`. */
export interface JudgeLabelFile {
  file: string;
  labels: Map<string, FailureCategory>;
  /** Rows whose label is `none` (the annotator saw no failure): not a category a categorizer gives, left out. */
  none: number;
  /** Rows with no label at all, left out. */
  unlabelled: number;
}

/**
 * Reads a labelled sample: a CSV with columns trace_id and failure_category, or JSONL objects with those fields. Rows
 * with an empty label or `none` are left out (and counted); a trace id given twice must carry one label.
 * @throws InputError naming the file and the line for a missing column, a label outside FAILURE_CATEGORIES, a trace id
 * with a comma (ids travel to the warehouse as one comma-separated parameter) or two labels; and for a file in which no
 * row has a human label.
 */
export function readJudgeLabels(file: string): JudgeLabelFile {
  const rows =
    extname(file).toLowerCase() === '.jsonl'
      ? readJsonlObjects(file, 'labelled turns').map(({ row, where }) => ({
          where,
          traceId: typeof row.trace_id === 'string' ? row.trace_id : row.trace_id == null ? '' : String(row.trace_id),
          label:
            typeof row.failure_category === 'string'
              ? row.failure_category
              : row.failure_category == null
                ? ''
                : String(row.failure_category),
        }))
      : readCsvRecords(file, ['trace_id', 'failure_category']).map(({ line, values }) => ({
          where: `line ${line}`,
          traceId: values.trace_id ?? '',
          label: values.failure_category ?? '',
        }));
  const out: JudgeLabelFile = { file, labels: new Map(), none: 0, unlabelled: 0 };
  for (const r of rows) {
    const traceId = r.traceId.trim();
    const label = r.label.trim().toLowerCase();
    if (!traceId) throw new InputError(file, 'trace_id is empty', r.where);
    if (traceId.includes(',')) throw new InputError(file, `trace_id "${traceId}" holds a comma, which no trace id may`, r.where);
    if (label === '') {
      out.unlabelled++;
      continue;
    }
    if (label === 'none') {
      out.none++;
      continue;
    }
    if (!isFailureCategory(label))
      throw new InputError(file, `failure_category "${r.label}" is not one of ${FAILURE_CATEGORIES.join(', ')} (or none)`, r.where);
    const seen = out.labels.get(traceId);
    if (seen && seen !== label) throw new InputError(file, `trace ${traceId} is labelled both ${seen} and ${label}`, r.where);
    out.labels.set(traceId, label);
  }
  if (out.labels.size === 0)
    throw new InputError(
      file,
      `no row has a human failure category (${rows.length} rows: ${out.unlabelled} without a label, ${out.none} labelled none): a judge is measured against human labels`,
    );
  return out;
}
