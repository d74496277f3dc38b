import { createHash, randomBytes } from 'node:crypto';

/**
 * An id for a stored run: `<prefix>-<UTC time to the second>-<6 hex>`, the hex from what the run covers and a random
 * salt, so two runs in the same second never collide. Sorts by time within a prefix.
 */
export function runId(prefix: string, at: Date, ...covers: string[]): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const hash = createHash('sha256');
  for (const c of covers) hash.update(c).update('\0');
  return `${prefix}-${stamp}-${hash.update(randomBytes(8)).digest('hex').slice(0, 6)}`;
}
