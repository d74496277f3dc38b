import { readFileSync } from 'node:fs';
import { InputError } from './errors';

/**
 * RFC 4180 quoting of one field: quoted when it holds a comma, quote or line break, quotes doubled. Text that a
 * spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage return: OWASP's CSV injection
 * list) is prefixed with an apostrophe, so it opens as text; numbers are written as they are.
 */
export function csvField(v: unknown): string {
  let s = v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows of objects as CSV text with the given columns, header first. */
export function toCsvText(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  return `${[columns.map(csvField).join(','), ...rows.map((r) => columns.map((c) => csvField(r[c])).join(','))].join('\n')}\n`;
}

/**
 * Reads an RFC 4180 CSV file with a header row into records keyed by the header, each with the line it starts on
 * (the header is line 1). Quoted fields may hold commas, doubled quotes and line breaks; a byte-order mark is skipped.
 * @throws InputError naming the file for an unreadable file, an empty one, a repeated column, an unclosed quote, or a
 * record with more fields than the header (with its line).
 */
export function readCsvRecords(file: string, required: readonly string[] = []): { line: number; values: Record<string, string> }[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    throw new InputError(file, `cannot read: ${(e as Error).message}`);
  }
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      if (fields.length > 1 || fields[0] !== '') records.push({ line: start, fields });
      fields = [];
      field = '';
      line++;
      start = line;
    } else {
      field += c;
    }
  }
  if (quoted) throw new InputError(file, 'a quoted field is never closed', `line ${start}`);
  fields.push(field);
  if (fields.length > 1 || fields[0] !== '') records.push({ line: start, fields });
  if (records.length === 0) throw new InputError(file, 'is empty: expected a header row');
  const header = records[0]!.fields.map((h) => h.trim());
  const repeated = header.find((h, i) => header.indexOf(h) !== i);
  if (repeated) throw new InputError(file, `column ${repeated} appears twice in the header`, 'line 1');
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length)
    throw new InputError(
      file,
      `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (header: ${header.join(', ')})`,
      'line 1',
    );
  return records.slice(1).map((r) => {
    if (r.fields.length > header.length)
      throw new InputError(file, `${r.fields.length} fields, but the header has ${header.length}`, `line ${r.line}`);
    return { line: r.line, values: Object.fromEntries(header.map((h, i) => [h, r.fields[i] ?? ''])) };
  });
}
