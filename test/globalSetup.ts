// Seeds small sample warehouses once for the whole run (DuckDB file, Parquet folder, CSV folder) and hands their
// paths to the tests. 20k requests keep every planted finding while seeding in about a second each.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { seedWarehouse } from '../src/pipeline/seed';

declare module 'vitest' {
  export interface ProvidedContext {
    fixtures: { dir: string; duckdb: string; parquet: string; csv: string; requests: number };
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'mangalab-fixtures-'));
  const requests = 20_000;
  const duckdb = join(dir, 'warehouse.duckdb');
  const parquet = join(dir, 'parquet');
  const csv = join(dir, 'csv');
  await seedWarehouse({ out: duckdb, requests });
  await seedWarehouse({ out: parquet, requests, format: 'parquet' });
  await seedWarehouse({ out: csv, requests, format: 'csv' });
  project.provide('fixtures', { dir, duckdb, parquet, csv, requests });
  // No test reads or writes the project's own results store (data/results.duckdb): test workers and the CLI they
  // spawn inherit this path, which holds no run unless a test puts one there.
  process.env.MANGALAB_RESULTS = join(dir, 'results.duckdb');
  return () => rmSync(dir, { recursive: true, force: true });
}
