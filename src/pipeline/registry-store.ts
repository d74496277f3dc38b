import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { GateResult } from '../analysis/evaluateGates';
import type { ArtefactKind, EvidenceRun } from '../analysis/promotionEvidence';
import { InputError } from './errors';
import { sqlTimestamp } from './queries';
import type { ResultsStore } from './results-store';

/** A version's stage, as MLflow's registry names them (lower case). */
export const STAGES = ['none', 'staging', 'production', 'archived'] as const;
export type Stage = (typeof STAGES)[number];

/** One version of an artefact (US-1.1). */
export interface RegistryEntry {
  kind: ArtefactKind;
  name: string;
  version: string;
  framework: string;
  /** 'sagemaker:<endpoint>/<variant>', 'bedrock:<model id or profile>', 'appconfig'. */
  hosting: string;
  /** The training or authoring date, YYYY-MM-DD. */
  createdOn: string;
  datasetSha256: string | null;
  source: string;
  contentSha256: string;
  /** Everything else: author, description, params, headline metrics. */
  metadata: Record<string, unknown>;
  evalRunIds: string[];
  stage: Stage;
  registeredAt: Date;
  registeredBy: string;
}

export type EntryKey = Pick<RegistryEntry, 'kind' | 'name' | 'version'>;

/** One stage change of a version, with the evidence behind it. */
export interface StageChange extends EntryKey {
  at: Date;
  from: Stage;
  to: Stage;
  who: string;
  why: string | null;
  evalRunId: string | null;
  override: string | null;
  auditSeq: number | null;
}

const ENTRY_COLUMNS = [
  'kind',
  'name',
  'version',
  'framework',
  'hosting',
  'created_on',
  'dataset_sha256',
  'source',
  'content_sha256',
  'metadata',
  'eval_run_ids',
  'stage',
  'registered_at',
  'registered_by',
];
const STAGE_COLUMNS = [
  'kind',
  'name',
  'version',
  'changed_at',
  'from_stage',
  'to_stage',
  'who',
  'why',
  'eval_run_id',
  'override',
  'audit_seq',
];
const marks = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `$${i + from}`).join(', ');

/** `kind:name@version`, how commands and messages name a version. */
export const entryLabel = (k: EntryKey) => `${k.kind}:${k.name}@${k.version}`;

/** A registry row as a typed entry: the one place registry rows become records. */
function toEntry(r: Record<string, unknown>): RegistryEntry {
  return {
    kind: r.kind as ArtefactKind,
    name: r.name as string,
    version: r.version as string,
    framework: r.framework as string,
    hosting: r.hosting as string,
    createdOn: r.created_on as string,
    datasetSha256: r.dataset_sha256 as string | null,
    source: r.source as string,
    contentSha256: r.content_sha256 as string,
    metadata: JSON.parse(r.metadata as string) as Record<string, unknown>,
    evalRunIds: JSON.parse(r.eval_run_ids as string) as string[],
    stage: r.stage as Stage,
    registeredAt: r.registered_at as Date,
    registeredBy: r.registered_by as string,
  };
}

function toChange(r: Record<string, unknown>): StageChange {
  return {
    kind: r.kind as ArtefactKind,
    name: r.name as string,
    version: r.version as string,
    at: r.changed_at as Date,
    from: r.from_stage as Stage,
    to: r.to_stage as Stage,
    who: r.who as string,
    why: r.why as string | null,
    evalRunId: r.eval_run_id as string | null,
    override: r.override as string | null,
    auditSeq: r.audit_seq === null ? null : Number(r.audit_seq),
  };
}

async function rows(conn: DuckDBConnection, sql: string, params: DuckDBValue[]): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(sql, params)).getRowObjectsJS() as Record<string, unknown>[];
}

/**
 * The version registry (US-1.1) in the results store: registry_versions holds one row a version, registry_stages its
 * stage history, mlflow_links which local record went to which MLflow run. Every write is one transaction.
 */
export class Registry {
  constructor(readonly store: ResultsStore) {}

  async get(k: EntryKey): Promise<RegistryEntry | null> {
    return this.store.reading('registry_versions', null, async (conn) => {
      const [r] = await rows(
        conn,
        `SELECT ${ENTRY_COLUMNS.join(', ')} FROM registry_versions WHERE kind = $1 AND name = $2 AND version = $3`,
        [k.kind, k.name, k.version],
      );
      return r ? toEntry(r) : null;
    });
  }

  /** A version, or an InputError naming it and the versions its artefact has. */
  async require(k: EntryKey): Promise<RegistryEntry> {
    const e = await this.get(k);
    if (e) return e;
    const others = (await this.list({ kind: k.kind, name: k.name })).map((x) => x.version);
    throw new InputError(
      entryLabel(k),
      `is not in the registry (${others.length ? `${k.kind}:${k.name} has ${others.join(', ')}` : `no version of ${k.kind}:${k.name} is registered`}); register it first: mangalab registry register`,
    );
  }

  /** Entries, by kind and name, newest registration last; filtered by kind, name, stage or hosting. */
  async list(f: { kind?: string; name?: string; stage?: string; hosting?: string } = {}): Promise<RegistryEntry[]> {
    return this.store.reading('registry_versions', [], async (conn) =>
      (
        await rows(
          conn,
          `SELECT ${ENTRY_COLUMNS.join(', ')} FROM registry_versions
           WHERE ($1 = '' OR kind = $1) AND ($2 = '' OR name = $2) AND ($3 = '' OR stage = $3) AND ($4 = '' OR hosting = $4)
           ORDER BY kind, name, registered_at, version`,
          [f.kind ?? '', f.name ?? '', f.stage ?? '', f.hosting ?? ''],
        )
      ).map(toEntry),
    );
  }

  /** A version's stage changes, oldest first. */
  async history(k: EntryKey): Promise<StageChange[]> {
    return this.store.reading('registry_stages', [], async (conn) =>
      (
        await rows(
          conn,
          `SELECT ${STAGE_COLUMNS.join(', ')} FROM registry_stages WHERE kind = $1 AND name = $2 AND version = $3 ORDER BY changed_at, rowid`,
          [k.kind, k.name, k.version],
        )
      ).map(toChange),
    );
  }

  /**
   * Adds a version (and its first stage change, when it starts past none), or only new linked runs to one already
   * there. `audit` runs inside the transaction, as in changeStages: a failed audit stores nothing.
   */
  async save(entry: RegistryEntry, options: { change?: StageChange; audit?: () => number | null } = {}): Promise<number | null> {
    return this.store.transaction(async (conn) => {
      const seq = options.audit ? options.audit() : null;
      await conn.run('DELETE FROM registry_versions WHERE kind = $1 AND name = $2 AND version = $3', [
        entry.kind,
        entry.name,
        entry.version,
      ]);
      await conn.run(`INSERT INTO registry_versions (${ENTRY_COLUMNS.join(', ')}) VALUES (${marks(ENTRY_COLUMNS.length)})`, [
        entry.kind,
        entry.name,
        entry.version,
        entry.framework,
        entry.hosting,
        entry.createdOn,
        entry.datasetSha256,
        entry.source,
        entry.contentSha256,
        JSON.stringify(entry.metadata),
        JSON.stringify(entry.evalRunIds),
        entry.stage,
        sqlTimestamp(entry.registeredAt),
        entry.registeredBy,
      ] as DuckDBValue[]);
      if (options.change) await insertChange(conn, { ...options.change, auditSeq: options.change.auditSeq ?? seq });
      return seq;
    });
  }

  /**
   * Stage changes as one transaction: each version's stage set and its history row added; `audit` runs inside the
   * transaction before the commit (its record's number goes into the rows), so a change is never stored unaudited
   * and a failed audit stores nothing.
   */
  async changeStages(changes: StageChange[], audit: () => number | null = () => null): Promise<void> {
    await this.store.transaction(async (conn) => {
      const seq = audit();
      for (const c of changes) {
        await conn.run('UPDATE registry_versions SET stage = $4 WHERE kind = $1 AND name = $2 AND version = $3', [
          c.kind,
          c.name,
          c.version,
          c.to,
        ]);
        await insertChange(conn, { ...c, auditSeq: c.auditSeq ?? seq });
      }
    });
  }

  /**
   * The evaluation runs that are evidence of a version (promotionEvidence says which approve it): those linked to it,
   * and those that ran its prompt or model version.
   */
  async evidenceRuns(e: Pick<RegistryEntry, 'kind' | 'name' | 'version' | 'evalRunIds'>): Promise<EvidenceRun[]> {
    return this.store.reading('eval_runs', [], async (conn) => {
      const cols = 'run_id, created_at, dataset_sha256, dataset_version, intent, prompt_version, model_version, complete, passed, gates';
      const found = await rows(
        conn,
        `SELECT ${cols} FROM eval_runs
         WHERE ($1 = 'prompt' AND regexp_replace(prompt_version, '^[vV]', '') = regexp_replace($3, '^[vV]', '') AND (intent IS NULL OR intent = $2))
            OR ($1 = 'model' AND model_version = $3)`,
        [e.kind, e.name, e.version],
      );
      for (const id of e.evalRunIds) found.push(...(await rows(conn, `SELECT ${cols} FROM eval_runs WHERE run_id = $1`, [id])));
      const seen = new Set<string>();
      return found
        .filter((r) => !seen.has(r.run_id as string) && seen.add(r.run_id as string))
        .map((r) => ({
          runId: r.run_id as string,
          createdAt: r.created_at as Date,
          datasetSha256: r.dataset_sha256 as string,
          datasetVersion: r.dataset_version as string,
          intent: r.intent as string | null,
          promptVersion: r.prompt_version as string | null,
          modelVersion: r.model_version as string | null,
          complete: r.complete as boolean,
          passed: r.passed as boolean,
          failedGates: (JSON.parse(r.gates as string) as GateResult[])
            .filter((g) => g.blocking && g.status === 'FAIL')
            .map((g) => g.metric),
        }));
    });
  }

  /** The MLflow id a local record was logged as on a tracking server, or null. */
  async mlflowId(localKind: string, localId: string, trackingUri: string): Promise<string | null> {
    return this.store.reading('mlflow_links', null, async (conn) => {
      const [r] = await rows(conn, 'SELECT mlflow_id FROM mlflow_links WHERE local_kind = $1 AND local_id = $2 AND tracking_uri = $3', [
        localKind,
        localId,
        trackingUri,
      ]);
      return r ? (r.mlflow_id as string) : null;
    });
  }

  async saveMlflowId(localKind: string, localId: string, trackingUri: string, mlflowId: string, at: Date): Promise<void> {
    await this.store.transaction(async (conn) => {
      await conn.run('DELETE FROM mlflow_links WHERE local_kind = $1 AND local_id = $2 AND tracking_uri = $3', [
        localKind,
        localId,
        trackingUri,
      ]);
      await conn.run('INSERT INTO mlflow_links VALUES ($1, $2, $3, $4, $5)', [localKind, localId, trackingUri, mlflowId, sqlTimestamp(at)]);
    });
  }
}

async function insertChange(conn: DuckDBConnection, c: StageChange): Promise<void> {
  await conn.run(`INSERT INTO registry_stages (${STAGE_COLUMNS.join(', ')}) VALUES (${marks(STAGE_COLUMNS.length)})`, [
    c.kind,
    c.name,
    c.version,
    sqlTimestamp(c.at),
    c.from,
    c.to,
    c.who,
    c.why,
    c.evalRunId,
    c.override,
    c.auditSeq,
  ] as DuckDBValue[]);
}
