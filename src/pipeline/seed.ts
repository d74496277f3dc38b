import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadContract } from './contract';
import { ident, pathLiteral } from './duckdb-source';
import { InputError } from './errors';
import { paths } from './paths';
import { progress } from './progress';
import { sampleChunkPools } from './kb-seed';
import { loadQuery, prepareQuery } from './queries';
import { chunkTokenizer, loadRetrievalConfig } from './retrieval-config';

export type SeedFormat = 'duckdb' | 'parquet' | 'csv';

export interface SeedOptions {
  /** A .duckdb file, or a folder for parquet/csv. Default: data/sample/warehouse.duckdb. */
  out?: string;
  /** About this many requests (turns); sessions are drawn to match. Default 1,000,000. */
  requests?: number;
  seed?: number;
  format?: SeedFormat;
  /** The window's first day, a Monday (default 2026-10-19: four ISO weeks, 2026-W43 to 2026-W46). */
  startDay?: string;
  days?: number;
}

export interface SeedResult {
  out: string;
  format: SeedFormat;
  rows: Record<string, number>;
  seconds: number;
  plants: { spikeDay: string; driftFrom: string; experimentFrom: string };
}

/** Mean turns per session of the generator's geometric draw (1 + Geom(0.31)). */
const MEAN_TURNS = 1 + 0.69 / 0.31;

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Writes the deterministic sample warehouse: the queries/seed/ files run in order inside DuckDB, then every
 * contract table is created from its DDL in queries/schema/ and filled with cast columns. Written to a temporary
 * path and renamed, so an interrupted seed leaves nothing behind.
 * @throws InputError for a size, seed, day count or start day out of range.
 */
export async function seedWarehouse(options: SeedOptions = {}): Promise<SeedResult> {
  const started = Date.now();
  const format = options.format ?? 'duckdb';
  const requests = options.requests ?? 1_000_000;
  const seed = options.seed ?? 20261122;
  const startDay = options.startDay ?? '2026-10-19';
  const days = options.days ?? 28;
  if (!Number.isInteger(requests) || requests < 1000 || requests > 50_000_000)
    throw new InputError('--requests', `must be a whole number from 1000 to 50000000, got ${requests}`);
  if (!Number.isInteger(seed) || seed < 0) throw new InputError('--seed', `must be a non-negative integer, got ${seed}`);
  if (!Number.isInteger(days) || days < 14 || days > 366) throw new InputError('--days', `must be from 14 to 366, got ${days}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(startDay) || new Date(`${startDay}T00:00:00Z`).getUTCDay() !== 1) {
    throw new InputError('--start', `must be a Monday written YYYY-MM-DD, got ${startDay}`);
  }
  const out = resolve(options.out ?? paths.sampleWarehouse());
  const plants = {
    // Wednesday of the last full week, the week of the drift, the second week.
    spikeDay: addDays(startDay, Math.floor(days / 7) * 7 - 5),
    driftFrom: addDays(startDay, Math.floor(days / 7) * 7 - 7),
    experimentFrom: addDays(startDay, 7),
  };
  const tmp = `${out}.tmp-${process.pid}`;
  const dbPath = format === 'duckdb' ? tmp : join(tmp, '.build.duckdb');
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(format === 'duckdb' ? dirname(out) : tmp, { recursive: true });

  const files = readdirSync(join(paths.queries(), 'seed'))
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const contract = loadContract();
  const bar = progress(files.length + contract.length + (format === 'duckdb' ? 0 : contract.length), 'seed');
  const instance = await DuckDBInstance.create(dbPath);
  const conn = await instance.connect();
  try {
    const params = {
      seed,
      start_day: startDay,
      days,
      n_sessions: Math.max(10, Math.round(requests / MEAN_TURNS)),
      spike_day: plants.spikeDay,
      drift_from: plants.driftFrom,
      experiment_from: plants.experimentFrom,
    };
    // The chunks production retrieves, cut from the sample knowledge base by the production chunking of
    // config/retrieval.json: retrieved_chunk_ids name chunks `mangalab seed` writes (queries/seed/04_requests.sql).
    await conn.run('CREATE TABLE seed_chunk_pools (pool VARCHAR, late BOOLEAN, ids VARCHAR[])');
    for (const p of sampleChunkPools(loadRetrievalConfig().production, chunkTokenizer())) {
      if (p.ids.length === 0) continue;
      await conn.run('INSERT INTO seed_chunk_pools VALUES ($pool, $late, CAST(CAST($ids AS JSON) AS VARCHAR[]))', {
        pool: p.pool,
        late: p.late,
        ids: JSON.stringify(p.ids),
      });
    }
    for (const file of files) {
      const query = loadQuery(join(paths.queries(), 'seed', file));
      if (query.params.length === 0) {
        await conn.run(readFileSync(query.path, 'utf8'));
      } else {
        const own = Object.fromEntries(query.params.map((p) => [p.name, params[p.name as keyof typeof params]]));
        const prepared = prepareQuery(query, 'duckdb', own);
        await conn.run(prepared.sql, prepared.params as Record<string, string>);
      }
      bar.step(file);
    }
    // The warehouse holds exactly the contract: tables created from the DDL, columns cast in contract order.
    for (const table of contract) {
      await conn.run(`ALTER TABLE ${ident(table.name)} RENAME TO ${ident(`_gen_${table.name}`)}`);
      await conn.run(readFileSync(table.file, 'utf8'));
      const cols = table.columns.map((c) => `CAST(${ident(c.name)} AS ${c.type})`).join(', ');
      // Stored in time order, as a warehouse sorted on its timestamp is: period filters skip whole row groups.
      const timeColumn = table.columns.find((c) => c.type === 'TIMESTAMP');
      const order = timeColumn ? ` ORDER BY ${ident(timeColumn.name)}` : '';
      await conn.run(`INSERT INTO ${ident(table.name)} SELECT ${cols} FROM ${ident(`_gen_${table.name}`)}${order}`);
      await conn.run(`DROP TABLE ${ident(`_gen_${table.name}`)}`);
      bar.step(table.name);
    }
    const rows: Record<string, number> = {};
    for (const table of contract) {
      const reader = await conn.runAndReadAll(`SELECT count(*) FROM ${ident(table.name)}`);
      rows[table.name] = Number(reader.getRows()[0]![0]);
    }
    if (format !== 'duckdb') {
      for (const table of contract) {
        const target = join(tmp, `${table.name}.${format}`);
        const select =
          format === 'csv' && table.columns.some((c) => c.type.endsWith('[]'))
            ? `SELECT * REPLACE (${table.columns
                .filter((c) => c.type.endsWith('[]'))
                .map((c) => `CAST(to_json(${ident(c.name)}) AS VARCHAR) AS ${ident(c.name)}`)
                .join(', ')}) FROM ${ident(table.name)}`
            : `SELECT * FROM ${ident(table.name)}`;
        const opts = format === 'parquet' ? '(FORMAT parquet, COMPRESSION zstd)' : '(FORMAT csv, HEADER true)';
        await conn.run(`COPY (${select}) TO ${pathLiteral(target)} ${opts}`);
        bar.step(`${table.name}.${format}`);
      }
    } else {
      await conn.run('CHECKPOINT');
    }
    bar.done();
    conn.closeSync();
    instance.closeSync();
    if (format !== 'duckdb') rmSync(dbPath, { force: true });
    rmSync(`${dbPath}.wal`, { force: true });
    if (existsSync(out)) rmSync(out, { recursive: true, force: true });
    renameSync(tmp, out);
    return { out, format, rows, seconds: (Date.now() - started) / 1000, plants };
  } catch (e) {
    bar.done();
    try {
      conn.closeSync();
      instance.closeSync();
    } catch {
      // already closed
    }
    rmSync(tmp, { recursive: true, force: true });
    rmSync(`${tmp}.wal`, { force: true });
    throw e;
  }
}
