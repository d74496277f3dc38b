// The second engine of the tests: a throwaway PostgreSQL 15 cluster (Debian's postgresql, installed by
// scripts/setup.sh), started in a temporary folder on a Unix socket, loaded with a sample warehouse through the
// contract DDL, and removed at the end. Every query's Redshift text runs on it (test/cross-engine.test.ts).
//
// PostgreSQL stands in for Redshift with three settings and a few functions (test/fixtures/redshift-on-postgres.sql):
// - standard_conforming_strings off: a backslash in a string literal is an escape, as in Redshift's literals;
// - TimeZone UTC: timestamps are UTC instants, as the contract says;
// - the Redshift-only functions the queries use, written in PostgreSQL with Redshift's documented semantics.
import { DuckDBInstance } from '@duckdb/node-api';
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadContract, type ContractTable } from '../src/pipeline/contract';

/** Where the schema's tables live: not on the search path, so a query that does not qualify its tables fails. */
export const PG_SCHEMA = 'mangalab_wh';

export interface Postgres {
  /** A connected client (superuser, database `postgres`). */
  client: pg.Client;
  /** Connection settings for further clients. */
  config: pg.ClientConfig;
  stop(): Promise<void>;
}

/** The folder of PostgreSQL's server programs: MANGALAB_PG_BIN, else the newest /usr/lib/postgresql/<n>/bin. */
export function postgresBin(): string {
  if (process.env.MANGALAB_PG_BIN) return process.env.MANGALAB_PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error('PostgreSQL server programs not found under /usr/lib/postgresql: run scripts/setup.sh');
  return join(root, versions[0]!, 'bin');
}

/** Runs a server program, as the `postgres` user when this process is root (the server refuses to run as root). */
function run(bin: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  execFileSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Starts a cluster in a new temporary folder. The caller stops it (stop() also removes the folder). */
export async function startPostgres(): Promise<Postgres> {
  const bin = postgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'mangalab-pg-'));
  chmodSync(dir, 0o755);
  const data = join(dir, 'data');
  const socket = join(dir, 'socket');
  mkdirSync(data, { mode: 0o700 });
  mkdirSync(socket, { mode: 0o777 });
  chmodSync(socket, 0o777);
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    for (const d of [dir, data, socket]) chownSync(d, uid, gid);
  }
  run(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const options = [
    `-k ${socket}`,
    "-c listen_addresses=''",
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c TimeZone=UTC',
    '-c standard_conforming_strings=off',
    '-c escape_string_warning=off',
  ].join(' ');
  run(join(bin, 'pg_ctl'), ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  const config: pg.ClientConfig = { host: socket, user: 'postgres', database: 'postgres' };
  const client = new pg.Client(config);
  await client.connect();
  let stopped = false;
  return {
    client,
    config,
    async stop() {
      if (stopped) return;
      stopped = true;
      await client.end().catch(() => undefined);
      try {
        run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** A contract column's type on PostgreSQL (as on Redshift: DOUBLE PRECISION; lists as JSON array text). */
export function postgresType(duckdbType: string): string {
  if (duckdbType === 'DOUBLE') return 'DOUBLE PRECISION';
  if (duckdbType.endsWith('[]')) return 'VARCHAR';
  return duckdbType;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Creates the contract tables in PG_SCHEMA from queries/schema/ (types mapped as on Redshift) and fills them with
 * the rows of a DuckDB warehouse file: each table written by DuckDB as CSV and read by the server's COPY. Installs
 * the Redshift stand-in functions. Returns the rows loaded per table.
 */
export async function loadWarehouse(db: Postgres, duckdbFile: string): Promise<Record<string, number>> {
  const { client } = db;
  await client.query(`CREATE SCHEMA ${PG_SCHEMA}`);
  await client.query(readFileSync(join('test', 'fixtures', 'redshift-on-postgres.sql'), 'utf8'));
  const dir = mkdtempSync(join(tmpdir(), 'mangalab-pg-load-'));
  chmodSync(dir, 0o755);
  const instance = await DuckDBInstance.create(duckdbFile, { access_mode: 'READ_ONLY' });
  const conn = await instance.connect();
  const rows: Record<string, number> = {};
  try {
    for (const table of loadContract()) {
      await client.query(postgresDdl(table));
      const file = join(dir, `${table.name}.csv`);
      const cols = table.columns.map((c) => (c.type.endsWith('[]') ? `CAST(to_json(${quote(c.name)}) AS VARCHAR)` : quote(c.name)));
      await conn.run(`COPY (SELECT ${cols.join(', ')} FROM ${quote(table.name)}) TO '${file}' (FORMAT csv, HEADER false)`);
      chmodSync(file, 0o644);
      const copied = await client.query(`COPY ${PG_SCHEMA}.${quote(table.name)} FROM '${file}' WITH (FORMAT csv)`);
      rows[table.name] = copied.rowCount ?? 0;
      await client.query(`ANALYZE ${PG_SCHEMA}.${quote(table.name)}`);
    }
  } finally {
    conn.closeSync();
    instance.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

/** The CREATE TABLE of a contract table in PG_SCHEMA, types as on Redshift. */
export function postgresDdl(table: ContractTable): string {
  const cols = table.columns.map((c) => `${quote(c.name)} ${postgresType(c.type)}`);
  return `CREATE TABLE ${PG_SCHEMA}.${quote(table.name)} (${cols.join(', ')})`;
}
