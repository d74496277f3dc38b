import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The project's root folder: MANGALAB_HOME when set (the CLI's launcher sets it), otherwise the nearest folder
 * upwards from the working directory whose package.json is mangalab's (notebooks run from notebooks/).
 */
export function projectRoot(): string {
  const fromEnv = process.env.MANGALAB_HOME;
  if (fromEnv) return resolve(fromEnv);
  let dir = process.cwd();
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'mangalab') return dir;
      } catch {
        // not ours; keep walking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

export const paths = {
  queries: () => join(projectRoot(), 'queries'),
  schema: () => join(projectRoot(), 'queries', 'schema'),
  config: () => join(projectRoot(), 'config'),
  reports: () => join(projectRoot(), 'reports'),
  /** Where `mangalab seed` writes the embedded sample warehouse by default. */
  sampleWarehouse: () => join(projectRoot(), 'data', 'sample', 'warehouse.duckdb'),
  /** The local results store of evaluation runs (MANGALAB_RESULTS overrides it). */
  resultsStore: () =>
    process.env.MANGALAB_RESULTS ? resolve(process.env.MANGALAB_RESULTS) : join(projectRoot(), 'data', 'results.duckdb'),
  prompts: () => join(projectRoot(), 'prompts'),
  /** The audit trail (MANGALAB_AUDIT overrides it) and its locks. */
  auditLog: () => (process.env.MANGALAB_AUDIT ? resolve(process.env.MANGALAB_AUDIT) : join(projectRoot(), 'data', 'audit', 'audit.jsonl')),
  auditDir: () =>
    dirname(process.env.MANGALAB_AUDIT ? resolve(process.env.MANGALAB_AUDIT) : join(projectRoot(), 'data', 'audit', 'audit.jsonl')),
};
