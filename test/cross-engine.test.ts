// Every query under queries/ runs on two engines over the same data and gives the same answer: its DuckDB text on the
// sample warehouse, its Redshift text on PostgreSQL 15 (the stand-in, test/postgres.ts) through the real Data API
// client and a loopback Data API (test/redshift-data-server.ts), with the tables in a schema that is not on the
// search path, so every query must honour `schema=`. Same rows, same NULLs, counts and text exact, other numbers to a
// relative 1e-9.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { redactPii } from '../src/analysis/redactPii';
import { refreshRollups } from '../src/jobs/actions/rollup';
import { tableToObjects } from '../src/pipeline/arrow';
import { DuckDBSource } from '../src/pipeline/duckdb-source';
import { hintParams, loadErrorsConfig } from '../src/pipeline/errors-config';
import { listQueries, loadQuery, type Params, type QueryFile } from '../src/pipeline/queries';
import { RedshiftSource } from '../src/pipeline/redshift-source';
import { loadWarehouse, PG_SCHEMA, startPostgres, type Postgres } from './postgres';
import { mangalabAsync } from './helpers';
import { startDataApiServer, type DataApiServer } from './redshift-data-server';
import { experimentReport } from '../src/jobs/experiments/report';
import { weeklyReport } from '../src/jobs/weekly/report';
import { validateSource } from '../src/pipeline/validate';
import { priceRelation, routingRelation } from '../src/pipeline/prices';

const fixtures = inject('fixtures');
let dir: string;
let pgdb: Postgres;
let server: DataApiServer;
let duck: DuckDBSource;
let red: RedshiftSource;
let ids: { experiment: string; customer: string; trace: string };

/**
 * Redshift text PostgreSQL cannot run, and why; held to the Redshift rule check (test/redshift-rules.test.ts), with
 * its DuckDB text checked against a computation of this test instead (below). The stand-in stores embeddings as JSON
 * array text (`embeddings=json`), so drift/embedding_dims runs here through its json block.
 */
const NOT_ON_POSTGRES: Record<string, string> = {
  'drift/embedding_similarity': 'SUPER navigation (FROM picked AS p, p.embedding AS e AT i), for SUPER and JSON-text embeddings alike',
};

/** Values of the parameters by name: the sample's last full week, its experiment, one of its customers. */
function paramsFor(q: QueryFile, source: { schema: string }): Params {
  const byName: Params = {
    ...hintParams(loadErrorsConfig()),
    from_ts: '2026-11-02',
    to_ts: '2026-11-16',
    prev_from_ts: '2026-11-02',
    pre_from: '2026-10-19',
    cur_start: '2026-11-09',
    cur_end: '2026-11-16',
    prev_start: '2026-11-02',
    lead_start: '2026-10-26',
    cur_from: '2026-11-09',
    cur_to: '2026-11-16',
    ref_from: '2026-10-19',
    ref_to: '2026-10-26',
    from_date: '2026-10-19',
    to_date: '2026-11-16',
    production_from: '2026-11-02',
    analytics_cutoff: '2026-10-26',
    raw_cutoff: '2026-11-02',
    bucket_minutes: 15,
    bucket_tokens: 250,
    days: 7,
    k: 5,
    kind: 'training',
    labelled: true,
    latency_limit_ms: 3000,
    lower_limit: 600,
    upper_limit: 3000,
    low_confidence: 0.7,
    slow_ms: 3000,
    min_words: 20,
    edge_confidence: 0.6,
    min_confidence: 0.8,
    max_per_intent: 25,
    max_rows: 100000,
    max_traces: 20,
    max_turns: 100000,
    per_stratum: 30,
    sample_size: 500,
    salt: '2026-W46',
    metric: 'latency_ms',
    intent: '',
    model_version: '',
    prompt_version: '',
    flag: '',
    token_cap: 4000,
    trace_ids: '',
    experiment_id: ids.experiment,
    customer_id: ids.customer,
    trace_id: ids.trace,
    schema: source.schema,
  };
  return Object.fromEntries(q.params.map((p) => [p.name, byName[p.name] ?? null]));
}

/** The what-if relations the cost job supplies in code: today's prices, no rerouting. */
function whatIf(source: DuckDBSource | RedshiftSource) {
  return { whatif_prices: priceRelation(source.priceTable(), 'wp'), whatif_routing: routingRelation({}) };
}

/** A cell as compared: numbers as numbers (bigint too), instants as ISO text, the rest as is. */
function cell(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  return v;
}

/** Rows in a canonical order (the file's ORDER BY may leave ties in an engine's own order). */
function canonical(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  const key = (r: Record<string, unknown>) =>
    JSON.stringify(Object.values(r).map((v) => (typeof v === 'number' ? Number(v.toPrecision(9)) : v)));
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, cell(v)]))).sort((a, b) => (key(a) < key(b) ? -1 : 1));
}

/** The first difference between two results, or null: row counts, then cell by cell. */
function difference(a: Record<string, unknown>[], b: Record<string, unknown>[], integral: Set<string>): string | null {
  if (a.length !== b.length) return `${a.length} rows on DuckDB, ${b.length} on PostgreSQL`;
  for (let r = 0; r < a.length; r++) {
    for (const col of Object.keys(a[r]!)) {
      const x = a[r]![col];
      const y = b[r]![col];
      if (typeof x === 'number' && typeof y === 'number' && !integral.has(col)) {
        const tol = 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
        if (Math.abs(x - y) <= tol) continue;
      } else if (x === y) continue;
      return `row ${r} column ${col}: DuckDB ${JSON.stringify(x)}, PostgreSQL ${JSON.stringify(y)}`;
    }
  }
  return null;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mangalab-cross-'));
  const copy = join(dir, 'warehouse.duckdb');
  copyFileSync(fixtures.duckdb, copy);
  duck = await DuckDBSource.open(copy, { readWrite: true });
  const pick = async (sql: string) => String((await duck.conn.runAndReadAll(sql)).getRows()[0]![0]);
  ids = {
    experiment: await pick('SELECT MIN(experiment_id) FROM experiments'),
    customer: await pick('SELECT MIN(customer_id) FROM requests WHERE customer_id IS NOT NULL'),
    trace: await pick("SELECT MIN(trace_id) FROM requests WHERE handler = 'llm'"),
  };
  pgdb = await startPostgres();
  await loadWarehouse(pgdb, copy);
  server = await startDataApiServer({ pg: pgdb.config, pageSize: 500 });
  const client = new RedshiftDataClient({
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  red = new RedshiftSource(
    { clusterIdentifier: 'test', database: 'postgres', schema: PG_SCHEMA, embeddings: 'json', pollMs: 5, maxPollMs: 20 },
    { client },
  );
  const now = () => new Date('2026-11-20T06:00:00Z');
  await refreshRollups(duck, { now });
  await refreshRollups(red, { now });
});

afterAll(async () => {
  await red?.close();
  await server?.close();
  await duck?.close();
  await pgdb?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('every query on DuckDB and on PostgreSQL (Redshift text)', () => {
  const all = listQueries().map((n) => loadQuery(n));
  // A relation (queries/relations/) runs inside every query that names it.
  const runnable = all.filter((q) => !q.name.startsWith('relations/') && !(q.name in NOT_ON_POSTGRES));

  it('gives the same rows, values and NULLs', async () => {
    const problems: string[] = [];
    let nonEmpty = 0;
    for (const q of runnable) {
      const [pa, pb] = [paramsFor(q, duck), paramsFor(q, red)];
      const integral = new Set((q.returns ?? []).filter((r) => r.type !== 'DOUBLE').map((r) => r.name));
      // A list: an Arrow list on DuckDB, JSON array text on Redshift; compared as the numbers they hold.
      const lists = (q.returns ?? []).filter((r) => r.type === 'DOUBLE[]').map((r) => r.name);
      const numbers = (rows: Record<string, unknown>[]) =>
        rows.map((r) => {
          for (const c of lists)
            if (r[c] !== null)
              r[c] = JSON.stringify(Array.from((typeof r[c] === 'string' ? JSON.parse(r[c] as string) : r[c]) as ArrayLike<number>));
          return r;
        });
      let a: Record<string, unknown>[];
      let b: Record<string, unknown>[];
      try {
        a = canonical(numbers(tableToObjects(await duck.query(q.name, pa, { relations: whatIf(duck) }))));
        b = canonical(numbers(tableToObjects(await red.query(q.name, pb, { relations: whatIf(red) }))));
      } catch (e) {
        problems.push(`${q.name}: ${(e as Error).message.split('\n')[0]}`);
        continue;
      }
      if (a.length > 0) nonEmpty += 1;
      const diff = difference(a, b, integral);
      if (diff) problems.push(`${q.name}: ${diff}`);
    }
    expect(problems).toEqual([]);
    expect(nonEmpty).toBeGreaterThan(runnable.length * 0.8);
  });

  it('would find a value that differs in the ninth significant digit, a NULL for a value, and a missing row', async () => {
    const path = join(dir, 'differs.sql');
    writeFileSync(
      path,
      [
        '-- @returns k BIGINT, x DOUBLE, t VARCHAR',
        '-- @dialect duckdb',
        "SELECT 1 AS k, CAST(1.0 AS DOUBLE) AS x, 'a' AS t UNION ALL SELECT 2, 2.0, 'b'",
        '-- @dialect end',
        '-- @dialect redshift',
        'SELECT 1 AS k, CAST(1.000000002 AS DOUBLE PRECISION) AS x, CAST(NULL AS VARCHAR) AS t',
        '-- @dialect end',
      ].join('\n'),
    );
    const a = canonical(tableToObjects(await duck.query(path)));
    const b = canonical(tableToObjects(await red.query(path)));
    expect(difference(a, b, new Set(['k']))).toBe('2 rows on DuckDB, 1 on PostgreSQL');
    expect(difference(a.slice(0, 1), b, new Set(['k']))).toBe('row 0 column x: DuckDB 1, PostgreSQL 1.000000002');
    expect(difference([{ t: 'a' }], [{ t: null }], new Set())).toBe('row 0 column t: DuckDB "a", PostgreSQL null');
  });
});

/**
 * Where two JSON values differ, as `path: a vs b` lines: numbers to a relative 1e-9 (sums of doubles depend on the
 * engine's order of addition), everything else exactly.
 */
function jsonDifferences(a: unknown, b: unknown, path = '$'): string[] {
  if (typeof a === 'number' && typeof b === 'number')
    return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)) ? [] : [`${path}: ${a} vs ${b}`];
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return [`${path}: ${a.length} items vs ${b.length}`];
    return a.flatMap((x, i) => jsonDifferences(x, b[i], `${path}[${i}]`));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) => jsonDifferences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`));
  }
  return a === b ? [] : [`${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`];
}

describe('@redact_pii in the warehouse', () => {
  it('redacts the labelled PII set (575 messages, test/fixtures/pii-labelled.jsonl) in the Redshift text as redactPii does, and as DuckDB does', async () => {
    const texts = readFileSync('test/fixtures/pii-labelled.jsonl', 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; text: string });
    await duck.conn.run('CREATE TABLE pii_texts (id VARCHAR, text VARCHAR)');
    await pgdb.client.query('CREATE TABLE public.pii_texts (id VARCHAR, text VARCHAR)');
    for (const t of texts) {
      await duck.conn.run('INSERT INTO pii_texts VALUES ($id, $text)', { id: t.id, text: t.text });
      await pgdb.client.query('INSERT INTO public.pii_texts VALUES ($1, $2)', [t.id, t.text]);
    }
    const path = join(dir, 'redact.sql');
    writeFileSync(path, '-- @returns id VARCHAR, redacted VARCHAR\nSELECT id, @redact_pii(text) AS redacted FROM pii_texts ORDER BY id\n');
    const onDuck = tableToObjects<{ id: string; redacted: string }>(await duck.query(path));
    const onRed = tableToObjects<{ id: string; redacted: string }>(await red.query(path));
    // Independent: the TypeScript redactor (Luhn off, as SQL cannot run the check).
    const expected = texts
      .map((t) => ({ id: t.id, redacted: redactPii(t.text, { luhn: false }).text }))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(expected.filter((e) => e.redacted !== texts.find((t) => t.id === e.id)!.text).length).toBeGreaterThan(300);
    const mismatch = (got: { id: string; redacted: string }[]) =>
      got.filter((g, k) => g.redacted !== expected[k]!.redacted).map((g) => `${g.id}: ${g.redacted}`);
    expect(mismatch(onDuck)).toEqual([]);
    expect(mismatch(onRed)).toEqual([]);
  });
});

describe('a query PostgreSQL cannot run (NOT_ON_POSTGRES)', () => {
  it('drift/embedding_similarity: its Redshift text needs SUPER navigation, its DuckDB text gives the cosine similarities to the training centroid', async () => {
    expect(NOT_ON_POSTGRES['drift/embedding_similarity']).toBeDefined();
    for (const embeddings of ['super', 'json'] as const) {
      const text = new RedshiftSource({ clusterIdentifier: 'x', database: 'y', embeddings }).prepare('drift/embedding_similarity', {
        from_ts: '2026-11-09',
        to_ts: '2026-11-16',
      }).sql;
      expect(text).toMatch(/FROM picked AS p, p\.embedding AS e AT i/);
      expect(text.includes('JSON_PARSE(embedding)')).toBe(embeddings === 'json');
    }
    // Independent: the centroid and cosines computed here from the stored embeddings.
    const stored = (
      await duck.conn.runAndReadAll(
        'SELECT source, ts, CAST(to_json(embedding) AS VARCHAR) FROM query_embeddings WHERE embedding IS NOT NULL',
      )
    ).getRows();
    const vectors = stored.map(([src, ts, e]) => ({
      source: String(src),
      ts: new Date(`${String(ts).replace(' ', 'T')}Z`),
      v: JSON.parse(String(e)) as number[],
    }));
    const training = vectors.filter((x) => x.source === 'training');
    const centroid = training[0]!.v.map((_, i) => training.reduce((s, x) => s + x.v[i]!, 0) / training.length);
    // A training vector against the centroid of the others (leave one out), a production vector against the centroid.
    const cosine = (v: number[], own: boolean) => {
      const n = training.length;
      const c = own ? centroid.map((m, i) => (n * m - v[i]!) / (n - 1)) : centroid;
      let dot = 0,
        vv = 0,
        cc = 0;
      v.forEach((x, i) => ((dot += x * c[i]!), (vv += x * x), (cc += c[i]! * c[i]!)));
      return dot / Math.sqrt(vv * cc);
    };
    const from = new Date('2026-11-09T00:00:00Z');
    const to = new Date('2026-11-16T00:00:00Z');
    const expected = vectors
      .filter((x) => x.source === 'training' || (x.ts >= from && x.ts < to))
      .map((x) => ({ source: x.source, similarity: cosine(x.v, x.source === 'training') }));
    const got = tableToObjects(await duck.query('drift/embedding_similarity', { from_ts: from, to_ts: to }));
    expect(expected.filter((x) => x.source === 'production').length).toBeGreaterThan(10);
    expect(expected.filter((x) => x.source === 'training').length).toBeGreaterThan(1000);
    expect(difference(canonical(got), canonical(expected), new Set(['source']))).toBeNull();
  });
});

describe('jobs through the real Data API client, on PostgreSQL and on DuckDB', () => {
  // PostgreSQL cannot run the embedding similarities (NOT_ON_POSTGRES): the jobs are compared without embeddings.
  beforeAll(async () => {
    await duck.conn.run('DELETE FROM query_embeddings');
    await pgdb.client.query(`DELETE FROM ${PG_SCHEMA}.query_embeddings`);
  });

  /** A report as JSON with what differs by design (when and where it ran) taken out. */
  const comparable = (report: { generatedAt?: string; source?: string }) =>
    JSON.parse(JSON.stringify({ ...report, generatedAt: '', source: '' }));

  it('qualifies every table with the schema (the stand-in has none on its search path)', () => {
    const sent = server.received.map((r) => r.sql).join('\n');
    expect(sent).toContain(`${PG_SCHEMA}.requests`);
    expect(sent).not.toMatch(/\bFROM\s+requests\b/i);
  });

  it('validate finds the contract met on both', async () => {
    expect(await validateSource(red)).toEqual([]);
    expect(await validateSource(duck)).toEqual([]);
  });

  it('the weekly report is the same JSON on both', async () => {
    const now = () => new Date('2026-11-22T06:00:00Z');
    const a = await weeklyReport(duck, { week: '2026-W46', now });
    const b = await weeklyReport(red, { week: '2026-W46', now });
    expect(a.sections.length).toBeGreaterThan(5);
    expect(jsonDifferences(comparable(a), comparable(b))).toEqual([]);
  });

  it('an experiment readout is the same JSON on both', async () => {
    const now = () => new Date('2026-11-22T00:00:00Z');
    const a = await experimentReport(duck, ids.experiment, { now });
    const b = await experimentReport(red, ids.experiment, { now });
    expect(jsonDifferences(comparable(a.report), comparable(b.report))).toEqual([]);
    const files = (f: Record<string, string>) => Object.fromEntries(Object.entries(f).map(([k, v]) => [k, comparable(JSON.parse(v))]));
    expect(jsonDifferences(files(a.files), files(b.files))).toEqual([]);
  });
});

describe('the CLI on Redshift, as a user runs it (the SDK pointed at the loopback Data API by AWS_ENDPOINT_URL_REDSHIFT_DATA)', () => {
  const env = () => ({
    AWS_ENDPOINT_URL_REDSHIFT_DATA: server.endpoint,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'us-east-1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  const spec = `redshift:cluster=test,database=postgres,schema=${PG_SCHEMA},embeddings=json`;

  it('validate passes, and names the schema it looked in when a table is missing', async () => {
    const ok = await mangalabAsync(env(), 'validate', '--source', spec);
    expect(ok.code, ok.stderr).toBe(0);
    await pgdb.client.query(`ALTER TABLE ${PG_SCHEMA}.shadow_comparisons RENAME TO shadow_renamed`);
    try {
      const missing = await mangalabAsync(env(), 'validate', '--source', spec);
      expect(missing.code).toBe(2);
      expect(missing.stdout).toContain('missing table shadow_comparisons');
      expect(missing.stderr).toContain(`redshift:cluster=test,database=postgres,schema=${PG_SCHEMA}: 1 contract issue`);
    } finally {
      await pgdb.client.query(`ALTER TABLE ${PG_SCHEMA}.shadow_renamed RENAME TO shadow_comparisons`);
    }
  });

  it('report experiment writes the JSON the DuckDB run writes (generatedAt and source aside)', async () => {
    const out = join(dir, 'cli-reports');
    const args = ['report', 'experiment', '--id', ids.experiment, '--format', 'json'];
    const onRedshift = await mangalabAsync(env(), ...args, '--source', spec, '--out', join(out, 'redshift'));
    expect(onRedshift.code, onRedshift.stderr).toBe(0);
    const onDuck = await mangalabAsync({}, ...args, '--source', join(dir, 'warehouse.duckdb'), '--out', join(out, 'duckdb'));
    expect(onDuck.code, onDuck.stderr).toBe(0);
    const read = (engine: string) => {
      const base = join(out, engine, 'experiment');
      const period = readdirSync(base)[0]!;
      return JSON.parse(readFileSync(join(base, period, 'report.json'), 'utf8')) as { generatedAt?: string; source?: string };
    };
    const [a, b] = [read('duckdb'), read('redshift')];
    expect(b.source).toBe(`redshift:cluster=test,database=postgres,schema=${PG_SCHEMA}`);
    expect(jsonDifferences({ ...a, generatedAt: '', source: '' }, { ...b, generatedAt: '', source: '' })).toEqual([]);
  });
});

describe('the Data API protocol, end to end', () => {
  const raw = (sql: string) => ({
    sql,
    params: {},
    file: { name: 'probe', path: 'probe.sql', description: '', params: [], withRelations: [], body: sql },
  });

  it('reads a result over several pages, with NULLs of every type', async () => {
    const sql = `SELECT g AS id,
      CASE WHEN g % 7 = 0 THEN NULL ELSE g % 2 = 0 END AS b,
      CASE WHEN g % 7 = 1 THEN NULL ELSE g END AS i4,
      CASE WHEN g % 7 = 2 THEN NULL ELSE CAST(g AS BIGINT) * 3000000000 END AS i8,
      CASE WHEN g % 7 = 3 THEN NULL ELSE g / 8.0 END AS num,
      CASE WHEN g % 7 = 4 THEN NULL ELSE CAST(g AS DOUBLE PRECISION) / 3 END AS f8,
      CASE WHEN g % 7 = 5 THEN NULL ELSE 'row ' || g END AS txt,
      CASE WHEN g % 7 = 6 THEN NULL ELSE DATE '2026-01-01' + g END AS d,
      CASE WHEN g % 5 = 0 THEN NULL ELSE TIMESTAMP '2026-01-01 00:00:00' + g * INTERVAL '1 minute' END AS ts
      FROM generate_series(1, 1234) AS g ORDER BY g`;
    const pagesBefore = server.calls.GetStatementResult ?? 0;
    const rows = tableToObjects(await red.execute(raw(sql)));
    expect((server.calls.GetStatementResult ?? 0) - pagesBefore).toBe(3); // 500 + 500 + 234
    expect(rows).toHaveLength(1234);
    const day = (g: number) => new Date(Date.UTC(2026, 0, 1 + g));
    rows.forEach((r, k) => {
      const g = k + 1;
      expect(r).toEqual({
        id: g,
        b: g % 7 === 0 ? null : g % 2 === 0,
        i4: g % 7 === 1 ? null : g,
        i8: g % 7 === 2 ? null : g * 3_000_000_000,
        num: g % 7 === 3 ? null : g / 8,
        f8: g % 7 === 4 ? null : g / 3,
        txt: g % 7 === 5 ? null : `row ${g}`,
        d: g % 7 === 6 ? null : day(g),
        ts: g % 5 === 0 ? null : new Date(Date.UTC(2026, 0, 1, 0, g)),
      });
    });
  });

  it('a FAILED statement carries the engine message, naming the query file', async () => {
    await expect(red.execute(raw('SELECT no_such_column FROM mangalab_wh.requests'))).rejects.toThrow(
      /query probe \(probe\.sql\) failed on Redshift: ERROR: column "no_such_column" does not exist/,
    );
  });

  it('a slow statement is cancelled when the timeout passes, and stops running on the engine', async () => {
    const client = new RedshiftDataClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 't', secretAccessKey: 't' },
    });
    const slow = new RedshiftSource(
      { clusterIdentifier: 'test', database: 'postgres', timeoutMs: 400, pollMs: 20, maxPollMs: 50 },
      { client },
    );
    const cancels = server.calls.CancelStatement ?? 0;
    const started = Date.now();
    await expect(slow.execute(raw('SELECT pg_sleep(30)'))).rejects.toThrow(/timed out after 400 ms on Redshift; statement .* cancelled/);
    expect(Date.now() - started).toBeLessThan(5000);
    expect((server.calls.CancelStatement ?? 0) - cancels).toBe(1);
    const running = await pgdb.client.query(
      "SELECT count(*) AS n FROM pg_stat_activity WHERE query LIKE '%pg_sleep(30)%' AND state = 'active' AND pid <> pg_backend_pid()",
    );
    expect(Number(running.rows[0].n)).toBe(0);
    await slow.close();
  });
});
