import { formatCell } from '../format';
import type { CellFormat, ReportTable } from '../report';

/** The text of every cell: a column's own format, else the row's `format` cell (tables mixing units per row). */
export function tableText(table: ReportTable): string[][] {
  return table.rows.map((row) =>
    table.columns.map((col) => formatCell(row[col.key], col.format ?? (typeof row.format === 'string' ? (row.format as CellFormat) : 'text'))),
  );
}
