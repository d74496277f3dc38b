import { formatCell } from './format';
import type { CellFormat, ReportTable } from '../report';

/** The text of every cell: a column's own format, else the row's `format` cell (tables mixing units per row). */
export function tableText(table: ReportTable): string[][] {
  return table.rows.map((row) =>
    table.columns.map((col) =>
      formatCell(row[col.key], col.format ?? (typeof row.format === 'string' ? (row.format as CellFormat) : 'text')),
    ),
  );
}

/** A report table as aligned plain text for the terminal: header, rule, rows. */
export function toTextTableRows(table: ReportTable): string {
  const rows = [table.columns.map((c) => c.label), ...tableText(table)];
  const widths = table.columns.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** Rows a deck slide shows of a table; the rest are counted, and are in report.json and the table's CSV. */
export const DECK_ROWS = 12;
/** Rows the HTML report shows of a table; the same rule. */
export const HTML_ROWS = 100;

/** The CSV written beside the report for a table longer than a slide holds (its every row, as the JSON keeps them). */
export function tableCsvName(table: ReportTable): string {
  return `table-${table.id.replace(/[^A-Za-z0-9._-]+/g, '_')}.csv`;
}

const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  // A leading = + - @ would run as a formula in a spreadsheet: quoted with a leading apostrophe.
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** A table as CSV: a header of column keys, then every row's raw values (numbers unformatted, null empty). */
export function tableCsv(table: ReportTable): string {
  const lines = [table.columns.map((c) => csvCell(c.key)).join(',')];
  for (const row of table.rows) lines.push(table.columns.map((c) => csvCell(row[c.key])).join(','));
  return `${lines.join('\n')}\n`;
}

/** What a shortened table says under itself: how many rows are shown of how many, and where the rest are. */
export function shownNote(table: ReportTable, shown: number): string | null {
  if (table.rows.length <= shown) return null;
  return `Showing the first ${shown} of ${table.rows.length.toLocaleString('en-US')} rows; every row is in report.json (table ${table.id}) and ${tableCsvName(table)}.`;
}
