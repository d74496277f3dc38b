import type { Table } from 'apache-arrow';
import { tableToObjects } from '../../pipeline/arrow';
import { formatCell } from './format';
import { renderSvg } from './charts';
import { escapeHtml } from './escape';

/** An Arrow table, or a list of row objects, as an escaped HTML table for notebook display (tslab's display.html); at most `maxRows` rows. */
export function tableHtml(table: Table | Record<string, unknown>[], maxRows = 50): string {
  // Arrow tables (query results) and plain rows (an analysis's output) render alike.
  const all = Array.isArray(table) ? table : tableToObjects(table);
  const names = Array.isArray(table) ? [...new Set(table.flatMap((r) => Object.keys(r)))] : table.schema.fields.map((f) => f.name);
  const rows = all.slice(0, maxRows);
  const when = (d: Date) => (d.toISOString().endsWith('T00:00:00.000Z') ? d.toISOString().slice(0, 10) : d.toISOString());
  const cell = (v: unknown) =>
    escapeHtml(
      v instanceof Date
        ? when(v)
        : typeof v === 'number'
          ? formatCell(v, 'number')
          : typeof v === 'boolean'
            ? String(v)
            : formatCell(v as never),
    );
  const head = names.map((n) => `<th>${escapeHtml(n)}</th>`).join('');
  const body = rows.map((r) => `<tr>${names.map((n) => `<td>${cell(r[n])}</td>`).join('')}</tr>`).join('');
  const more = all.length > maxRows ? `<p>${all.length - maxRows} more rows</p>` : '';
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${more}`;
}

/** A vega-lite spec rendered headlessly to SVG, for display.html in a notebook or a file. */
export async function chartSvg(vegaLite: Record<string, unknown>): Promise<string> {
  return renderSvg(vegaLite);
}
