import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A folder of JSON answers keyed by a hex hash (two-character fan-out). A read of a missing or damaged file is a miss;
 * a write goes to a temporary file and is renamed, so an interrupted run never leaves half an answer.
 */
export function fileCache<T>(dir: string) {
  const path = (key: string) => join(dir, key.slice(0, 2), `${key}.json`);
  return {
    get(key: string): T | null {
      const file = path(key);
      if (!existsSync(file)) return null;
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as T;
      } catch {
        return null;
      }
    },
    set(key: string, value: T): void {
      const folder = join(dir, key.slice(0, 2));
      mkdirSync(folder, { recursive: true });
      const tmp = join(folder, `.${key}.${process.pid}.tmp`);
      writeFileSync(tmp, JSON.stringify(value));
      renameSync(tmp, path(key));
    },
  };
}

/** Runs `fn` over items with at most `limit` calls in flight; stops taking new items once `signal` aborts. */
export async function forEachConcurrently<T>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal?.aborted) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, Math.max(1, items.length)) }, worker));
}
