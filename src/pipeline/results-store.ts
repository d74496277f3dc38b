import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { GateResult, MetricValue } from '../analysis/evaluateGates';
import { InputError, ServiceError } from './errors';
import { paths } from './paths';
import { sqlTimestamp } from './queries';

/** One golden entry scored against its prediction (what a run stores per entry). */
export interface EntryResult {
  queryId: string;
  expectedIntent: string;
  category: string | null;
  /** null when the responses carry no classified intent. */
  predictedIntent: string | null;
  intentCorrect: boolean | null;
  rougeL: number;
  /** null when BERTScore was not computed. */
  bertScoreF1: number | null;
  formatViolations: string[];
  /** null when the responder reports no guardrail outcome. */
  guardrailPassed: boolean | null;
  responseChars: number;
  prohibitedFound: string[];
  requiredMissing: string[];
  requiredTotal: number;
  /** Intent right, guardrail passed, format kept, nothing prohibited, every required element present (what was not measured does not fail it). */
  passed: boolean;
}

/** A run's header row. */
export interface StoredRun {
  runId: string;
  name: string | null;
  createdAt: Date;
  datasetFile: string;
  datasetVersion: string;
  datasetSha256: string;
  intent: string | null;
  responder: string;
  promptVersion: string | null;
  modelVersion: string | null;
  configVersion: string;
  entries: number;
  complete: boolean;
  passed: boolean;
  metrics: Record<string, MetricValue>;
  gates: GateResult[];
}

const RUN_COLUMNS = [
  'run_id',
  'name',
  'created_at',
  'dataset_file',
  'dataset_version',
  'dataset_sha256',
  'intent',
  'responder',
  'prompt_version',
  'model_version',
  'config_version',
  'entries',
  'complete',
  'passed',
  'metrics',
  'gates',
];
const ENTRY_COLUMNS = [
  'run_id',
  'query_id',
  'expected_intent',
  'category',
  'predicted_intent',
  'intent_correct',
  'rouge_l',
  'bertscore_f1',
  'guardrail_passed',
  'response_chars',
  'format_violations',
  'prohibited_found',
  'required_missing',
  'required_total',
  'passed',
];

const CHUNK_COLUMNS = [
  'grid_id',
  'config',
  'started_at',
  'finished_at',
  'retriever',
  'corpus_sha256',
  'queries_sha256',
  'params',
  'metrics',
  'passed',
  'winner',
];
const stamp = sqlTimestamp;

/** One configuration of a stored chunking grid. */
export interface ChunkRunRow {
  gridId: string;
  config: string;
  startedAt: Date;
  finishedAt: Date;
  retriever: string;
  corpusSha256: string;
  queriesSha256: string;
  params: Record<string, unknown>;
  /** null: not computed (say, BERTScore without a model). */
  metrics: Record<string, number | null>;
  passed: boolean;
  winner: boolean;
}

/** A judge's reliability record as `mangalab judge check` stores it (the record itself travels as JSON). */
export interface StoredJudgeRecord {
  recordId: string;
  judge: string;
  modelId: string;
  promptVersion: string;
  measuredAt: Date;
  trusted: boolean;
  record: Record<string, unknown>;
}

const placeholders = (cols: string[]) => cols.map((_, i) => `$${i + 1}`).join(', ');

/**
 * The local results store (a DuckDB file): evaluation runs, their metrics and gates, and every entry's result.
 * A run is written in one transaction, so an interrupted or failed save leaves nothing behind.
 */
export class ResultsStore {
  private db: { instance: DuckDBInstance; conn: DuckDBConnection; writable: boolean } | null = null;

  private constructor(
    readonly file: string,
    private readonly waitMs: number,
  ) {}

  /**
   * A store at `file`. Nothing is created until a run is saved: reading a store that does not exist yet finds no
   * runs, so a failed first run leaves no file behind. Reads open the file read-only, so any number of runs read it
   * at once; a save opens it for writing only while it writes, and waits (up to `waitMs`, 60 s by default) for
   * another run's save rather than failing.
   */
  static async open(file: string = paths.resultsStore(), options: { waitMs?: number } = {}): Promise<ResultsStore> {
    const store = new ResultsStore(file === ':memory:' ? file : resolve(file), options.waitMs ?? 60_000);
    if (store.file === ':memory:' || existsSync(store.file)) await store.connection(false);
    return store;
  }

  /** Opens the file (read-only unless `writable`), waiting while another process holds it for writing. */
  private async openInstance(writable: boolean): Promise<DuckDBInstance> {
    const deadline = Date.now() + this.waitMs;
    for (let delay = 50; ; delay = Math.min(delay * 2, 1000)) {
      try {
        if (this.file !== ':memory:') mkdirSync(dirname(this.file), { recursive: true });
        return await DuckDBInstance.create(this.file, writable || this.file === ':memory:' ? {} : { access_mode: 'READ_ONLY' });
      } catch (e) {
        const message = (e as Error).message.split('\n')[0]!;
        if (!/lock/i.test(message)) throw new InputError(this.file, `cannot open the results store: ${message}`);
        if (Date.now() >= deadline)
          throw new ServiceError(`${this.file}: the results store stayed busy for ${Math.round(this.waitMs / 1000)} s (${message})`);
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  /** The connection, opened (and the file and tables created when `create`) on first use; null when absent. */
  private async connection(create: boolean): Promise<DuckDBConnection | null> {
    if (this.db && (this.db.writable || !create)) return this.db.conn;
    if (this.file !== ':memory:' && !existsSync(this.file) && !create) return null;
    if (this.db) this.close(); // a reader about to write: reopen for writing
    const writable = create || this.file === ':memory:';
    const instance = await this.openInstance(writable);
    const conn = await instance.connect();
    if (writable) await conn.run(readFileSync(join(paths.queries(), 'store', 'schema.sql'), 'utf8'));
    this.db = { instance, conn, writable };
    return conn;
  }

  /** After a save: a file store is let go, so other runs can write; the next read opens it read-only again. */
  private doneWriting(): void {
    if (this.file !== ':memory:') this.close();
  }

  /** Stores a run and its entries atomically. @throws InputError when the run id is taken. */
  async save(run: StoredRun, entries: EntryResult[]): Promise<void> {
    await this.transaction(async (conn) => {
      const taken = await conn.runAndReadAll('SELECT count(*) FROM eval_runs WHERE run_id = $1', [run.runId]);
      if (Number(taken.getRows()[0]![0]) > 0) throw new InputError(this.file, `run id ${run.runId} is already stored`);
      await conn.run(`INSERT INTO eval_runs (${RUN_COLUMNS.join(', ')}) VALUES (${placeholders(RUN_COLUMNS)})`, [
        run.runId,
        run.name,
        stamp(run.createdAt),
        run.datasetFile,
        run.datasetVersion,
        run.datasetSha256,
        run.intent,
        run.responder,
        run.promptVersion,
        run.modelVersion,
        run.configVersion,
        run.entries,
        run.complete,
        run.passed,
        JSON.stringify(run.metrics),
        JSON.stringify(run.gates),
      ] as DuckDBValue[]);
      const insert = await conn.prepare(`INSERT INTO eval_entries (${ENTRY_COLUMNS.join(', ')}) VALUES (${placeholders(ENTRY_COLUMNS)})`);
      for (const e of entries) {
        insert.bind([
          run.runId,
          e.queryId,
          e.expectedIntent,
          e.category,
          e.predictedIntent,
          e.intentCorrect,
          e.rougeL,
          e.bertScoreF1,
          e.guardrailPassed,
          e.responseChars,
          JSON.stringify(e.formatViolations),
          JSON.stringify(e.prohibitedFound),
          JSON.stringify(e.requiredMissing),
          e.requiredTotal,
          e.passed,
        ] as DuckDBValue[]);
        await insert.run();
      }
    });
  }

  private async selectRuns(where: string, params: DuckDBValue[], limit: number): Promise<StoredRun[]> {
    const conn = await this.connection(false);
    if (!conn) return [];
    const reader = await conn.runAndReadAll(
      `SELECT ${RUN_COLUMNS.join(', ')} FROM eval_runs ${where} ORDER BY created_at DESC, rowid DESC LIMIT ${Math.max(1, Math.floor(limit))}`,
      params,
    );
    return reader.getRowObjectsJS().map((r) => ({
      runId: r.run_id as string,
      name: r.name as string | null,
      createdAt: r.created_at as Date,
      datasetFile: r.dataset_file as string,
      datasetVersion: r.dataset_version as string,
      datasetSha256: r.dataset_sha256 as string,
      intent: r.intent as string | null,
      responder: r.responder as string,
      promptVersion: r.prompt_version as string | null,
      modelVersion: r.model_version as string | null,
      configVersion: r.config_version as string,
      entries: Number(r.entries),
      complete: r.complete as boolean,
      passed: r.passed as boolean,
      metrics: JSON.parse(r.metrics as string) as Record<string, MetricValue>,
      gates: JSON.parse(r.gates as string) as GateResult[],
    }));
  }

  /** A run by id, or the newest run carrying that name; null when neither exists. */
  async find(ref: string): Promise<StoredRun | null> {
    return (await this.selectRuns('WHERE run_id = $1 OR name = $1', [ref], 1))[0] ?? null;
  }

  /** The newest complete, passing run on the same dataset (by content hash), if any. */
  async latestPassing(datasetSha256: string, excludeRunId?: string): Promise<StoredRun | null> {
    return (
      (
        await this.selectRuns('WHERE dataset_sha256 = $1 AND complete AND passed AND run_id <> $2', [datasetSha256, excludeRunId ?? ''], 1)
      )[0] ?? null
    );
  }

  /** The newest runs, newest first, optionally only those created before `before` (the weekly Quality section's trend). */
  async recentRuns(limit = 12, before?: Date): Promise<StoredRun[]> {
    return before ? this.selectRuns('WHERE created_at < CAST($1 AS TIMESTAMP)', [stamp(before)], limit) : this.selectRuns('', [], limit);
  }

  /** A run's per-entry results, in query id order. */
  async entries(runId: string): Promise<EntryResult[]> {
    const conn = await this.connection(false);
    if (!conn) return [];
    const reader = await conn.runAndReadAll(`SELECT ${ENTRY_COLUMNS.join(', ')} FROM eval_entries WHERE run_id = $1 ORDER BY query_id`, [
      runId,
    ]);
    return reader.getRowObjectsJS().map((r) => ({
      queryId: r.query_id as string,
      expectedIntent: r.expected_intent as string,
      category: r.category as string | null,
      predictedIntent: r.predicted_intent as string | null,
      intentCorrect: r.intent_correct as boolean | null,
      rougeL: r.rouge_l as number,
      bertScoreF1: r.bertscore_f1 as number | null,
      guardrailPassed: r.guardrail_passed as boolean | null,
      responseChars: Number(r.response_chars),
      formatViolations: JSON.parse(r.format_violations as string) as string[],
      prohibitedFound: JSON.parse(r.prohibited_found as string) as string[],
      requiredMissing: JSON.parse(r.required_missing as string) as string[],
      requiredTotal: Number(r.required_total),
      passed: r.passed as boolean,
    }));
  }

  /** Stores one chunking grid, a row per configuration, in one transaction. */
  async saveChunkGrid(rows: ChunkRunRow[]): Promise<void> {
    await this.transaction(async (conn) => {
      const insert = await conn.prepare(`INSERT INTO chunk_runs (${CHUNK_COLUMNS.join(', ')}) VALUES (${placeholders(CHUNK_COLUMNS)})`);
      for (const r of rows) {
        insert.bind([
          r.gridId,
          r.config,
          stamp(r.startedAt),
          stamp(r.finishedAt),
          r.retriever,
          r.corpusSha256,
          r.queriesSha256,
          JSON.stringify(r.params),
          JSON.stringify(r.metrics),
          r.passed,
          r.winner,
        ] as DuckDBValue[]);
        await insert.run();
      }
    });
  }

  /** The newest chunking grid started before `before` (all of it), or an empty list. */
  async latestChunkGrid(before?: Date): Promise<ChunkRunRow[]> {
    const conn = await this.connection(false);
    if (!conn) return [];
    const reader = await conn.runAndReadAll(
      `SELECT ${CHUNK_COLUMNS.join(', ')} FROM chunk_runs WHERE grid_id = (SELECT grid_id FROM chunk_runs WHERE started_at < CAST($1 AS TIMESTAMP) ORDER BY started_at DESC, grid_id DESC LIMIT 1) ORDER BY started_at, config`,
      [stamp(before ?? new Date('9999-01-01T00:00:00Z'))],
    );
    return reader.getRowObjectsJS().map((r) => ({
      gridId: r.grid_id as string,
      config: r.config as string,
      startedAt: r.started_at as Date,
      finishedAt: r.finished_at as Date,
      retriever: r.retriever as string,
      corpusSha256: r.corpus_sha256 as string,
      queriesSha256: r.queries_sha256 as string,
      params: JSON.parse(r.params as string) as Record<string, unknown>,
      metrics: JSON.parse(r.metrics as string) as Record<string, number | null>,
      passed: r.passed as boolean,
      winner: r.winner as boolean,
    }));
  }

  /** Stores one judge reliability record. */
  async saveJudgeRecord(r: StoredJudgeRecord): Promise<void> {
    await this.transaction((conn) =>
      conn.run(
        'INSERT INTO judge_records (record_id, judge, model_id, prompt_version, measured_at, trusted, record) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [r.recordId, r.judge, r.modelId, r.promptVersion, stamp(r.measuredAt), r.trusted, JSON.stringify(r.record)] as DuckDBValue[],
      ),
    );
  }

  /**
   * Judge records, newest first: of one judge (and, when given, one model and prompt version), or of every judge.
   * The newest record of a judge, model and prompt version is the one that decides whether it is trusted.
   */
  async judgeRecords(filter: { judge?: string; modelId?: string; promptVersion?: string } = {}, limit = 20): Promise<StoredJudgeRecord[]> {
    // A store written before judge records existed has no such table until its next save: no records yet.
    return this.reading('judge_records', [], async (conn) => {
      const reader = await conn.runAndReadAll(
        `SELECT record_id, judge, model_id, prompt_version, measured_at, trusted, record FROM judge_records
         WHERE ($1 = '' OR judge = $1) AND ($2 = '' OR model_id = $2) AND ($3 = '' OR prompt_version = $3)
         ORDER BY measured_at DESC, rowid DESC LIMIT ${Math.max(1, Math.floor(limit))}`,
        [filter.judge ?? '', filter.modelId ?? '', filter.promptVersion ?? ''],
      );
      return reader.getRowObjectsJS().map((r) => ({
        recordId: r.record_id as string,
        judge: r.judge as string,
        modelId: r.model_id as string,
        promptVersion: r.prompt_version as string,
        measuredAt: r.measured_at as Date,
        trusted: r.trusted as boolean,
        record: JSON.parse(r.record as string) as Record<string, unknown>,
      }));
    });
  }

  /**
   * Runs `fn` in one write transaction (the file opened for writing and let go afterwards): committed when it returns,
   * rolled back when it throws. What the registry and the MLflow links write goes through here.
   */
  async transaction<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    const conn = (await this.connection(true))!;
    await conn.run('BEGIN TRANSACTION');
    try {
      const out = await fn(conn);
      await conn.run('COMMIT');
      return out;
    } catch (e) {
      await conn.run('ROLLBACK');
      throw e;
    } finally {
      this.doneWriting();
    }
  }

  /** Runs a read on `table`, or returns `none` when the store or the table does not exist yet (a store written before it). */
  async reading<T>(table: string, none: T, fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    const conn = await this.connection(false);
    if (!conn) return none;
    const exists = await conn.runAndReadAll('SELECT count(*) FROM information_schema.tables WHERE table_name = $1', [table]);
    return Number(exists.getRows()[0]![0]) === 0 ? none : fn(conn);
  }

  close(): void {
    this.db?.conn.closeSync();
    this.db?.instance.closeSync();
    this.db = null;
  }
}
