import type { Table } from 'apache-arrow';
import { loadPrices, priceRelation, pricedRequestsRelation, type PriceTable } from './prices';
import { InputError } from './errors';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { paths } from './paths';
import { checkResultColumns } from './result-columns';
import {
  expandRedactions,
  loadQuery,
  prepareQuery,
  selectDialect,
  type DialectSettings,
  type Engine,
  type Params,
  type PreparedQuery,
  type QueryFile,
  type Relation,
} from './queries';

export interface QueryOptions {
  /** Cancels the query; the Redshift source also cancels the statement on the cluster. */
  signal?: AbortSignal;
  /** Relations the query names with `-- @with` beyond model_prices (what-if prices, routings). */
  relations?: Record<string, Relation>;
}

/** The columns a source holds, as engine type names: table -> column -> type. */
export type SourceColumns = Map<string, Map<string, string>>;

/**
 * Where the data lives. Every analysis reads through this interface, so the same job runs on the embedded
 * DuckDB sample, a folder of UNLOAD files, or Redshift.
 */
export interface Source {
  readonly engine: Engine;
  /** What to print in a report's `source` field: a path or cluster/database, never a secret. */
  readonly description: string;
  /** The schema holding the warehouse tables (DuckDB: main; Redshift: its `schema=` setting, default public). */
  readonly schema: string;
  /** Runs a query from queries/ (by name) or a .sql file, with named parameters; results as Apache Arrow. */
  query(nameOrPath: string, params?: Params, options?: QueryOptions): Promise<Table>;
  /** A query file made ready for this engine, relations prepended and parameters bound, without running it. */
  prepare(query: string | QueryFile, params?: Params, options?: QueryOptions): PreparedQuery;
  /** Runs SQL already prepared for this engine (ad hoc tools, benchmarks, rollup refreshes). */
  execute(prepared: PreparedQuery, options?: QueryOptions): Promise<Table>;
  /** The tables and columns present, for `mangalab validate`. */
  columns(): Promise<SourceColumns>;
  /**
   * For a column stored as text where the contract wants another type: how many non-null values cannot be read
   * as that type. Engines that cannot tell cheaply return undefined.
   */
  countUnreadable?(table: string, column: string, type: string): Promise<number | undefined>;
  /**
   * Runs `fn`'s statements as one transaction: all of them take effect or none, a process killed midway included
   * (DuckDB: BEGIN/COMMIT on the connection; Redshift: one Data API session, whose open transaction is rolled back
   * when the session ends). Statements inside run one at a time.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** Reads files to their end where the source is a folder of files, so `validate` finds a cut file (InputError). */
  checkReadable?(): Promise<void>;
  /** The price table the source prices requests with (config/prices.json unless another was given). */
  priceTable(): PriceTable;
  /**
   * Scratch tables of this connection, where the engine has them (DuckDB: TEMP tables, which shadow a warehouse table
   * of the same name until dropped and vanish with the connection): a job that reads one relation in several queries
   * fills it once. Undefined elsewhere; the job then reads the relation in each query.
   */
  readonly scratch?: ScratchTables;
  /**
   * Another connection to the same data, for work run side by side with this connection's (the weekly job's parts).
   * Its scratch tables are its own; closing it leaves this source open. Undefined where the engine offers none.
   */
  fork?(): Promise<Source>;
  close(): Promise<void>;
}

/** See Source.scratch. */
export interface ScratchTables {
  /** Creates (or replaces) `table` holding the prepared query's rows. */
  create(table: string, prepared: PreparedQuery): Promise<void>;
  /** Drops `table` if this connection made it; the warehouse's own table of that name is never touched. */
  drop(table: string): Promise<void>;
}

/**
 * A query file made ready for an engine without a connection: its dialect chosen, its relations prepended (the price
 * relation from `prices`), its placeholders rewritten and its parameters bound. What `BaseSource.prepare` runs, and
 * what `mangalab query --dry-run` prints.
 * @throws InputError for an unknown query, a missing or undeclared parameter, or a relation it cannot be given.
 */
export function prepareFor(
  engine: Engine,
  query: string | QueryFile,
  params: Params,
  options: QueryOptions,
  prices: () => PriceTable,
  settings: DialectSettings = {},
): PreparedQuery {
  const file = typeof query === 'string' ? loadQuery(query) : query;
  const relations: Record<string, Relation> = { ...options.relations };
  if (file.withRelations.includes('model_prices') && !relations.model_prices) {
    relations.model_prices = priceRelation(prices());
  }
  if (file.withRelations.includes('priced_requests') && !relations.priced_requests) {
    if (
      file.withRelations.indexOf('model_prices') < 0 ||
      file.withRelations.indexOf('model_prices') > file.withRelations.indexOf('priced_requests')
    ) {
      throw new InputError(file.path, '-- @with priced_requests reads model_prices: declare -- @with model_prices before it');
    }
    relations.priced_requests = pricedRequestsRelation();
  }
  for (const name of file.withRelations) {
    const relFile = file.relationFiles?.[name] ?? name;
    if (!relations[name] && existsSync(join(paths.queries(), 'relations', `${relFile}.sql`)))
      relations[name] = fileRelation(`relations/${relFile}`, engine);
  }
  return prepareQuery(file, engine, params, relations, settings);
}

/** What the sources share: query files are loaded, checked and given the price relation here, once. */
export abstract class BaseSource implements Source {
  abstract readonly engine: Engine;
  abstract readonly description: string;
  readonly schema: string = 'main';
  private prices: PriceTable | undefined;

  constructor(private readonly priceFile?: string) {}

  priceTable(): PriceTable {
    this.prices ??= loadPrices(this.priceFile);
    return this.prices;
  }

  /** Prices with `other`'s table (a forked connection), so every part of one job prices with the very same table. */
  protected sharePrices(other: BaseSource): void {
    this.prices = other.priceTable();
  }

  async query(nameOrPath: string, params: Params = {}, options: QueryOptions = {}): Promise<Table> {
    return this.execute(this.prepare(nameOrPath, params, options), options);
  }

  /** How this source stores what the dialects differ on (Redshift: embeddings as SUPER or JSON text). */
  protected dialectSettings(): DialectSettings {
    return {};
  }

  /** A query file made ready for this engine with the relations it names (what `query` runs). */
  prepare(query: string | QueryFile, params: Params = {}, options: QueryOptions = {}): PreparedQuery {
    return prepareFor(this.engine, query, params, options, () => this.priceTable(), this.dialectSettings());
  }

  /** Runs the prepared SQL and checks the result against the columns its file declares (`-- @returns`). */
  async execute(prepared: PreparedQuery, options: QueryOptions = {}): Promise<Table> {
    const table = await this.run(prepared, options);
    checkResultColumns(prepared.file, table);
    return table;
  }

  /** The engine's own execution of prepared SQL, results as Arrow. */
  protected abstract run(prepared: PreparedQuery, options?: QueryOptions): Promise<Table>;
  abstract columns(): Promise<SourceColumns>;
  abstract transaction<T>(fn: () => Promise<T>): Promise<T>;
  abstract close(): Promise<void>;
}

/**
 * A relation kept as SQL in a query file (queries/relations/<name>.sql for queries that name it with `-- @with <name>`,
 * or one a job puts in its place): its body (dialect chosen, @redact_pii expanded) becomes a leading CTE. Its
 * placeholders bind to the including query's parameters, which must declare them.
 */
export function fileRelation(queryName: string, engine: Engine): Relation {
  const rel = loadQuery(queryName);
  return { cte: expandRedactions(selectDialect(rel.body, engine, rel.path), engine, rel.path).trim(), params: {} };
}
