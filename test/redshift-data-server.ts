// A Redshift Data API on the loopback interface, executing on the PostgreSQL stand-in (test/postgres.ts), so that the
// real @aws-sdk/client-redshift-data, pointed at it by endpoint, is tested end to end: AWS JSON 1.1 over HTTP
// (X-Amz-Target: RedshiftData.<Operation>), ExecuteStatement with SQL parameters and sessions, DescribeStatement with
// its states (SUBMITTED, STARTED, FINISHED, FAILED, ABORTED), GetStatementResult with typed fields and NextToken pages
// of `pageSize` records, CancelStatement. What it does not model: authentication (any credentials are accepted),
// BatchExecuteStatement, ListStatements and result sets over 100 MB.
// Protocol reference: https://docs.aws.amazon.com/redshift-data/latest/APIReference/Welcome.html
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { rewritePlaceholders } from '../src/pipeline/sql-text';

type Status = 'SUBMITTED' | 'STARTED' | 'FINISHED' | 'FAILED' | 'ABORTED';

interface Column {
  name: string;
  typeName: string;
}

type FieldOut = { isNull: true } | { booleanValue: boolean } | { longValue: number } | { doubleValue: number } | { stringValue: string };

interface Statement {
  id: string;
  sql: string;
  status: Status;
  error?: string;
  createdAt: Date;
  columns?: Column[];
  records?: FieldOut[][];
  rowCount?: number;
  pid?: number;
  sessionId?: string;
}

interface Session {
  id: string;
  client: pg.Client;
  busy: boolean;
}

export interface DataApiServerOptions {
  /** Connection settings of the PostgreSQL that executes the statements. */
  pg: pg.ClientConfig;
  /** Records per GetStatementResult page. Default 100. */
  pageSize?: number;
  /** Statements run with this search_path (the Data API's default is `$user, public`). */
  searchPath?: string;
}

export interface DataApiServer {
  endpoint: string;
  /** Every statement received, in order: its SQL and parameters, as the client sent them. */
  received: { sql: string; parameters: { name: string; value: string }[] }[];
  /** Operations received, counted by name (ExecuteStatement, DescribeStatement, ...). */
  calls: Record<string, number>;
  close(): Promise<void>;
}

/** PostgreSQL type OIDs -> the type names Redshift reports in ColumnMetadata.typeName. */
const TYPE_NAMES: Record<number, string> = {
  16: 'bool',
  20: 'int8',
  21: 'int2',
  23: 'int4',
  25: 'text',
  700: 'float4',
  701: 'float8',
  1042: 'bpchar',
  1043: 'varchar',
  1082: 'date',
  1114: 'timestamp',
  1184: 'timestamptz',
  1700: 'numeric',
};

/** One PostgreSQL value (as text) -> a Data API field of its type, as the Data API encodes it. */
function field(value: string | null, typeName: string): FieldOut {
  if (value === null) return { isNull: true };
  switch (typeName) {
    case 'bool':
      return { booleanValue: value === 't' || value === 'true' };
    case 'int2':
    case 'int4':
    case 'int8':
      return { longValue: Number(value) };
    case 'float4':
    case 'float8':
      return { doubleValue: Number(value) };
    default:
      // numeric, text, varchar, date, timestamp: text, as the Data API sends them
      return { stringValue: value };
  }
}

class ApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** Starts the server on 127.0.0.1 and an ephemeral port. */
export async function startDataApiServer(options: DataApiServerOptions): Promise<DataApiServer> {
  const pageSize = options.pageSize ?? 100;
  const statements = new Map<string, Statement>();
  const sessions = new Map<string, Session>();
  const received: DataApiServer['received'] = [];
  const calls: Record<string, number> = {};
  const open = new Set<pg.Client>();

  async function connect(): Promise<pg.Client> {
    const client = new pg.Client({ ...options.pg, types: { getTypeParser: () => (v: string) => v } as never });
    await client.connect();
    open.add(client);
    if (options.searchPath) await client.query(`SET search_path TO ${options.searchPath}`);
    return client;
  }

  async function execute(stmt: Statement, client: pg.Client, values: string[], end: () => Promise<void>): Promise<void> {
    try {
      stmt.pid = Number((await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
      stmt.status = 'STARTED';
      const result = await client.query({ text: stmt.sql, values, rowMode: 'array' });
      const fields = result.fields ?? [];
      stmt.columns = fields.map((f) => ({ name: f.name, typeName: TYPE_NAMES[f.dataTypeID] ?? 'varchar' }));
      stmt.records = (result.rows as (string | null)[][]).map((row) => row.map((v, c) => field(v, stmt.columns![c]!.typeName)));
      stmt.rowCount = fields.length > 0 ? stmt.records.length : (result.rowCount ?? 0);
      if (stmt.status === 'STARTED') stmt.status = 'FINISHED';
    } catch (e) {
      const err = e as { message?: string; code?: string };
      if (stmt.status === 'ABORTED' || err.code === '57014') stmt.status = 'ABORTED';
      else {
        stmt.status = 'FAILED';
        stmt.error = `ERROR: ${err.message ?? String(e)}`;
      }
    } finally {
      await end();
    }
  }

  function executeStatement(body: Record<string, unknown>) {
    const sql = String(body.Sql ?? '');
    if (!sql) throw new ApiError('ValidationException', 'Sql is required');
    if (!body.SessionId && !body.ClusterIdentifier && !body.WorkgroupName)
      throw new ApiError('ValidationException', 'Either ClusterIdentifier or WorkgroupName or SessionId is required');
    const parameters = (body.Parameters as { name: string; value: string }[] | undefined) ?? [];
    for (const p of parameters)
      if (typeof p.value !== 'string' || p.value.length < 1)
        throw new ApiError('ValidationException', `Parameter ${p.name}: value must have a length of at least 1`);
    received.push({ sql, parameters });
    const order: string[] = [];
    const text = rewritePlaceholders(sql, 'redshift', (name) => {
      const at = order.indexOf(name);
      if (at >= 0) return `$${at + 1}`;
      order.push(name);
      return `$${order.length}`;
    }).sql;
    const values = order.map((name) => {
      const p = parameters.find((x) => x.name === name);
      if (!p) throw new ApiError('ValidationException', `No value specified for parameter ${name}`);
      return p.value;
    });
    const stmt: Statement = { id: randomUUID(), sql: text, status: 'SUBMITTED', createdAt: new Date() };
    statements.set(stmt.id, stmt);
    const keepAlive = Number(body.SessionKeepAliveSeconds ?? 0);
    if (body.SessionId) {
      const session = sessions.get(String(body.SessionId));
      if (!session) throw new ApiError('ValidationException', `Session ${String(body.SessionId)} does not exist or has expired`);
      if (session.busy) throw new ApiError('ActiveSessionsExceededException', `Session ${session.id} is busy`);
      session.busy = true;
      stmt.sessionId = session.id;
      void execute(stmt, session.client, values, async () => {
        session.busy = false;
      });
    } else if (keepAlive > 0) {
      const id = randomUUID();
      const session: Session = { id, client: undefined as never, busy: true };
      sessions.set(id, session);
      stmt.sessionId = id;
      void connect().then(
        (client) => {
          session.client = client;
          return execute(stmt, client, values, async () => {
            session.busy = false;
          });
        },
        (e: Error) => {
          stmt.status = 'FAILED';
          stmt.error = e.message;
        },
      );
    } else {
      void connect().then(
        (client) =>
          execute(stmt, client, values, async () => {
            open.delete(client);
            await client.end().catch(() => undefined);
          }),
        (e: Error) => {
          stmt.status = 'FAILED';
          stmt.error = e.message;
        },
      );
    }
    return {
      Id: stmt.id,
      CreatedAt: stmt.createdAt.getTime() / 1000,
      Database: body.Database,
      ...(stmt.sessionId ? { SessionId: stmt.sessionId } : {}),
    };
  }

  function find(body: Record<string, unknown>): Statement {
    const stmt = statements.get(String(body.Id ?? ''));
    if (!stmt) throw new ApiError('ResourceNotFoundException', `Query ${String(body.Id)} does not exist`);
    return stmt;
  }

  function describeStatement(body: Record<string, unknown>) {
    const stmt = find(body);
    const done = stmt.status === 'FINISHED';
    return {
      Id: stmt.id,
      Status: stmt.status,
      QueryString: stmt.sql,
      CreatedAt: stmt.createdAt.getTime() / 1000,
      ...(stmt.error ? { Error: stmt.error } : {}),
      ...(done ? { HasResultSet: (stmt.columns?.length ?? 0) > 0, ResultRows: stmt.rowCount ?? 0 } : {}),
      ...(stmt.sessionId ? { SessionId: stmt.sessionId } : {}),
    };
  }

  function getStatementResult(body: Record<string, unknown>) {
    const stmt = find(body);
    if (stmt.status !== 'FINISHED') throw new ApiError('ValidationException', `Query ${stmt.id} has status ${stmt.status}: no result`);
    if (!stmt.columns?.length) throw new ApiError('ResourceNotFoundException', `Query ${stmt.id} does not have a result set`);
    const from = body.NextToken ? Number(body.NextToken) : 0;
    const records = stmt.records!.slice(from, from + pageSize);
    const next = from + pageSize < stmt.records!.length ? String(from + pageSize) : undefined;
    return {
      ColumnMetadata: stmt.columns.map((c) => ({ name: c.name, label: c.name, typeName: c.typeName, nullable: 1 })),
      Records: records,
      TotalNumRows: stmt.records!.length,
      ...(next ? { NextToken: next } : {}),
    };
  }

  async function cancelStatement(body: Record<string, unknown>) {
    const stmt = find(body);
    if (stmt.status !== 'SUBMITTED' && stmt.status !== 'STARTED') return { Status: false };
    stmt.status = 'ABORTED';
    if (stmt.pid !== undefined) {
      const admin = await connect();
      try {
        await admin.query('SELECT pg_cancel_backend($1)', [stmt.pid]);
      } finally {
        open.delete(admin);
        await admin.end();
      }
    }
    return { Status: true };
  }

  const operations: Record<string, (body: Record<string, unknown>) => unknown> = {
    ExecuteStatement: executeStatement,
    DescribeStatement: describeStatement,
    GetStatementResult: getStatementResult,
    CancelStatement: cancelStatement,
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    await new Promise<void>((done, fail) => {
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', done);
      req.on('error', fail);
    });
    const target = String(req.headers['x-amz-target'] ?? '');
    const op = target.replace(/^RedshiftData\./, '');
    calls[op] = (calls[op] ?? 0) + 1;
    const reply = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(payload));
    };
    try {
      const fn = operations[op];
      if (!fn) throw new ApiError('UnknownOperationException', `unknown operation ${target}`);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      reply(200, await fn(body));
    } catch (e) {
      if (e instanceof ApiError) reply(400, { __type: e.type, message: e.message });
      else reply(500, { __type: 'InternalServerException', message: (e as Error).message });
    }
  }

  const server: Server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    received,
    calls,
    async close() {
      await new Promise<void>((done) => server.close(() => done()));
      server.closeAllConnections?.();
      for (const c of open) await c.end().catch(() => undefined);
      for (const s of sessions.values()) await s.client?.end().catch(() => undefined);
    },
  };
}
