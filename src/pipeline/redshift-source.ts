import {
  CancelStatementCommand,
  DescribeStatementCommand,
  type DescribeStatementCommandOutput,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  RedshiftDataClient,
  type ColumnMetadata,
  type Field,
} from '@aws-sdk/client-redshift-data';
import type { Table } from 'apache-arrow';
import { buildTable, type ColumnKind } from './arrow';
import { InputError, ServiceError } from './errors';
import type { DialectSettings, PreparedQuery } from './queries';
import { inSchema, schemaName } from './qualify-tables';
import { abortError, awsClientConfig, awsTimeouts, sleep, withRetry } from './aws';
import { BaseSource, type QueryOptions, type SourceColumns } from './source';

/** Where to run: a provisioned cluster or a serverless workgroup, a database, and how to authenticate. */
export interface RedshiftConfig {
  clusterIdentifier?: string;
  workgroupName?: string;
  database: string;
  /** Secrets Manager ARN holding the database credentials (or dbUser with a cluster's temporary credentials). */
  secretArn?: string;
  dbUser?: string;
  /** Schema holding the contract tables: every statement's tables are qualified with it. Default public. */
  schema?: string;
  /** How query_embeddings.embedding is stored: SUPER arrays (default) or JSON array text in a VARCHAR. */
  embeddings?: 'super' | 'json';
  region?: string;
  /** Give up (and cancel the statement) after this long. Default 300 s. */
  timeoutMs?: number;
  /** First poll delay; polls back off by 1.5x up to maxPollMs. */
  pollMs?: number;
  maxPollMs?: number;
}

export interface RedshiftDeps {
  client?: RedshiftDataClient;
  /** Injected in tests: a sleep that does not wait on the real clock. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  priceFile?: string;
}

/**
 * Reads `redshift:key=value,...` (keys: cluster, workgroup, database, secret-arn, db-user, schema, embeddings,
 * region, timeout-ms), filling what is not given from MANGALAB_REDSHIFT_* and the standard AWS environment.
 * @throws InputError naming the missing or unknown setting.
 */
export function parseRedshiftSpec(spec: string, env: NodeJS.ProcessEnv = process.env): RedshiftConfig {
  const rest = spec.replace(/^redshift:/, '');
  const given: Record<string, string> = {};
  for (const part of rest
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq < 1) throw new InputError('--source', `expected key=value in "${part}"`, 'redshift settings');
    given[part.slice(0, eq)] = part.slice(eq + 1);
  }
  const known = ['cluster', 'workgroup', 'database', 'secret-arn', 'db-user', 'schema', 'embeddings', 'region', 'timeout-ms'];
  for (const key of Object.keys(given)) {
    if (!known.includes(key))
      throw new InputError('--source', `unknown Redshift setting ${key} (known: ${known.join(', ')})`, 'redshift settings');
  }
  const config: RedshiftConfig = {
    clusterIdentifier: given.cluster ?? env.MANGALAB_REDSHIFT_CLUSTER,
    workgroupName: given.workgroup ?? env.MANGALAB_REDSHIFT_WORKGROUP,
    database: given.database ?? env.MANGALAB_REDSHIFT_DATABASE ?? '',
    secretArn: given['secret-arn'] ?? env.MANGALAB_REDSHIFT_SECRET_ARN,
    dbUser: given['db-user'] ?? env.MANGALAB_REDSHIFT_DB_USER,
    schema: schemaName(given.schema ?? env.MANGALAB_REDSHIFT_SCHEMA ?? 'public', '--source'),
    embeddings: embeddingStorage(given.embeddings ?? env.MANGALAB_REDSHIFT_EMBEDDINGS ?? 'super'),
    region: given.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION,
    timeoutMs: given['timeout-ms'] ? Number(given['timeout-ms']) : undefined,
  };
  if (!config.clusterIdentifier && !config.workgroupName) {
    throw new InputError(
      '--source',
      'name a cluster (cluster=...) or a serverless workgroup (workgroup=...), or set MANGALAB_REDSHIFT_CLUSTER / MANGALAB_REDSHIFT_WORKGROUP',
      'redshift settings',
    );
  }
  if (config.clusterIdentifier && config.workgroupName)
    throw new InputError('--source', 'give a cluster or a workgroup, not both', 'redshift settings');
  if (!config.database)
    throw new InputError('--source', 'database is required (database=... or MANGALAB_REDSHIFT_DATABASE)', 'redshift settings');
  if (config.timeoutMs !== undefined && !(config.timeoutMs > 0))
    throw new InputError('--source', 'timeout-ms must be a positive number', 'redshift settings');
  if (config.workgroupName && config.dbUser)
    throw new InputError('--source', 'db-user works with a provisioned cluster; use secret-arn with a workgroup', 'redshift settings');
  return config;
}

function embeddingStorage(value: string): 'super' | 'json' {
  if (value !== 'super' && value !== 'json')
    throw new InputError(
      '--source',
      `embeddings must be super or json (how query_embeddings.embedding is stored), got ${value}`,
      'redshift settings',
    );
  return value;
}

/** Redshift type name (ColumnMetadata.typeName) -> the column kind results travel in. */
export function redshiftKind(typeName: string | undefined): ColumnKind {
  switch ((typeName ?? '').toLowerCase()) {
    case 'bool':
    case 'boolean':
      return 'bool';
    case 'int2':
    case 'int4':
    case 'smallint':
    case 'integer':
      return 'int32';
    case 'int8':
    case 'bigint':
      return 'int64';
    case 'float4':
    case 'float8':
    case 'float':
    case 'real':
    case 'double precision':
    case 'numeric':
    case 'decimal':
      return 'float64';
    case 'timestamp':
    case 'timestamptz':
    case 'timestamp without time zone':
    case 'timestamp with time zone':
      return 'timestamp';
    case 'date':
      return 'date';
    default:
      return 'text';
  }
}

/** One Data API field -> the normalised value of its column's kind. */
export function redshiftValue(field: Field, kind: ColumnKind, column: string): unknown {
  if ('isNull' in field && field.isNull) return null;
  const f = field as { booleanValue?: boolean; longValue?: number; doubleValue?: number; stringValue?: string; blobValue?: Uint8Array };
  switch (kind) {
    case 'bool':
      return f.booleanValue ?? (f.stringValue !== undefined ? f.stringValue === 'true' || f.stringValue === 't' : null);
    case 'int32':
      return f.longValue ?? Number(f.stringValue);
    case 'int64':
      return f.longValue !== undefined ? BigInt(f.longValue) : BigInt(f.stringValue ?? '0');
    case 'float64': {
      const n = f.doubleValue ?? f.longValue ?? Number(f.stringValue);
      if (!Number.isFinite(n) && f.stringValue !== 'NaN')
        throw new ServiceError(`column ${column}: cannot read "${f.stringValue}" as a number`);
      return n;
    }
    case 'timestamp': {
      const s = f.stringValue ?? '';
      const iso = s.includes('T') ? s : s.replace(' ', 'T');
      const withZone = /[zZ]|[+-]\d\d(:?\d\d)?$/.test(iso) ? iso.replace(/([+-]\d\d)$/, '$1:00') : `${iso}Z`;
      const d = new Date(withZone);
      if (Number.isNaN(d.getTime())) throw new ServiceError(`column ${column}: cannot read "${s}" as a timestamp`);
      return d;
    }
    case 'date':
      return new Date(`${f.stringValue}T00:00:00Z`);
    case 'vector': // never mapped from a Redshift type: SUPER and JSON text arrive as text
    case 'text':
      if (f.stringValue !== undefined) return f.stringValue;
      if (f.longValue !== undefined) return String(f.longValue);
      if (f.doubleValue !== undefined) return String(f.doubleValue);
      if (f.booleanValue !== undefined) return String(f.booleanValue);
      if (f.blobValue !== undefined) return Buffer.from(f.blobValue).toString('base64');
      return null;
  }
}

/**
 * Amazon Redshift through the Data API: ExecuteStatement with bound parameters, DescribeStatement polled with
 * backoff until it ends, every page of GetStatementResult followed, and the rows checked against ResultRows.
 * A timeout or an AbortSignal cancels the statement on the cluster.
 */
/** Seconds a transaction's Data API session outlives its last statement: how long a killed transaction stays open. */
const SESSION_KEEP_ALIVE_S = 120;

export class RedshiftSource extends BaseSource {
  readonly engine = 'redshift' as const;
  readonly description: string;
  override readonly schema: string;
  private readonly client: RedshiftDataClient;
  private readonly wait: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly now: () => number;

  constructor(
    private readonly config: RedshiftConfig,
    deps: RedshiftDeps = {},
  ) {
    super(deps.priceFile);
    this.client = deps.client ?? new RedshiftDataClient(awsClientConfig(config.region));
    this.wait = deps.sleep ?? sleep;
    this.now = deps.now ?? Date.now;
    this.schema = config.schema ?? 'public';
    this.description = `redshift:${config.workgroupName ? `workgroup=${config.workgroupName}` : `cluster=${config.clusterIdentifier}`},database=${config.database}${this.schema === 'public' ? '' : `,schema=${this.schema}`}`;
  }

  /**
   * The text sent for a prepared query: its tables qualified with the configured schema (the Data API has no search
   * path of ours). What `mangalab query --dry-run --source redshift:...` prints.
   */
  statement(prepared: PreparedQuery): string {
    return inSchema(prepared, this.config.schema).sql;
  }

  protected override dialectSettings(): DialectSettings {
    return { embeddings: this.config.embeddings };
  }

  /** The Data API session of the transaction in progress (its id once the first statement opened it), or none. */
  private session: { id: string | null } | null = null;

  /**
   * One transaction through the Data API: BEGIN opens a session (kept alive SESSION_KEEP_ALIVE_S seconds after each
   * statement), every statement of `fn` runs in it, then COMMIT, or ROLLBACK on an error. A process killed midway
   * leaves the transaction open in a session that ends within the keep-alive, and Redshift rolls it back.
   */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.session) throw new Error('a Redshift transaction is already in progress on this source');
    this.session = { id: null };
    try {
      await this.control('BEGIN');
      const out = await fn();
      await this.control('COMMIT');
      return out;
    } catch (e) {
      if (this.session.id) await this.control('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      this.session = null;
    }
  }

  private control(sql: string): Promise<Table> {
    return this.execute({
      sql,
      params: {},
      file: { name: sql.toLowerCase(), path: sql, description: '', params: [], withRelations: [], body: sql },
    });
  }

  /** Where a statement goes: the session of the transaction in progress, or the configured cluster or workgroup. */
  private destination() {
    if (this.session?.id) return { SessionId: this.session.id };
    return { ...this.target(), ...(this.session ? { SessionKeepAliveSeconds: SESSION_KEEP_ALIVE_S } : {}) };
  }

  private target() {
    return {
      Database: this.config.database,
      ...(this.config.workgroupName ? { WorkgroupName: this.config.workgroupName } : { ClusterIdentifier: this.config.clusterIdentifier }),
      ...(this.config.secretArn ? { SecretArn: this.config.secretArn } : {}),
      ...(this.config.dbUser ? { DbUser: this.config.dbUser } : {}),
    };
  }

  protected async run(prepared: PreparedQuery, options: QueryOptions = {}): Promise<Table> {
    const name = prepared.file.name;
    const signal = options.signal;
    // timeout-ms bounds the whole statement: every request of it (start, polls, pages) ends by this deadline.
    const timeoutMs = this.config.timeoutMs ?? 300_000;
    const deadline = Date.now() + timeoutMs;
    const retry = { signal, sleep: this.wait, deadline, what: `Redshift Data API, query ${name}` };
    for (const [key, value] of Object.entries(prepared.params)) {
      if (value === null) throw new InputError(`query ${name}`, `parameter ${key} is NULL; the Redshift Data API cannot bind NULL`);
    }
    if (signal?.aborted) throw abortError(`query ${name}`);
    const started = await withRetry(
      (s) =>
        this.client.send(
          new ExecuteStatementCommand({
            ...this.destination(),
            Sql: this.statement(prepared),
            StatementName: `mangalab:${name}`.slice(0, 500),
            Parameters: Object.entries(prepared.params).map(([key, value]) => ({ name: key, value: value as string })),
          }),
          { abortSignal: s },
        ),
      retry,
    );
    const id = started.Id;
    if (!id) throw new ServiceError(`query ${name}: Redshift returned no statement id`);
    if (this.session && !this.session.id) {
      if (!started.SessionId) throw new ServiceError(`query ${name}: Redshift opened no session, so the transaction cannot be kept`);
      this.session.id = started.SessionId;
    }
    const cancel = async () => {
      try {
        await this.client.send(new CancelStatementCommand({ Id: id }), { abortSignal: AbortSignal.timeout(awsTimeouts().connectMs) });
      } catch {
        // the statement may have ended meanwhile; the caller's error says what happened
      }
    };

    const pollUntil = this.now() + timeoutMs;
    let delay = this.config.pollMs ?? 100;
    let resultRows: number | undefined;
    let hasResultSet: boolean;
    const timedOut = () => new ServiceError(`query ${name} timed out after ${timeoutMs} ms on Redshift; statement ${id} cancelled`);
    for (;;) {
      if (signal?.aborted) {
        await cancel();
        throw abortError(`query ${name}`);
      }
      // Checked before each poll: a poll refused at the deadline must not leave the statement running.
      if (this.now() >= pollUntil || Date.now() >= deadline) {
        await cancel();
        throw timedOut();
      }
      let described: DescribeStatementCommandOutput;
      try {
        described = await withRetry((s) => this.client.send(new DescribeStatementCommand({ Id: id }), { abortSignal: s }), retry);
      } catch (e) {
        // The statement is still running on the cluster: cancel it, whatever stopped the polling.
        await cancel();
        throw Date.now() >= deadline || this.now() >= pollUntil ? timedOut() : e;
      }
      const status = described.Status;
      if (status === 'FINISHED') {
        resultRows = described.ResultRows;
        hasResultSet = described.HasResultSet ?? true;
        break;
      }
      if (status === 'FAILED')
        throw new ServiceError(`query ${name} (${prepared.file.path}) failed on Redshift: ${described.Error ?? 'no message'}`);
      if (status === 'ABORTED') throw new ServiceError(`query ${name} was aborted on Redshift (statement ${id})`);
      try {
        await this.wait(Math.min(delay, Math.max(0, pollUntil - this.now())), signal);
      } catch (e) {
        await cancel();
        throw e;
      }
      delay = Math.min(this.config.maxPollMs ?? 2000, delay * 1.5);
    }
    if (!hasResultSet) return buildTable([]);

    let metadata: ColumnMetadata[] | undefined;
    let kinds: ColumnKind[] = [];
    let columns: unknown[][] = [];
    let token: string | undefined;
    let total = 0;
    do {
      if (signal?.aborted) throw abortError(`query ${name}`);
      const page = await withRetry(
        (s) => this.client.send(new GetStatementResultCommand({ Id: id, NextToken: token }), { abortSignal: s }),
        retry,
      );
      if (!metadata) {
        metadata = page.ColumnMetadata ?? [];
        kinds = metadata.map((m) => redshiftKind(m.typeName));
        columns = metadata.map(() => []);
      }
      for (const record of page.Records ?? []) {
        if (record.length !== kinds.length)
          throw new ServiceError(`query ${name}: a result row has ${record.length} fields, expected ${kinds.length}`);
        record.forEach((field, c) => columns[c]!.push(redshiftValue(field, kinds[c]!, metadata![c]!.name ?? `#${c}`)));
        total += 1;
      }
      token = page.NextToken;
    } while (token);
    if (resultRows !== undefined && resultRows >= 0 && total !== resultRows) {
      throw new ServiceError(`query ${name}: read ${total} rows but Redshift reported ${resultRows}`);
    }
    return buildTable((metadata ?? []).map((m, c) => ({ name: m.label ?? m.name ?? `col${c}`, kind: kinds[c]!, values: columns[c]! })));
  }

  async columns(): Promise<SourceColumns> {
    const sql = `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = :schema ORDER BY table_name, ordinal_position`;
    const table = await this.execute({
      sql,
      params: { schema: this.config.schema ?? 'public' },
      file: { name: 'contract columns', path: 'information_schema.columns', description: '', params: [], withRelations: [], body: sql },
    });
    const out: SourceColumns = new Map();
    for (let r = 0; r < table.numRows; r++) {
      const t = String(table.getChild('table_name')!.get(r));
      if (!out.has(t)) out.set(t, new Map());
      out.get(t)!.set(String(table.getChild('column_name')!.get(r)), String(table.getChild('data_type')!.get(r)));
    }
    return out;
  }

  /**
   * For the embedding column stored as JSON text (`embeddings=json`): how many values are not JSON arrays. Other
   * columns cannot be counted cheaply on Redshift (undefined: validation reports the type).
   */
  async countUnreadable(table: string, column: string, type: string): Promise<number | undefined> {
    if (!type.endsWith('[]') || this.config.embeddings !== 'json') return undefined;
    // Table and column come from the contract (plain identifiers), never from the user.
    const sql = `SELECT COUNT(*) AS n FROM ${table} WHERE ${column} IS NOT NULL AND NOT is_valid_json_array(${column})`;
    const result = await this.execute({
      sql,
      params: {},
      file: { name: `unreadable ${table}.${column}`, path: 'contract check', description: '', params: [], withRelations: [], body: sql },
    });
    return Number(result.getChild('n')?.get(0) ?? 0);
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
