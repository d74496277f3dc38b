import {
  CancelStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { tableToObjects } from '../src/pipeline/arrow';
import { InputError } from '../src/pipeline/errors';
import { RedshiftSource, parseRedshiftSpec, redshiftKind } from '../src/pipeline/redshift-source';
import type { Params } from '../src/pipeline/queries';
import type { QueryOptions } from '../src/pipeline/source';

const rs = mockClient(RedshiftDataClient);

/** A fake clock: sleeping advances it, so polling and timeouts run instantly and deterministically. */
function fakeClock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleeps,
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
      sleeps.push(ms);
      now += ms;
    },
  };
}

function source(extra: Partial<ConstructorParameters<typeof RedshiftSource>[0]> = {}, clock = fakeClock()) {
  return new RedshiftSource(
    { workgroupName: 'wg', database: 'dev', secretArn: 'arn:aws:secretsmanager:us-east-1:1:secret:x', ...extra },
    { client: new RedshiftDataClient({ region: 'us-east-1' }), sleep: clock.sleep, now: clock.now },
  );
}

const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });

beforeEach(() => rs.reset());

/**
 * Runs a query file as RedshiftSource.query does, without holding the mocked result to the file's `-- @returns`
 * (these tests answer with a few typed columns to test paging and conversion; test/query-returns.test.ts holds the
 * files to their declarations).
 */
function unchecked(src: RedshiftSource, name: string, params: Params = {}, options: QueryOptions = {}) {
  const prepared = src.prepare(name, params, options);
  return src.execute({ ...prepared, file: { ...prepared.file, returns: undefined } }, options);
}

describe('RedshiftSource.query', () => {
  it('binds parameters, polls until FINISHED, follows every page and converts types and NULLs to Arrow', async () => {
    rs.on(ExecuteStatementCommand).resolves({ Id: 'st-1' });
    rs.on(DescribeStatementCommand)
      .resolvesOnce({ Id: 'st-1', Status: 'SUBMITTED' })
      .resolvesOnce({ Id: 'st-1', Status: 'STARTED' })
      .resolves({ Id: 'st-1', Status: 'FINISHED', ResultRows: 3, HasResultSet: true });
    const meta = [
      { name: 'day', typeName: 'date' },
      { name: 'requests', typeName: 'int8' },
      { name: 'llm_requests', typeName: 'int4' },
      { name: 'llm_cost_usd', typeName: 'numeric' },
    ];
    rs.on(GetStatementResultCommand, { Id: 'st-1', NextToken: undefined }).resolves({
      ColumnMetadata: meta,
      TotalNumRows: 3,
      NextToken: 'p2',
      Records: [[{ stringValue: '2026-11-09' }, { longValue: 100 }, { longValue: 60 }, { stringValue: '1.25' }]],
    });
    rs.on(GetStatementResultCommand, { Id: 'st-1', NextToken: 'p2' }).resolves({
      ColumnMetadata: meta,
      TotalNumRows: 3,
      Records: [
        [{ stringValue: '2026-11-10' }, { longValue: 90 }, { isNull: true }, { isNull: true }],
        [{ stringValue: '2026-11-11' }, { longValue: 120 }, { longValue: 70 }, { doubleValue: 3.5 }],
      ],
    });
    const table = await unchecked(source(), 'overview/daily_volume', { from_ts: '2026-11-09', to_ts: '2026-11-12' });

    const exec = rs.commandCalls(ExecuteStatementCommand)[0]!.args[0].input;
    expect(exec.WorkgroupName).toBe('wg');
    expect(exec.Sql).toContain('CAST(:from_ts AS TIMESTAMP)');
    expect(exec.Sql).not.toContain('2026-11-09');
    expect(exec.Parameters).toContainEqual({ name: 'from_ts', value: '2026-11-09 00:00:00.000' });
    expect(exec.Parameters).toContainEqual({ name: 'mp_model_0', value: 'claude-3.5-sonnet' });
    expect(rs.commandCalls(GetStatementResultCommand)).toHaveLength(2);
    expect(table.schema.fields.map((f) => String(f.type))).toEqual(['Date32<DAY>', 'Int64', 'Int32', 'Float64']);
    expect(tableToObjects(table)).toEqual([
      { day: new Date('2026-11-09T00:00:00Z'), requests: 100, llm_requests: 60, llm_cost_usd: 1.25 },
      { day: new Date('2026-11-10T00:00:00Z'), requests: 90, llm_requests: null, llm_cost_usd: null },
      { day: new Date('2026-11-11T00:00:00Z'), requests: 120, llm_requests: 70, llm_cost_usd: 3.5 },
    ]);
  });

  it('backs off between polls, growing by 1.5x up to the cap', async () => {
    const clock = fakeClock();
    rs.on(ExecuteStatementCommand).resolves({ Id: 'st-2' });
    const describe = rs.on(DescribeStatementCommand);
    for (let i = 0; i < 8; i++) describe.resolvesOnce({ Id: 'st-2', Status: 'STARTED' });
    describe.resolves({ Id: 'st-2', Status: 'FINISHED', HasResultSet: false });
    await unchecked(source({ pollMs: 100, maxPollMs: 500 }, clock), 'overview/time_range');
    expect(clock.sleeps).toEqual([100, 150, 225, 337.5, 500, 500, 500, 500]);
  });

  it("turns FAILED into an error naming the query file and carrying Redshift's message", async () => {
    rs.on(ExecuteStatementCommand).resolves({ Id: 'st-3' });
    rs.on(DescribeStatementCommand).resolves({ Id: 'st-3', Status: 'FAILED', Error: 'ERROR: relation "requests" does not exist' });
    await expect(unchecked(source(), 'overview/time_range')).rejects.toThrow(
      /query overview\/time_range \(.*queries\/overview\/time_range.sql\) failed on Redshift: ERROR: relation "requests" does not exist/,
    );
  });

  it('cancels the statement and says so when the timeout passes', async () => {
    rs.on(ExecuteStatementCommand).resolves({ Id: 'st-4' });
    rs.on(DescribeStatementCommand).resolves({ Id: 'st-4', Status: 'STARTED' });
    rs.on(CancelStatementCommand).resolves({ Status: true });
    await expect(unchecked(source({ timeoutMs: 1000 }), 'overview/time_range')).rejects.toThrow(
      /timed out after 1000 ms on Redshift; statement st-4 cancelled/,
    );
    expect(rs.commandCalls(CancelStatementCommand)[0]!.args[0].input).toEqual({ Id: 'st-4' });
  });

  it('cancels the statement when the caller aborts', async () => {
    const controller = new AbortController();
    rs.on(ExecuteStatementCommand).resolves({ Id: 'st-5' });
    rs.on(DescribeStatementCommand).callsFake(async () => {
      controller.abort();
      return { Id: 'st-5', Status: 'STARTED' };
    });
    rs.on(CancelStatementCommand).resolves({ Status: true });
    await expect(unchecked(source(), 'overview/time_range', {}, { signal: controller.signal })).rejects.toThrow(/aborted/);
    expect(rs.commandCalls(CancelStatementCommand)).toHaveLength(1);
  });

  it('retries throttled calls with backoff and then succeeds', async () => {
    const clock = fakeClock();
    rs.on(ExecuteStatementCommand).rejectsOnce(throttled()).resolves({ Id: 'st-6' });
    rs.on(DescribeStatementCommand).rejectsOnce(throttled()).resolves({ Id: 'st-6', Status: 'FINISHED', ResultRows: 1 });
    rs.on(GetStatementResultCommand)
      .rejectsOnce(throttled())
      .resolves({
        ColumnMetadata: [{ name: 'requests', typeName: 'int8' }],
        Records: [[{ longValue: 7 }]],
      });
    const table = await unchecked(source({}, clock), 'overview/time_range');
    expect(tableToObjects(table)).toEqual([{ requests: 7 }]);
    expect(rs.commandCalls(ExecuteStatementCommand)).toHaveLength(2);
    expect(clock.sleeps.length).toBeGreaterThanOrEqual(3);
  });

  it('gives up after repeated throttling with the service error', async () => {
    rs.on(ExecuteStatementCommand).rejects(throttled());
    await expect(unchecked(source(), 'overview/time_range')).rejects.toThrow(/Rate exceeded/);
    expect(rs.commandCalls(ExecuteStatementCommand)).toHaveLength(5);
  });

  it('refuses a result whose row count differs from ResultRows', async () => {
    rs.on(ExecuteStatementCommand).resolves({ Id: 'st-7' });
    rs.on(DescribeStatementCommand).resolves({ Id: 'st-7', Status: 'FINISHED', ResultRows: 5 });
    rs.on(GetStatementResultCommand).resolves({ ColumnMetadata: [{ name: 'n', typeName: 'int4' }], Records: [[{ longValue: 1 }]] });
    await expect(unchecked(source(), 'overview/time_range')).rejects.toThrow(/read 1 rows but Redshift reported 5/);
  });

  it('converts timestamps with and without zones to UTC', async () => {
    rs.on(ExecuteStatementCommand).resolves({ Id: 'st-8' });
    rs.on(DescribeStatementCommand).resolves({ Id: 'st-8', Status: 'FINISHED', ResultRows: 2 });
    rs.on(GetStatementResultCommand).resolves({
      ColumnMetadata: [
        { name: 'first_ts', typeName: 'timestamp' },
        { name: 'flag', typeName: 'bool' },
      ],
      Records: [
        [{ stringValue: '2026-11-09 10:15:00.25' }, { booleanValue: true }],
        [{ stringValue: '2026-11-09 10:15:00+09' }, { isNull: true }],
      ],
    });
    const rows = tableToObjects(await unchecked(source(), 'overview/time_range'));
    expect(rows).toEqual([
      { first_ts: new Date('2026-11-09T10:15:00.250Z'), flag: true },
      { first_ts: new Date('2026-11-09T01:15:00.000Z'), flag: null },
    ]);
  });
});

describe('parseRedshiftSpec', () => {
  it('reads settings from the spec and the environment', () => {
    expect(parseRedshiftSpec('redshift:cluster=prod,database=analytics,db-user=ds', {})).toMatchObject({
      clusterIdentifier: 'prod',
      database: 'analytics',
      dbUser: 'ds',
      schema: 'public',
    });
    expect(
      parseRedshiftSpec('redshift:', {
        MANGALAB_REDSHIFT_WORKGROUP: 'wg',
        MANGALAB_REDSHIFT_DATABASE: 'dev',
        AWS_REGION: 'ap-northeast-1',
      }),
    ).toMatchObject({ workgroupName: 'wg', region: 'ap-northeast-1' });
  });

  it('names what is missing or unknown', () => {
    expect(() => parseRedshiftSpec('redshift:database=dev', {})).toThrow(/name a cluster/);
    expect(() => parseRedshiftSpec('redshift:workgroup=wg', {})).toThrow(/database is required/);
    expect(() => parseRedshiftSpec('redshift:workgroup=wg,database=d,passwd=x', {})).toThrow(InputError);
  });

  it('maps Redshift type names to column kinds', () => {
    expect(['int8', 'float8', 'varchar', 'timestamptz', 'bool', 'super'].map(redshiftKind)).toEqual([
      'int64',
      'float64',
      'text',
      'timestamp',
      'bool',
      'text',
    ]);
  });
});

describe('RedshiftSource.columns and validate', () => {
  it('reads information_schema for the configured schema and reports contract issues in Redshift type names', async () => {
    const { validateSource, describeIssue } = await import('../src/pipeline/validate');
    const { loadContract } = await import('../src/pipeline/contract');
    const contract = loadContract();
    const feedback = contract.find((t) => t.name === 'feedback')!;
    const redshiftType: Record<string, string> = { VARCHAR: 'character varying', TIMESTAMP: 'timestamp without time zone' };
    const records = feedback.columns
      .filter((c) => c.name !== 'free_text')
      .map((c) => [
        { stringValue: 'feedback' },
        { stringValue: c.name },
        { stringValue: c.name === 'ts' ? 'character varying' : redshiftType[c.type]! },
      ]);
    rs.on(ExecuteStatementCommand).resolves({ Id: 'st-9' });
    rs.on(DescribeStatementCommand).resolves({ Id: 'st-9', Status: 'FINISHED', ResultRows: records.length });
    rs.on(GetStatementResultCommand).resolves({
      ColumnMetadata: [
        { name: 'table_name', typeName: 'varchar' },
        { name: 'column_name', typeName: 'varchar' },
        { name: 'data_type', typeName: 'varchar' },
      ],
      Records: records,
    });
    const issues = (await validateSource(source({ schema: 'mangassist' }), contract)).map(describeIssue);
    expect(rs.commandCalls(ExecuteStatementCommand)[0]!.args[0].input.Parameters).toEqual([{ name: 'schema', value: 'mangassist' }]);
    expect(issues).toContain('wrong type feedback.ts: found character varying, contract says TIMESTAMP');
    expect(issues).toContain('missing column feedback.free_text (VARCHAR)');
    expect(issues).toContain('missing table requests');
    expect(issues.filter((i) => i.startsWith('missing table'))).toHaveLength(contract.length - 1);
  });
});

describe('RedshiftSource.transaction', () => {
  const statements = () =>
    rs.commandCalls(ExecuteStatementCommand).map((c) => {
      const i = c.args[0].input;
      return { sql: i.Sql, session: i.SessionId ?? null, workgroup: i.WorkgroupName ?? null, keepAlive: i.SessionKeepAliveSeconds ?? null };
    });

  it('runs BEGIN, the statements and COMMIT in one Data API session: the first opens it, the rest name it', async () => {
    rs.on(ExecuteStatementCommand).resolves({ Id: 'st', SessionId: 'sess-1' });
    rs.on(DescribeStatementCommand).resolves({ Id: 'st', Status: 'FINISHED', HasResultSet: false });
    const src = source();
    const sql = 'DELETE FROM rollup_state WHERE experiment_id = :id';
    const file = { name: 'clear', path: 'clear', description: '', params: [], withRelations: [], body: sql };
    const out = await src.transaction(async () => {
      await src.execute({ sql: 'DELETE FROM rollup_state WHERE experiment_id = :id', params: { id: 'exp-1' }, file });
      return 7;
    });
    expect(out).toBe(7);
    expect(statements()).toEqual([
      { sql: 'BEGIN', session: null, workgroup: 'wg', keepAlive: 120 },
      { sql, session: 'sess-1', workgroup: null, keepAlive: null },
      { sql: 'COMMIT', session: 'sess-1', workgroup: null, keepAlive: null },
    ]);
    // After the transaction, statements go to the workgroup again, outside any session.
    await src.execute({ sql, params: { id: 'exp-1' }, file });
    expect(statements().at(-1)).toEqual({ sql, session: null, workgroup: 'wg', keepAlive: null });
  });

  it('rolls back in the session when a statement fails, and throws the failure', async () => {
    rs.on(ExecuteStatementCommand).resolves({ Id: 'st', SessionId: 'sess-2' });
    rs.on(DescribeStatementCommand).resolves({ Id: 'st', Status: 'FINISHED', HasResultSet: false });
    const src = source();
    await expect(
      src.transaction(async () => {
        throw new Error('the INSERT failed');
      }),
    ).rejects.toThrow('the INSERT failed');
    expect(statements().map((s) => [s.sql, s.session])).toEqual([
      ['BEGIN', null],
      ['ROLLBACK', 'sess-2'],
    ]);
  });

  it('refuses to go on when Redshift opens no session: the statements would not be one transaction', async () => {
    rs.on(ExecuteStatementCommand).resolves({ Id: 'st' });
    rs.on(DescribeStatementCommand).resolves({ Id: 'st', Status: 'FINISHED', HasResultSet: false });
    let ran = false;
    await expect(source().transaction(async () => void (ran = true))).rejects.toThrow(
      'Redshift opened no session, so the transaction cannot be kept',
    );
    expect(ran).toBe(false);
  });
});
