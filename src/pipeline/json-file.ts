import { readFileSync } from 'node:fs';
import { InputError } from './errors';

/**
 * Reads a JSON file that must hold an object (a config, a price table, a scenario).
 * @throws InputError naming the file when it cannot be read, is not JSON, or is not an object; `what` says what the
 * file was meant to be ("cannot read price table: ...").
 */
export function readJsonObject(file: string, what: string): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError(file, `cannot read ${what}: ${(e as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new InputError(file, `${what} must be a JSON object`);
  return raw as Record<string, unknown>;
}
