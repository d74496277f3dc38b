import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  RedshiftDataClient,
  type ExecuteStatementCommandInput,
  type Field,
} from '@aws-sdk/client-redshift-data';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RedshiftSource } from '../src/pipeline/redshift-source';
import { DuckDBSource } from '../src/pipeline/duckdb-source';
import { tableToObjects } from '../src/pipeline/arrow';
import { experimentReadout, type Readout } from '../src/jobs/experiments/readout';
import { experimentSection } from '../src/jobs/experiments/sections';
import { refreshRollups } from '../src/jobs/actions/rollup';
import { alteredCopy, mangalab, scalar } from './helpers';

const fixtures = inject('fixtures');
let dir: string;
let raw: Readout;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mangalab-rollup-'));
  const source = await DuckDBSource.open(fixtures.duckdb);
  raw = await experimentReadout(source, 'exp-prompt-v24');
  await source.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every number of two readouts equal to 1e-9 relative (sums run in another order), everything else equal. */
function expectSameNumbers(a: unknown, b: unknown, path = 'readout'): void {
  if (typeof a === 'number' && typeof b === 'number') {
    expect(Math.abs(a - b), path).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(a)));
  } else if (Array.isArray(a) && Array.isArray(b)) {
    expect(b.length, path).toBe(a.length);
    a.forEach((x, i) => expectSameNumbers(x, b[i], `${path}[${i}]`));
  } else if (a && b && typeof a === 'object' && typeof b === 'object' && !(a instanceof Date)) {
    expect(Object.keys(b).sort(), path).toEqual(Object.keys(a).sort());
    for (const k of Object.keys(a)) expectSameNumbers((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
  } else {
    expect(b, path).toEqual(a);
  }
}

const comparable = (r: Readout) => ({ ...r, rollup: null, config: { ...r.config, source: null, read: null } });

describe('experiment rollups', () => {
  it('give the readout the same numbers as the raw tables, and the report says which it read', async () => {
    const db = await alteredCopy(fixtures.duckdb, dir, 'same', []);
    expect(raw.rollup.used).toBe(false);
    expect(raw.rollup.reason).toMatch(/^computed from the raw tables: no rollup tables in the source/);
    const refreshed = (await refreshRollups(db, { now: () => new Date('2026-11-20T06:00:00Z') })).find(
      (r) => r.experimentId === 'exp-prompt-v24',
    );
    expect(refreshed!.sessions).toBe(
      await scalar(db, `SELECT count(*) FROM sessions WHERE experiment_id = 'exp-prompt-v24' AND variant IS NOT NULL`),
    );
    const rolled = await experimentReadout(db, 'exp-prompt-v24');
    await db.close();
    expect(rolled.rollup).toEqual({
      used: true,
      reason: 'read from the rollup refreshed 2026-11-20T06:00:00.000Z',
      refreshedAt: new Date('2026-11-20T06:00:00Z'),
    });
    expect(rolled.config.read).toBe('rollup');
    expectSameNumbers(comparable(raw), comparable(rolled));
    const finding = experimentSection(rolled).findings.find((f) => f.id === 'experiment.exp-prompt-v24.read')!;
    expect(finding.message).toBe('Aggregates read from the rollup refreshed 2026-11-20T06:00:00.000Z.');
  });

  it('without a fresh rollup, a DuckDB readout summarises each session once in scratch tables: the raw numbers, nothing left behind', async () => {
    const db = await alteredCopy(fixtures.duckdb, dir, 'scratch', []);
    const plain = await experimentReadout(db, 'exp-prompt-v24', { rollup: false });
    expect(plain.rollup.reason).toBe('computed from the raw tables, as asked (rollup not read)');
    const made: string[] = [];
    const create = db.scratch.create;
    db.scratch.create = async (table, prepared) => {
      made.push(table);
      return create(table, prepared);
    };
    const summarised = await experimentReadout(db, 'exp-prompt-v24');
    db.scratch.create = create;
    expect(made).toEqual(['rollup_experiment_sessions', 'rollup_experiment_caps']);
    expect(summarised.rollup.used).toBe(false);
    expect(summarised.rollup.reason).toMatch(/^computed from the raw tables: no rollup tables in the source/);
    expectSameNumbers(comparable(plain), comparable(summarised));
    // The scratch tables are dropped when the readout ends, so they never stand in for a warehouse rollup later.
    expect(await scalar(db, 'SELECT count(*) FROM duckdb_tables() WHERE temporary')).toBe(0);
    await refreshRollups(db, { now: () => new Date('2026-11-20T06:00:00Z') });
    await db.conn.run(`UPDATE rollup_experiment_sessions SET converted = NOT converted WHERE experiment_id = 'exp-prompt-v24'`);
    const tampered = await experimentReadout(db, 'exp-prompt-v24');
    expect(tampered.rollup.used).toBe(true);
    const conversion = (r: Readout) => r.arms[0]!.metrics.find((m) => m.metric.key === 'conversion_rate')!.control!;
    expect(conversion(tampered)).toBeCloseTo(1 - conversion(plain), 12);
    // A readout that fails midway drops its scratch tables too.
    await db.conn.run(`DELETE FROM rollup_state`);
    await db.conn.run(`CREATE TABLE sessions_saved AS SELECT * FROM sessions`);
    await db.conn.run(`ALTER TABLE sessions RENAME TO sessions_gone`);
    await expect(experimentReadout(db, 'exp-prompt-v24')).rejects.toThrow(/sessions/);
    expect(await scalar(db, 'SELECT count(*) FROM duckdb_tables() WHERE temporary')).toBe(0);
    await db.close();
  });

  it('are not read when stale: new turns move the window, other prices change the digest, --until asks another window', async () => {
    const db = await alteredCopy(fixtures.duckdb, dir, 'stale', []);
    await refreshRollups(db, { id: 'exp-prompt-v24' });
    expect((await experimentReadout(db, 'exp-prompt-v24')).rollup.used).toBe(true);
    expect((await experimentReadout(db, 'exp-prompt-v24', { rollup: false })).rollup).toEqual({
      used: false,
      reason: 'computed from the raw tables, as asked (rollup not read)',
      refreshedAt: null,
    });

    const until = await experimentReadout(db, 'exp-prompt-v24', { until: '2026-11-10' });
    expect(until.rollup.used).toBe(false);
    expect(until.rollup.reason).toMatch(
      /its rollup covers 2026-10-26T00:00:00.000Z to .*, the readout 2026-10-26T00:00:00.000Z to 2026-11-11T00:00:00.000Z/,
    );

    await db.conn.run(
      `INSERT INTO requests SELECT * REPLACE (trace_id || '-late' AS trace_id, ts + INTERVAL 1 HOUR AS ts) FROM requests ORDER BY ts DESC LIMIT 1`,
    );
    const moved = await experimentReadout(db, 'exp-prompt-v24');
    expect(moved.rollup.used).toBe(false);
    expect(moved.rollup.reason).toMatch(
      /its rollup covers .* the readout .*; `mangalab rollup refresh --id exp-prompt-v24` builds a rollup for this window$/,
    );
    await refreshRollups(db, { id: 'exp-prompt-v24' });
    expect((await experimentReadout(db, 'exp-prompt-v24')).rollup.used).toBe(true);
    await db.close();

    const prices = JSON.parse(readFileSync('config/prices.json', 'utf8'));
    const samePrices = join(dir, 'same-prices.json'); // the same prices from another checkout still read the rollup
    writeFileSync(samePrices, JSON.stringify(prices));
    const elsewhere = await DuckDBSource.open(join(dir, 'stale.duckdb'), { priceFile: samePrices });
    expect((await experimentReadout(elsewhere, 'exp-prompt-v24')).rollup.used).toBe(true);
    await elsewhere.close();
    prices.models[0].output *= 2;
    const priceFile = join(dir, 'prices.json');
    writeFileSync(priceFile, JSON.stringify(prices));
    const repriced = await DuckDBSource.open(join(dir, 'stale.duckdb'), { priceFile });
    const r = await experimentReadout(repriced, 'exp-prompt-v24');
    await repriced.close();
    expect(r.rollup.reason).toMatch(/built with other prices or another version of the rollup SQL/);
    const cost = (x: Readout) => x.arms[0]!.metrics.find((m) => m.metric.key === 'llm_cost_per_session')!.control!;
    expect(cost(r)).toBeGreaterThan(cost(raw) * 1.2); // the raw tables priced with the new file, not the old rollup
  });

  it("replace an experiment's rows on every refresh, never adding to them", async () => {
    const db = await alteredCopy(fixtures.duckdb, dir, 'twice', []);
    const counts = async () =>
      Promise.all(
        [
          'rollup_experiment_sessions',
          'rollup_experiment_latency',
          'rollup_experiment_intents',
          'rollup_experiment_caps',
          'rollup_state',
        ].map((t) => scalar(db, `SELECT count(*) FROM ${t}`)),
      );
    await refreshRollups(db);
    const first = await counts();
    await refreshRollups(db);
    expect(await counts()).toEqual(first);
    const experiments = await scalar(db, 'SELECT count(*) FROM experiments');
    expect(experiments).toBe(2);
    expect(first[3]).toBe(experiments); // one caps row and one state row an experiment
    expect(first[4]).toBe(experiments);
    await db.close();
  });

  it('extends a rollup with the next day: rows from the last days replaced, the same tables as a full refresh', async () => {
    // The warehouse as it stood before 2026-11-14 was loaded: that day's turns, sessions and feedback removed.
    const day = "TIMESTAMP '2026-11-14 00:00:00'";
    const db = await alteredCopy(fixtures.duckdb, dir, 'extend', [
      `DELETE FROM requests WHERE ts >= ${day}`,
      `DELETE FROM feedback WHERE ts >= ${day}`,
      `DELETE FROM sessions WHERE started_at >= ${day}`,
    ]);
    const now = () => new Date('2026-11-20T06:00:00Z');
    const before = await refreshRollups(db, { now });
    expect(before.map((r) => r.mode)).toEqual(['full', 'full']);
    // The day arrives, as the next load of the warehouse brings it.
    await db.conn.run(`ATTACH '${fixtures.duckdb}' AS full_wh (READ_ONLY)`);
    await db.conn.run(`INSERT INTO requests SELECT * FROM full_wh.requests WHERE ts >= ${day}`);
    await db.conn.run(`INSERT INTO feedback SELECT * FROM full_wh.feedback WHERE ts >= ${day}`);
    await db.conn.run(`INSERT INTO sessions SELECT * FROM full_wh.sessions WHERE started_at >= ${day}`);
    await db.conn.run('DETACH full_wh');
    const extended = await refreshRollups(db, { now });
    // The old rollup ended late on 2026-11-13; two hours back is still that day, so rows from its midnight are replaced.
    expect(extended.map((r) => [r.mode, r.since.toISOString()])).toEqual([
      ['incremental', '2026-11-13T00:00:00.000Z'],
      ['incremental', '2026-11-13T00:00:00.000Z'],
    ]);
    const rebuilt = await alteredCopy(fixtures.duckdb, dir, 'rebuilt', []);
    expect((await refreshRollups(rebuilt, { now })).map((r) => r.mode)).toEqual(['full', 'full']);
    const tables = [
      'rollup_experiment_sessions',
      'rollup_experiment_latency',
      'rollup_experiment_intents',
      'rollup_experiment_caps',
      'rollup_state',
    ];
    for (const t of tables) {
      const read = async (x: DuckDBSource) =>
        JSON.stringify((await x.conn.runAndReadAll(`SELECT * FROM ${t} ORDER BY ALL`)).getRowsJS(), (_k, v) =>
          typeof v === 'bigint' ? String(v) : v,
        );
      expect(await read(db), t).toBe(await read(rebuilt));
    }
    expect((await refreshRollups(db, { now, full: true })).map((r) => r.mode)).toEqual(['full', 'full']);
    await db.close();
    await rebuilt.close();
  });

  it('a refresh that dies midway leaves the previous rollup as it was (one transaction on DuckDB)', async () => {
    const db = await alteredCopy(fixtures.duckdb, dir, 'dies', []);
    const snapshot = async () =>
      Promise.all(
        ['rollup_experiment_sessions', 'rollup_experiment_latency', 'rollup_state'].map((t) =>
          db.conn
            .runAndReadAll(`SELECT * FROM ${t} ORDER BY ALL`)
            .then((r) => JSON.stringify(r.getRowsJS(), (_k, v) => (typeof v === 'bigint' ? String(v) : v))),
        ),
      );
    await refreshRollups(db);
    const before = await snapshot();
    // The second INSERT of the next refresh fails, as a kill or a lost connection would end it.
    let inserts = 0;
    const dying = new Proxy(db, {
      get(target, key, receiver) {
        if (key === 'execute')
          return async (...args: Parameters<DuckDBSource['execute']>) => {
            if (args[0].sql.startsWith('INSERT INTO rollup_experiment') && ++inserts === 2) throw new Error('connection lost');
            return target.execute(...args);
          };
        const v = Reflect.get(target, key, receiver) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    await expect(refreshRollups(dying as DuckDBSource)).rejects.toThrow('connection lost');
    expect(await snapshot()).toEqual(before);
    await db.close();
  });
});

describe('refreshRollups on bad input', () => {
  it('checks every experiment before writing: one with broken weights leaves no rollup for any', async () => {
    const db = await alteredCopy(fixtures.duckdb, dir, 'bad', [
      `INSERT INTO experiments SELECT * REPLACE ('exp-later' AS experiment_id, started_at + INTERVAL 1 DAY AS started_at,
         '[{"name":"control","weight":50},{"name":"treatment","weight":40}]' AS variants) FROM experiments WHERE experiment_id = 'exp-prompt-v24'`,
    ]);
    await expect(refreshRollups(db)).rejects.toThrow(/experiment exp-later.*variant weights must sum to 100, got 90/);
    expect(await scalar(db, `SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'rollup%'`)).toBe(0);
    await db.close();
  });
});

describe('experiments/variant_latency', () => {
  it('equals DuckDB quantile_cont with ties, a single turn and NULL latencies, from value counts', async () => {
    const db = await DuckDBSource.memory();
    await db.conn.run(`CREATE TABLE requests (experiment_id VARCHAR, variant VARCHAR, ts TIMESTAMP, latency_ms DOUBLE)`);
    await db.conn.run(`INSERT INTO requests VALUES
      ('e', 'a', '2026-11-01 10:00', 5), ('e', 'a', '2026-11-01 10:01', 1), ('e', 'a', '2026-11-01 10:02', 3),
      ('e', 'a', '2026-11-01 10:03', 3), ('e', 'a', '2026-11-01 10:04', NULL), ('e', 'a', '2026-11-01 10:05', 3),
      ('e', 'a', '2026-11-01 10:06', 250.5), ('e', 'b', '2026-11-01 10:00', 7), ('e', 'b', '2026-11-09 10:00', 9),
      ('other', 'a', '2026-11-01 10:00', 1000)`);
    const rows = tableToObjects<{ variant: string; turns: number; latency_p50_ms: number; latency_p99_ms: number }>(
      await db.query('experiments/variant_latency', { experiment_id: 'e', from_ts: '2026-11-01', to_ts: '2026-11-02' }),
    );
    // Expected: DuckDB's own quantile_cont over the same turns (the definition the query must reproduce; numpy's
    // default 'linear' percentile gives the same values, confirmed with numpy 1.24: a 3 and 238.225, b 7 and 7).
    const expected = (
      await db.conn
        .runAndReadAll(`SELECT variant, count(latency_ms)::INT AS turns, quantile_cont(latency_ms, 0.5) AS p50, quantile_cont(latency_ms, 0.99) AS p99
      FROM requests WHERE experiment_id = 'e' AND ts < '2026-11-02' GROUP BY variant ORDER BY variant`)
    ).getRowObjects();
    await db.close();
    expect(rows.map((r) => r.variant)).toEqual(['a', 'b']);
    rows.forEach((r, i) => {
      expect(r.turns).toBe(expected[i]!.turns);
      expect(r.latency_p50_ms).toBeCloseTo(expected[i]!.p50 as number, 12);
      expect(r.latency_p99_ms).toBeCloseTo(expected[i]!.p99 as number, 12);
    });
    expect(rows[0]!.latency_p99_ms).toBeCloseTo(238.225, 12);
  });
});

describe('mangalab rollup refresh', () => {
  it('refreshes every experiment of a .duckdb source and refuses a folder or an unknown id with exit 2', async () => {
    const db = await alteredCopy(fixtures.duckdb, dir, 'cli', []);
    await db.close();
    const ok = mangalab('rollup', 'refresh', '--source', join(dir, 'cli.duckdb'));
    expect(ok.code).toBe(0);
    // Both sample experiments start together: ordered by start, then id.
    expect(ok.stdout).toMatch(
      /^exp-output-length: [\d,]+ sessions from 2026-10-26T00:00:00.000Z to \S+ in [\d.]+ s \(full\)\nexp-prompt-v24: [\d,]+ sessions from 2026-10-26T00:00:00.000Z to \S+ in [\d.]+ s \(full\)\n$/,
    );
    // Run again with nothing new: extended from the midnight before the end (two hours back), nothing rebuilt in full.
    const again = mangalab('rollup', 'refresh', '--id', 'exp-prompt-v24', '--source', join(dir, 'cli.duckdb'));
    expect(again.stdout).toMatch(/ \(incremental; rows from 2026-11-15T00:00:00.000Z replaced, the rest kept\)\n$/);
    const full = mangalab('rollup', 'refresh', '--id', 'exp-prompt-v24', '--full', '--source', join(dir, 'cli.duckdb'));
    expect(full.stdout).toMatch(/ \(full\)\n$/);
    const lookback = mangalab('rollup', 'refresh', '--lookback-hours', 'soon', '--source', join(dir, 'cli.duckdb'));
    expect(lookback.code).toBe(2);
    expect(lookback.stderr).toContain('--lookback-hours: must be a non-negative number of hours, got "soon"');
    const folder = mangalab('rollup', 'refresh', '--source', dir);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain('is a folder of files, mounted as views in memory: tables written there would be lost');
    const unknown = mangalab('rollup', 'refresh', '--id', 'exp-nope', '--source', join(dir, 'cli.duckdb'));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--id exp-nope: no experiment with this id/);
  });
});

describe('rollup refresh on Redshift', () => {
  it('creates the tables, clears the state first, fills each table with one bound INSERT ... SELECT and records the state last', async () => {
    const rs = mockClient(RedshiftDataClient);
    const statements: ExecuteStatementCommandInput[] = [];
    const results = new Map<string, { meta: { name: string; typeName: string }[]; rows: Field[][] } | null>();
    rs.on(ExecuteStatementCommand).callsFake(async (input: ExecuteStatementCommandInput) => {
      const id = `st-${statements.push(input)}`;
      const sql = input.Sql!;
      results.set(
        id,
        sql.includes('information_schema.tables')
          ? { meta: [{ name: 'table_name', typeName: 'varchar' }], rows: [] }
          : sql.includes('FROM experiments')
            ? {
                meta: ['experiment_id', 'name', 'status', 'started_at', 'ended_at', 'variants', 'primary_metric'].map((name) => ({
                  name,
                  typeName: name.endsWith('_at') ? 'timestamp' : 'varchar',
                })),
                rows: [
                  [
                    { stringValue: 'exp-1' },
                    { stringValue: 'Prompt' },
                    { stringValue: 'ended' },
                    { stringValue: '2026-10-26 00:00:00' },
                    { stringValue: '2026-11-09 00:00:00' },
                    { stringValue: '[{"name":"control","weight":50},{"name":"treatment","weight":50}]' },
                    { stringValue: 'thumbs_up_rate' },
                  ],
                ],
              }
            : sql.includes('SELECT from_ts, to_ts, digest, sessions, refreshed_at')
              ? // No rollup yet: the refresh is a full one.
                {
                  meta: ['from_ts', 'to_ts', 'digest', 'sessions', 'refreshed_at'].map((name) => ({
                    name,
                    typeName: name.endsWith('_ts') || name === 'refreshed_at' ? 'timestamp' : name === 'sessions' ? 'int8' : 'varchar',
                  })),
                  rows: [],
                }
              : sql.includes('COUNT(*) AS sessions')
                ? { meta: [{ name: 'sessions', typeName: 'int8' }], rows: [[{ longValue: 42 }]] }
                : // The span of the requests table, as a table with no turns answers it.
                  sql.includes('AS first_ts')
                  ? {
                      meta: [
                        { name: 'first_ts', typeName: 'timestamp' },
                        { name: 'last_ts', typeName: 'timestamp' },
                        { name: 'requests', typeName: 'int8' },
                      ],
                      rows: [[{ isNull: true }, { isNull: true }, { longValue: 0 }]],
                    }
                  : null,
      );
      return { Id: id, ...(input.SessionKeepAliveSeconds ? { SessionId: 'sess-refresh' } : {}) };
    });
    rs.on(DescribeStatementCommand).callsFake(async ({ Id }: { Id: string }) => {
      const r = results.get(Id);
      return { Id, Status: 'FINISHED', HasResultSet: r !== null, ResultRows: r?.rows.length ?? 0 };
    });
    rs.on(GetStatementResultCommand).callsFake(async ({ Id }: { Id: string }) => {
      const r = results.get(Id)!;
      return { ColumnMetadata: r.meta, Records: r.rows, TotalNumRows: r.rows.length };
    });
    const source = new RedshiftSource(
      { workgroupName: 'wg', database: 'dev', secretArn: 'arn:aws:secretsmanager:us-east-1:1:secret:x' },
      { client: new RedshiftDataClient({ region: 'us-east-1' }), sleep: async () => {}, now: () => 0 },
    );
    const [done] = await refreshRollups(source, { id: 'exp-1', now: () => new Date('2026-11-20T06:00:00Z') });
    rs.restore();
    expect(done).toMatchObject({
      experimentId: 'exp-1',
      sessions: 42,
      from: new Date('2026-10-26T00:00:00Z'),
      to: new Date('2026-11-09T00:00:00Z'),
    });

    const kinds = statements.map((s) =>
      s
        .Sql!.replace(/--[^\n]*/g, '')
        .trim()
        .split(/\s+/)
        .slice(0, 3)
        .join(' '),
    );
    const creates = kinds.filter((k) => k.startsWith('CREATE TABLE'));
    expect(creates.sort()).toEqual(
      [
        'rollup_experiment_caps',
        'rollup_experiment_intents',
        'rollup_experiment_latency',
        'rollup_experiment_sessions',
        'rollup_state',
      ].map((t) => `CREATE TABLE ${t}`),
    );
    // The writes are one transaction in one Data API session: a refresh killed midway leaves the previous rollup.
    const begin = kinds.indexOf('BEGIN');
    expect(kinds.slice(begin).filter((k) => /^(BEGIN|COMMIT|DELETE|INSERT)/.test(k))).toEqual([
      'BEGIN',
      ...kinds.filter((k) => /^(DELETE|INSERT)/.test(k)),
      'COMMIT',
    ]);
    expect(statements[begin]).toMatchObject({ WorkgroupName: 'wg', SessionKeepAliveSeconds: 120 });
    const inSession = statements.slice(begin + 1, kinds.indexOf('COMMIT') + 1);
    expect(inSession.every((x) => x.SessionId === 'sess-refresh' && x.WorkgroupName === undefined)).toBe(true);
    const writes = kinds.filter((k) => /^(DELETE|INSERT)/.test(k));
    expect(writes).toEqual([
      'DELETE FROM rollup_state',
      'DELETE FROM rollup_experiment_sessions',
      'INSERT INTO rollup_experiment_sessions',
      'DELETE FROM rollup_experiment_latency',
      'INSERT INTO rollup_experiment_latency',
      'DELETE FROM rollup_experiment_intents',
      'INSERT INTO rollup_experiment_intents',
      'DELETE FROM rollup_experiment_caps',
      'INSERT INTO rollup_experiment_caps',
      'INSERT INTO rollup_state',
    ]);
    for (const s of statements.filter((x) => /^(DELETE|INSERT)/.test(x.Sql!.trim()))) {
      expect(s.Sql).not.toContain('exp-1'); // the id travels as a bound parameter
      expect(s.Parameters).toContainEqual({ name: 'experiment_id', value: 'exp-1' });
    }
    const sessionsInsert = statements.find((s) => s.Sql!.startsWith('INSERT INTO rollup_experiment_sessions'))!;
    expect(sessionsInsert.Sql).toMatch(
      /^INSERT INTO rollup_experiment_sessions \(experiment_id, session_id, customer_id, variant, started_at, user_type, region, converted, resolved, csat, turns, tokens_used, escalated, cost_usd, latency_ms, words, rated, thumbs_up\)\nWITH model_prices AS/,
    );
    expect(sessionsInsert.Parameters).toContainEqual({ name: 'from_ts', value: '2026-10-26 00:00:00.000' });
    const state = statements.at(-2)!; // the last is COMMIT
    expect(state.Parameters).toEqual(
      expect.arrayContaining([
        { name: 'sessions', value: '42' },
        { name: 'refreshed_at', value: '2026-11-20 06:00:00.000' },
      ]),
    );
    expect(state.Parameters!.find((p) => p.name === 'digest')!.value).toMatch(/^[0-9a-f]{64}$/);
  });
});
