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
