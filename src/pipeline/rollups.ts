import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCreateTable } from './contract';
import { InputError } from './errors';
import { readRollupsSessionCount, readRollupsState, readRollupsTables } from './rows/rollups';
import { paths } from './paths';
import { type ParamType, type Params, type QueryFile, type Relation } from './queries';
import { fileRelation, type Source } from './source';

/**
 * Rollups: per-session and per-value facts of an experiment's window, materialised in the warehouse by
 * `mangalab rollup refresh` so a readout aggregates sessions instead of grouping every turn. Each rollup table is
 * filled from the same relation (queries/relations/) the readout reads when there is no fresh rollup, so both paths
 * compute the same numbers; rollup_state says which window and which prices and SQL a rollup was built with.
 */

/**
 * The tables of the experiment rollup, in build order, each filled by a query in queries/rollups/ (DDL in
 * queries/rollup-schema/); `reads` names relations taken from rollups already built in this refresh. `since` is the
 * column an incremental refresh replaces rows from (a session's start, or the UTC day of its rows); a table without
 * one is rebuilt every time (the caps, from the rollup's own sessions).
 */
export const EXPERIMENT_ROLLUPS: readonly { table: string; build: string; reads?: readonly string[]; since?: 'started_at' | 'day' }[] = [
  { table: 'rollup_experiment_sessions', build: 'rollups/experiment_sessions', since: 'started_at' },
  { table: 'rollup_experiment_latency', build: 'rollups/experiment_latency', since: 'day' },
  { table: 'rollup_experiment_intents', build: 'rollups/experiment_intents', since: 'day' },
  { table: 'rollup_experiment_caps', build: 'rollups/experiment_caps', reads: ['experiment_session_facts'] },
];

/** How a refresh may work: incrementally from the newest days (the default) or in full. */
export interface RefreshOptions {
  /** Rebuild every row even when the rollup could be extended. */
  full?: boolean;
  /**
   * Sessions that started this many hours before the rollup's old end are recomputed with the new days (their late
   * turns and feedback); default 2. A session that gets turns or feedback later than that is only caught by --full.
   */
  lookbackHours?: number;
}

/** What a refresh did: the sessions the rollup holds, and whether it rebuilt everything or replaced rows from `since`. */
export interface RefreshResult {
  sessions: number;
  mode: 'full' | 'incremental';
  /** The first instant whose rows were replaced (the window's start for a full refresh). */
  since: Date;
}

/** The relations the readout queries name, each with a reading of its rollup in queries/rollups/read/. */
export const EXPERIMENT_RELATIONS = [
  'experiment_sessions',
  'experiment_session_facts',
  'experiment_feedback',
  'experiment_latency',
  'experiment_intents',
  'experiment_caps',
] as const;

const STATE_TABLE = 'rollup_state';
const ALL_TABLES = [STATE_TABLE, ...EXPERIMENT_ROLLUPS.map((r) => r.table)];

/** A window of an experiment's readout: sessions (and turns) from `from`, up to `to` (exclusive). */
export interface RollupWindow {
  from: Date;
  to: Date;
}

/** Whether a readout reads the rollup, and why not when it does not. */
export interface RollupStatus {
  used: boolean;
  /** What the readout read, in a sentence for the report. */
  reason: string;
  refreshedAt: Date | null;
}

/**
 * The digest a rollup is built with: sha256 over the price table and the text of every SQL file the rollup's numbers
 * depend on, so new prices or a changed definition make an older rollup stale rather than wrong.
 */
export function rollupDigest(source: Source): string {
  const hash = createHash('sha256').update(JSON.stringify(source.priceTable().models)); // the prices, not where the file lives
  const files = [
    ...EXPERIMENT_RELATIONS.map((r) => `relations/${r}`),
    ...EXPERIMENT_RELATIONS.map((r) => `rollups/read/${r}`),
    ...EXPERIMENT_ROLLUPS.map((r) => r.build),
  ];
  for (const f of files) hash.update(`\u0000${f}\u0000`).update(readFileSync(join(paths.queries(), `${f}.sql`), 'utf8'));
  return hash.digest('hex');
}

/** Relations read from the rollup tables (queries/rollups/read/<name>.sql), by relation name. */
function rollupReads(names: readonly string[], source: Source): Record<string, Relation> {
  return Object.fromEntries(names.map((r) => [r, fileRelation(`rollups/read/${r}`, source.engine)]));
}

/** Runs one fixed statement (the table name comes from this module's constants) with typed, bound parameters. */
async function statement(
  source: Source,
  label: string,
  sql: string,
  params: Params = {},
  types: Record<string, ParamType> = {},
): Promise<void> {
  const file: QueryFile = {
    name: label,
    path: label,
    description: label,
    withRelations: [],
    body: sql,
    params: Object.keys(params).map((name) => ({ name, type: types[name] ?? 'VARCHAR', description: name })),
  };
  await source.execute(source.prepare(file, params));
}

function ddlOf(table: string): string {
  return readFileSync(join(paths.queries(), 'rollup-schema', `${table}.sql`), 'utf8');
}

async function presentTables(source: Source): Promise<Set<string>> {
  return new Set((await readRollupsTables(source, { schema: source.schema })).map((r) => r.tableName ?? ''));
}

/**
 * The relations an experiment readout should read: its rollup when rollup_state records one built for exactly this
 * window with the current digest, otherwise none (the queries then read queries/relations/ over the raw tables).
 */
export async function experimentRelations(
  source: Source,
  experimentId: string,
  window: RollupWindow,
): Promise<{ relations: Record<string, Relation>; status: RollupStatus }> {
  const raw = (why: string): { relations: Record<string, Relation>; status: RollupStatus } => ({
    relations: {},
    status: {
      used: false,
      reason: `computed from the raw tables: ${why}; \`mangalab rollup refresh --id ${experimentId}\` builds a rollup for this window`,
      refreshedAt: null,
    },
  });
  const present = await presentTables(source);
  const missing = ALL_TABLES.filter((t) => !present.has(t));
  if (missing.length > 0) return raw(`no rollup tables in the source (${missing.join(', ')} missing)`);
  const [state] = await readRollupsState(source, { experiment_id: experimentId });
  if (!state?.fromTs || !state.toTs || !state.refreshedAt) return raw('the experiment has no rollup');
  if (state.fromTs.getTime() !== window.from.getTime() || state.toTs.getTime() !== window.to.getTime()) {
    return raw(
      `its rollup covers ${state.fromTs.toISOString()} to ${state.toTs.toISOString()}, the readout ${window.from.toISOString()} to ${window.to.toISOString()}`,
    );
  }
  if (state.digest !== rollupDigest(source)) return raw('its rollup was built with other prices or another version of the rollup SQL');
  const relations = rollupReads(EXPERIMENT_RELATIONS, source);
  return {
    relations,
    status: { used: true, reason: `read from the rollup refreshed ${state.refreshedAt.toISOString()}`, refreshedAt: state.refreshedAt },
  };
}

/**
 * What a scratch rollup builds: the rollup tables that several of a readout's queries read (the per-session facts and
 * the caps), and the relations they then serve. The per-day latency and intent rows are read by one query each, so
 * building them first would only add a pass; those queries read their relations over the raw tables (and over the
 * scratch sessions).
 */
const SCRATCH_TABLES = ['rollup_experiment_sessions', 'rollup_experiment_caps'];
const SCRATCH_RELATIONS = ['experiment_sessions', 'experiment_session_facts', 'experiment_feedback', 'experiment_caps'] as const;

/**
 * The experiment rollup for one window built in the source's scratch tables (./source.ts), when the engine has them and
 * the warehouse holds no fresh rollup: the same build queries fill tables of the rollup's names that shadow the
 * warehouse's for this connection, so the readout groups each session's turns once instead of in each of its queries,
 * with the very numbers the raw tables give. Only the tables several queries read are built (SCRATCH_TABLES).
 * `release` drops them; call it when the readout is done (in a finally), since until then they stand in for the
 * warehouse's rollup tables on this connection. Returns null where the engine has no scratch tables.
 */
export async function scratchRollup(
  source: Source,
  experimentId: string,
  window: RollupWindow,
): Promise<{ relations: Record<string, Relation>; release: () => Promise<void> } | null> {
  const scratch = source.scratch;
  if (!scratch) return null;
  const made: string[] = [];
  const release = async () => {
    for (const table of made.reverse()) await scratch.drop(table);
  };
  try {
    const params = { experiment_id: experimentId, from_ts: window.from, to_ts: window.to };
    for (const rollup of EXPERIMENT_ROLLUPS.filter((r) => SCRATCH_TABLES.includes(r.table))) {
      const relations = rollupReads(rollup.reads ?? [], source);
      made.push(rollup.table);
      await scratch.create(rollup.table, source.prepare(rollup.build, params, { relations }));
    }
  } catch (e) {
    await release();
    throw e;
  }
  const relations = rollupReads(SCRATCH_RELATIONS, source);
  return { relations, release };
}

/**
 * Materialises an experiment's rollup for a window: creates missing rollup tables, removes the experiment's state
 * row first (readers fall back to the raw tables meanwhile), replaces its rows in each rollup table, and writes the
 * state row last. Returns the sessions the rollup holds.
 */
export async function refreshExperimentRollup(
  source: Source,
  experimentId: string,
  window: RollupWindow,
  now: Date,
  options: RefreshOptions = {},
): Promise<RefreshResult> {
  const present = await presentTables(source);
  for (const table of ALL_TABLES.filter((t) => !present.has(t))) {
    await statement(source, `queries/rollup-schema/${table}.sql`, ddlOf(table));
  }
  const since = options.full ? null : await incrementalSince(source, experimentId, window, options.lookbackHours ?? 2);
  const id = { experiment_id: experimentId };
  // One transaction: a refresh killed or failed midway leaves the previous rollup as it was, on either engine.
  const sessions = await source.transaction(() => replaceRows(source, experimentId, window, now, id, since));
  return { sessions, mode: since ? 'incremental' : 'full', since: since?.days ?? window.from };
}

/** Where an extension starts: `lookbackHours` before the old end for sessions, midnight (UTC) of that day for the daily rows. */
interface Since {
  sessions: Date;
  days: Date;
}

/**
 * Where an incremental refresh can start: `lookbackHours` before the end of the rollup that rollup_state records (for
 * the per-session rows) and midnight (UTC) of that day (for the per-day rows), when that rollup starts where the window
 * does, ends no later, and has the current digest; null (refresh in full) otherwise or when that midnight is not after
 * the window's start.
 */
async function incrementalSince(source: Source, experimentId: string, window: RollupWindow, lookbackHours: number): Promise<Since | null> {
  if (!(lookbackHours >= 0)) throw new InputError('--lookback-hours', `must be a non-negative number, got ${lookbackHours}`);
  const [state] = await readRollupsState(source, { experiment_id: experimentId });
  if (!state?.fromTs || !state.toTs) return null;
  if (state.fromTs.getTime() !== window.from.getTime() || state.toTs.getTime() > window.to.getTime()) return null;
  if (state.digest !== rollupDigest(source)) return null;
  const back = new Date(state.toTs.getTime() - lookbackHours * 3_600_000);
  const midnight = new Date(Date.UTC(back.getUTCFullYear(), back.getUTCMonth(), back.getUTCDate()));
  return midnight > window.from ? { sessions: back, days: midnight } : null;
}

/**
 * The refresh's statements: state row out, each rollup table's rows replaced (all of them, or from `since` on for a
 * table that can be extended), state row in (its sessions returned).
 */
async function replaceRows(
  source: Source,
  experimentId: string,
  window: RollupWindow,
  now: Date,
  id: { experiment_id: string },
  since: Since | null,
): Promise<number> {
  await statement(
    source,
    `clear ${STATE_TABLE}`,
    `DELETE FROM ${STATE_TABLE} WHERE rollup = 'experiment' AND experiment_id = :experiment_id`,
    id,
  );
  const params = { experiment_id: experimentId, from_ts: window.from, to_ts: window.to };
  for (const rollup of EXPERIMENT_ROLLUPS) {
    const from = since && rollup.since ? (rollup.since === 'day' ? since.days : since.sessions) : null;
    if (from) {
      // Rows from `from` on are replaced by the build query over [from, to): sessions that started from then, or the
      // turns and ratings of whole days from a midnight (so the day column and the start agree on which rows go).
      const type = rollup.since === 'day' ? 'DATE' : 'TIMESTAMP';
      await statement(
        source,
        `clear ${rollup.table} from ${from.toISOString()}`,
        `DELETE FROM ${rollup.table} WHERE experiment_id = :experiment_id AND ${rollup.since} >= CAST(:since AS ${type})`,
        { ...id, since: from },
        { since: 'TIMESTAMP' },
      );
    } else {
      await statement(source, `clear ${rollup.table}`, `DELETE FROM ${rollup.table} WHERE experiment_id = :experiment_id`, id);
    }
    const relations = rollupReads(rollup.reads ?? [], source);
    const prepared = source.prepare(rollup.build, from ? { ...params, from_ts: from } : params, { relations });
    const columns = parseCreateTable(ddlOf(rollup.table), rollup.table)
      .columns.map((c) => c.name)
      .join(', ');
    const declared = (prepared.file.returns ?? []).map((r) => r.name).join(', ');
    if (declared !== columns)
      throw new InputError(prepared.file.path, `returns ${declared} (-- @returns), but ${rollup.table} has ${columns}`);
    // The INSERT returns a count, not the rows the file declares.
    await source.execute({
      ...prepared,
      file: { ...prepared.file, returns: undefined },
      sql: `INSERT INTO ${rollup.table} (${columns})\n${prepared.sql}`,
    });
  }
  const [count] = await readRollupsSessionCount(source, id);
  const sessions = Number(count?.sessions ?? 0);
  await statement(
    source,
    `record ${STATE_TABLE}`,
    `INSERT INTO ${STATE_TABLE} (rollup, experiment_id, from_ts, to_ts, digest, sessions, refreshed_at)
     VALUES ('experiment', :experiment_id, CAST(:from_ts AS TIMESTAMP), CAST(:to_ts AS TIMESTAMP), :digest, CAST(:sessions AS BIGINT), CAST(:refreshed_at AS TIMESTAMP))`,
    { ...params, digest: rollupDigest(source), sessions, refreshed_at: now },
    { from_ts: 'TIMESTAMP', to_ts: 'TIMESTAMP', sessions: 'INTEGER', refreshed_at: 'TIMESTAMP' },
  );
  return sessions;
}
