import { InputError } from '../../pipeline/errors';
import { writeFolderAtomically } from '../../pipeline/output';
import type { Report } from '../report';
import { renderHtml } from './html';
import { renderJson } from './json';
import { renderMarkdown } from './markdown';
import { renderDeck } from './deck';
import { renderPng } from './png';
import { DECK_ROWS, tableCsv, tableCsvName } from './table';
import { htmlToPdf } from '../../pipeline/browser';

/** json, Markdown and HTML reports; deck (slides, HTML), pdf (the deck printed by Chromium), png (every chart). */
export type ReportFormat = 'json' | 'md' | 'html' | 'deck' | 'pdf' | 'png';
export const REPORT_FORMATS: ReportFormat[] = ['json', 'md', 'html', 'deck', 'pdf', 'png'];
/** What a report job writes unless told otherwise. */
export const DEFAULT_FORMATS: ReportFormat[] = ['json', 'md', 'html'];

export function parseFormats(text: string): ReportFormat[] {
  const formats = text
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  for (const f of formats) {
    if (!REPORT_FORMATS.includes(f as ReportFormat))
      throw new InputError('--format', `unknown format ${f} (use ${REPORT_FORMATS.join(', ')})`);
  }
  if (formats.length === 0) throw new InputError('--format', 'name at least one format');
  return formats as ReportFormat[];
}

/**
 * Renders a report in every format asked for, then writes them (and any extra files, such as an archived
 * configuration; with HTML or the deck, a CSV of every table longer than a slide holds) together into <out>/<job>/<period>/ atomically: nothing is written until every format has rendered.
 */
export async function writeReport(
  report: Report,
  outDir: string,
  formats: ReportFormat[] = DEFAULT_FORMATS,
  extraFiles: Record<string, string | Uint8Array> = {},
): Promise<string[]> {
  const files: Record<string, string | Uint8Array> = {};
  let deck: string | null = null;
  for (const format of formats) {
    if (format === 'json') files['report.json'] = renderJson(report);
    if (format === 'md') files['report.md'] = renderMarkdown(report);
    if (format === 'html') files['report.html'] = await renderHtml(report);
    if (format === 'deck' || format === 'pdf') deck ??= await renderDeck(report);
    if (format === 'deck') files['deck.html'] = deck!;
    if (format === 'pdf') files['deck.pdf'] = await htmlToPdf(deck!);
    if (format === 'png') {
      for (const chart of report.sections.flatMap((s) => s.charts)) files[`chart-${chart.id}.png`] = await renderPng(chart.vegaLite);
    }
  }
  // A table longer than a slide holds is shortened in the deck and the HTML report: its every row goes beside them.
  if (formats.some((f) => f === 'html' || f === 'deck' || f === 'pdf')) {
    for (const table of report.sections.flatMap((s) => s.tables))
      if (table.rows.length > DECK_ROWS) {
        let name = tableCsvName(table);
        for (let n = 2; name in files; n++) name = tableCsvName(table).replace(/\.csv$/, `-${n}.csv`);
        files[name] = tableCsv(table);
      }
  }
  Object.assign(files, extraFiles);
  return writeFolderAtomically(outDir, [report.job, report.period.label], files);
}
