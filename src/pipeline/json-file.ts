import { readFileSync } from 'node:fs';
import { InputError } from './errors';

/**
 * Reads a JSON file of any shape (a grid may be a bare list). @throws InputError naming the file when it cannot be
 * read or is not JSON; `what` says what the file was meant to be ("cannot read chunk grid: ...").
 */
export function readJsonFile(file: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError(file, `cannot read ${what}: ${(e as Error).message}`);
  }
}

/**
 * Reads a JSON file that must hold an object (a config, a price table, a scenario).
 * @throws InputError naming the file when it cannot be read, is not JSON, or is not an object; `what` says what the
 * file was meant to be ("cannot read price table: ...").
 */
export function readJsonObject(file: string, what: string): Record<string, unknown> {
  const raw = readJsonFile(file, what);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new InputError(file, `${what} must be a JSON object`);
  return raw as Record<string, unknown>;
}

/**
 * Reads a JSONL file of objects, one a line (blank lines skipped), each with its place (`line N`) for messages.
 * @throws InputError naming the file when it cannot be read, and the line of one that is not a JSON object; with
 * `nonEmpty`, also a file holding no line.
 */
export function readJsonlObjects(
  file: string,
  what: string,
  options: { nonEmpty?: boolean } = {},
): { row: Record<string, unknown>; where: string }[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(file, `cannot read ${what}: ${(e as Error).message}`);
  }
  const out: { row: Record<string, unknown>; where: string }[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch (e) {
      throw new InputError(file, `is not JSON: ${(e as Error).message}`, `line ${i + 1}`);
    }
    if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new InputError(file, 'must be a JSON object', `line ${i + 1}`);
    out.push({ row: row as Record<string, unknown>, where: `line ${i + 1}` });
  });
  if (options.nonEmpty && out.length === 0) throw new InputError(file, `holds no ${what}`);
  return out;
}
