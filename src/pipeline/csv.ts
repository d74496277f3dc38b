import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
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

/** The records of CSV text, each with the line it starts on; at most `limit` of them (the rest is not read). */
function csvRecords(text: string, file: string, limit = Infinity): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length && records.length < limit; i++) {
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
  if (records.length >= limit) return records;
  if (quoted) throw new InputError(file, 'a quoted field is never closed', `line ${start}`);
  fields.push(field);
  if (fields.length > 1 || fields[0] !== '') records.push({ line: start, fields });
  return records;
}

/**
 * The header row of a CSV file, read from its first 1 MiB (the rest is not read).
 * @throws InputError naming the file when it cannot be read, is empty, or repeats a column.
 */
export function readCsvHeader(file: string): string[] {
  let text: string;
  try {
    const fd = openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(1 << 20);
      text = buffer
        .subarray(0, readSync(fd, buffer, 0, buffer.length, 0))
        .toString('utf8')
        .replace(/^\uFEFF/, '');
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    throw new InputError(file, `cannot read: ${(e as Error).message}`);
  }
  return csvHeader(csvRecords(text, file, 1), file);
}

/**
 * The physical line on which row `row` of a CSV file starts, counted as DuckDB counts them in its errors: every line
 * break outside quotes starts a row (blank lines included), the header is row 1. An editor's line differs from it
 * once a quoted field holds a line break. Streams the file; null past its end.
 */
export function csvRecordLine(file: string, row: number): number | null {
  if (row <= 1) return 1;
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(1 << 20);
    let line = 1;
    let rows = 1;
    let quoted = false;
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) return null;
      for (let i = 0; i < n; i++) {
        const c = buffer[i]!;
        if (c === 0x22)
          quoted = !quoted; // a doubled quote flips twice
        else if (c === 0x0a) {
          line++;
          if (!quoted && ++rows === row) return line;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
}

function csvHeader(records: { line: number; fields: string[] }[], file: string): string[] {
  if (records.length === 0) throw new InputError(file, 'is empty: expected a header row');
  const header = records[0]!.fields.map((h) => h.trim());
  const repeated = header.find((h, i) => header.indexOf(h) !== i);
  if (repeated) throw new InputError(file, `column ${repeated} appears twice in the header`, 'line 1');
  return header;
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
  const records = csvRecords(text, file);
  const header = csvHeader(records, file);
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
