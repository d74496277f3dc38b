import type { Table } from 'apache-arrow';
import { tableToObjects } from '../../pipeline/arrow';
import { toCsvText } from '../../pipeline/csv';
import { escapeTerminal } from './escape';

export type QueryFormat = 'table' | 'csv' | 'json';

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

/** RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled. */
export function toCsv(table: Table): string {
  return toCsvText(
    table.schema.fields.map((f) => f.name),
    tableToObjects(table),
  );
}

/** An aligned text table for the terminal; long cells are cut at 60 characters. */
export function toTextTable(table: Table, maxRows = 200): string {
  const names = table.schema.fields.map((f) => escapeTerminal(f.name));
  const fields = table.schema.fields.map((f) => f.name);
  const rows = tableToObjects(table)
    .slice(0, maxRows)
    .map((r) =>
      fields.map((n) => {
        const s = escapeTerminal(cellText(r[n]).replace(/[ \t\r\n]+/g, ' '));
        return s.length > 60 ? `${s.slice(0, 57)}...` : s;
      }),
    );
  const widths = names.map((n, i) => Math.max(n.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const out = [line(names), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  const more = table.numRows > maxRows ? `\n(${table.numRows - maxRows} more rows; use --format csv for all)` : '';
  return `${out.join('\n')}\n(${table.numRows} rows)${more}\n`;
}

export function toJson(table: Table): string {
  return `${JSON.stringify(tableToObjects(table), (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`;
}

export function formatQueryResult(table: Table, format: QueryFormat): string {
  return format === 'csv' ? toCsv(table) : format === 'json' ? toJson(table) : toTextTable(table);
}
