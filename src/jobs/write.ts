import { join } from 'node:path';
import { InputError } from '../pipeline/errors';
import { writeFolderAtomically } from '../pipeline/output';
import type { Report } from './report';
import { renderHtml } from './render/html';
import { renderJson } from './render/json';
import { renderMarkdown } from './render/markdown';

export type ReportFormat = 'json' | 'md' | 'html';
export const REPORT_FORMATS: ReportFormat[] = ['json', 'md', 'html'];

export function parseFormats(text: string): ReportFormat[] {
  const formats = text.split(',').map((f) => f.trim()).filter(Boolean);
  for (const f of formats) {
    if (!REPORT_FORMATS.includes(f as ReportFormat)) throw new InputError('--format', `unknown format ${f} (use ${REPORT_FORMATS.join(', ')})`);
  }
  if (formats.length === 0) throw new InputError('--format', 'name at least one format');
  return formats as ReportFormat[];
}

/**
 * Renders a report in every format asked for, then writes them (and any extra files, such as an archived
 * configuration) together into <out>/<job>/<period>/ atomically: nothing is written until every format has rendered.
 */
export async function writeReport(
  report: Report,
  outDir: string,
  formats: ReportFormat[] = REPORT_FORMATS,
  extraFiles: Record<string, string> = {},
): Promise<string[]> {
  const files: Record<string, string> = {};
  for (const format of formats) {
    if (format === 'json') files['report.json'] = renderJson(report);
    if (format === 'md') files['report.md'] = renderMarkdown(report);
    if (format === 'html') files['report.html'] = await renderHtml(report);
  }
  Object.assign(files, extraFiles);
  return writeFolderAtomically(join(outDir, report.job, report.period.label), files);
}
