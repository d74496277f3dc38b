import { DuckDBInstance, DuckDBTypeId, type DuckDBConnection, type DuckDBType } from '@duckdb/node-api';
import type { Table } from 'apache-arrow';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { buildTable, type ColumnKind } from './arrow';
import { loadContract, type Contract } from './contract';
import { csvRecordLine, readCsvHeader } from './csv';
import { InputError } from './errors';
import type { PreparedQuery } from './queries';
import { BaseSource, type QueryOptions, type ScratchTables, type SourceColumns } from './source';

/** DuckDB type -> the column kind results travel in (see arrow.ts). */
export function duckdbKind(type: DuckDBType): ColumnKind {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return 'bool';
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
      return 'int32';
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      return 'int64';
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.DECIMAL:
      return 'float64';
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return 'timestamp';
    case DuckDBTypeId.DATE:
      return 'date';
    case DuckDBTypeId.LIST: {
      const child = (type as { valueType?: DuckDBType }).valueType?.typeId;
      return child === DuckDBTypeId.FLOAT || child === DuckDBTypeId.DOUBLE ? 'vector' : 'text';
    }
    default:
      return 'text';
  }
}

/** A DuckDB value -> the normalised JS value of its kind. */
export function duckdbValue(value: unknown, kind: ColumnKind): unknown {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'int64':
      return typeof value === 'bigint' ? value : BigInt(value as number);
    case 'int32':
    case 'bool':
      return value;
    case 'float64':
      return typeof value === 'number' ? value : Number(String(value));
    case 'timestamp': {
      const v = value as { micros?: bigint; millis?: bigint; seconds?: bigint; nanos?: bigint };
      if (v.micros !== undefined) return new Date(Number(v.micros / 1000n));
      if (v.millis !== undefined) return new Date(Number(v.millis));
      if (v.seconds !== undefined) return new Date(Number(v.seconds) * 1000);
      if (v.nanos !== undefined) return new Date(Number(v.nanos / 1_000_000n));
      return new Date(String(value));
    }
    case 'date':
      return new Date((value as { days: number }).days * 86_400_000);
    case 'text':
      return typeof value === 'string' ? value : String(value);
    case 'vector':
      return Float64Array.from((value as { items: (number | null)[] }).items, (x) => (x === null ? NaN : x));
  }
}

/** Quotes an identifier for DuckDB DDL (the only place names, never values, enter SQL text). */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quotes a file path as a SQL string literal for DuckDB's readers (table functions cannot take bound paths in views). */
export function pathLiteral(path: string): string {
  return `'${path.replace(/'/g, "''")}'`;
}

interface MountedTable {
  table: string;
  format: 'parquet' | 'csv';
  files: string;
}

/**
 * The embedded engine: a .duckdb file (opened read-only), or a folder of <table>.parquet / <table>.csv files,
 * or <table>/ folders of parts as a Redshift UNLOAD writes them, mounted as views cast to the contract's types.
 */
export class DuckDBSource extends BaseSource {
  readonly engine = 'duckdb' as const;
  readonly description: string;
  private mounted: MountedTable[] = [];

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    description: string,
    priceFile?: string,
    private readonly owner = true,
  ) {
    super(priceFile);
    this.description = description;
  }

  /**
   * A second connection to the same instance (views of a mounted folder included) pricing with this source's price
   * table; its close leaves the instance open.
   */
  async fork(): Promise<DuckDBSource> {
    const forked = new DuckDBSource(this.instance, await this.instance.connect(), this.description, undefined, false);
    forked.mounted = this.mounted;
    forked.sharePrices(this);
    return forked;
  }

  /**
   * Opens a source. @throws InputError when the path is missing, not a DuckDB database, or a folder with no
   * contract tables in it.
   */
  static async open(path: string, options: { priceFile?: string; contract?: Contract; readWrite?: boolean } = {}): Promise<DuckDBSource> {
    const full = resolve(path);
    if (!existsSync(full))
      throw new InputError(path, 'source not found (expected a .duckdb file or a folder of <table>.parquet/.csv files)');
    if (statSync(full).isDirectory()) {
      const instance = await DuckDBInstance.create(':memory:');
      const connection = await instance.connect();
      const source = new DuckDBSource(instance, connection, full, options.priceFile);
      await source.mountFolder(full, options.contract ?? loadContract());
      return source;
    }
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(full, options.readWrite ? {} : { access_mode: 'READ_ONLY' });
    } catch (e) {
      throw new InputError(path, `cannot open as a DuckDB database: ${firstLine(e)}`);
    }
    const connection = await instance.connect();
    return new DuckDBSource(instance, connection, full, options.priceFile);
  }

  /** An in-memory database, for tests and for building warehouses. */
  static async memory(priceFile?: string): Promise<DuckDBSource> {
    const instance = await DuckDBInstance.create(':memory:');
    return new DuckDBSource(instance, await instance.connect(), ':memory:', priceFile);
  }

  get conn(): DuckDBConnection {
    return this.connection;
  }

  /** TEMP tables of this connection (a read-only database takes them too); they shadow main's tables of the same name. */
  readonly scratch: ScratchTables = {
    create: async (table, prepared) => {
      await this.run({ ...prepared, sql: `CREATE OR REPLACE TEMP TABLE ${ident(table)} AS\n${prepared.sql}` });
    },
    drop: async (table) => {
      await this.connection.run(`DROP TABLE IF EXISTS temp.main.${ident(table)}`);
    },
  };

  private async mountFolder(dir: string, contract: Contract): Promise<void> {
    const entries = readdirSync(dir);
    for (const table of contract) {
      const found = findTableFiles(dir, entries, table.name);
      if (!found) continue;
      const reader =
        found.format === 'parquet' ? `read_parquet(${pathLiteral(found.files)}, union_by_name = true)` : csvReader(found.files);
      try {
        await this.connection.run(`CREATE VIEW ${ident(`_raw_${table.name}`)} AS SELECT * FROM ${reader}`);
      } catch (e) {
        throw new InputError(found.files, `cannot read as ${found.format}: ${firstLine(e)}`);
      }
      const raw = await this.connection.runAndReadAll(`DESCRIBE ${ident(`_raw_${table.name}`)}`);
      const rawColumns = raw.getRowObjects().map((r) => String(r.column_name));
      const casts = table.columns
        .filter((c) => rawColumns.includes(c.name))
        .map((c) => `CAST(${ident(c.name)} AS ${c.type}) AS ${ident(c.name)}`);
      const extras = rawColumns.filter((c) => !table.columns.some((tc) => tc.name === c)).map(ident);
      const select = [...casts, ...extras].join(', ') || '*';
      await this.connection.run(`CREATE VIEW ${ident(table.name)} AS SELECT ${select} FROM ${ident(`_raw_${table.name}`)}`);
      this.mounted.push({ table: table.name, format: found.format, files: found.files });
    }
    if (this.mounted.length === 0) {
      throw new InputError(dir, `no contract table found (expected files such as requests.parquet or requests.csv)`);
    }
  }

  protected async run(prepared: PreparedQuery, options: QueryOptions = {}): Promise<Table> {
    if (options.signal?.aborted) throw new Error('query aborted before it started');
    const onAbort = () => this.connection.interrupt();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    let reader: Awaited<ReturnType<DuckDBConnection['runAndReadAll']>>;
    try {
      reader = await this.connection.runAndReadAll(prepared.sql, prepared.params as Record<string, string>);
    } catch (e) {
      // The engine refused the SQL or its data: an input problem (bad query file, bad source), named as such.
      if (options.signal?.aborted) throw new Error(`query ${prepared.file.name} aborted`, { cause: e });
      if (this.mounted.some((m) => m.format === 'csv') && /CSV Error on Line/.test(String(e))) throw readError(e, this.description, 'csv');
      throw new InputError(`query ${prepared.file.name}`, `failed on ${this.description}: ${firstLine(e)}`);
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
    const kinds = reader.columnTypes().map(duckdbKind);
    const columns = reader.getColumns();
    return buildTable(
      reader.columnNames().map((name, i) => {
        const kind = kinds[i]!;
        const raw = columns[i] ?? []; // an empty result has no column arrays
        const values =
          kind === 'int32' || kind === 'bool' || (kind === 'float64' && raw.every((v) => typeof v === 'number' || v === null))
            ? raw
            : raw.map((v) => duckdbValue(v, kind));
        return { name, kind, values };
      }),
    );
  }

  async columns(): Promise<SourceColumns> {
    const rows = (
      await this.connection.runAndReadAll(
        `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'main' ORDER BY table_name, ordinal_position`,
      )
    ).getRowObjects();
    const out: SourceColumns = new Map();
    const rawTables = new Set(this.mounted.map((m) => `_raw_${m.table}`));
    for (const row of rows) {
      let table = String(row.table_name);
      // Mounted folders: what matters is what the files hold, before the casts.
      if (this.mounted.length > 0) {
        if (!rawTables.has(table)) continue;
        table = table.slice('_raw_'.length);
      }
      if (!out.has(table)) out.set(table, new Map());
      out.get(table)!.set(String(row.column_name), String(row.data_type));
    }
    return out;
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.connection.run('BEGIN TRANSACTION');
    try {
      const out = await fn();
      await this.connection.run('COMMIT');
      return out;
    } catch (e) {
      await this.connection.run('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }

  /**
   * Reads every mounted file to its end, so that a cut or malformed file is found before any report is computed.
   * @throws InputError naming the file, the line and what is wrong with it.
   */
  async checkReadable(): Promise<void> {
    for (const m of this.mounted) {
      try {
        await this.connection.runAndReadAll(`SELECT count(*) FROM ${ident(`_raw_${m.table}`)}`);
      } catch (e) {
        throw readError(e, m.files, m.format);
      }
    }
  }

  async countUnreadable(table: string, column: string, type: string): Promise<number | undefined> {
    const relation = this.mounted.length > 0 ? `_raw_${table}` : table;
    const reader = await this.connection.runAndReadAll(
      `SELECT count(*) AS n FROM ${ident(relation)} WHERE ${ident(column)} IS NOT NULL AND TRY_CAST(${ident(column)} AS ${type}) IS NULL`,
    );
    return Number(reader.getRows()[0]![0]);
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    if (this.owner) this.instance.closeSync();
  }
}

/**
 * DuckDB's CSV reader for a file (or a glob of part files) with the dialect fixed (comma, double quotes, a header) and
 * the header's columns read as text: nothing is sniffed, so a cut last line is an error with its line number rather
 * than a reason to guess another dialect (which turned a truncated file into one column).
 * @throws InputError naming a part file whose header differs from the first's.
 */
function csvReader(files: string): string {
  const list = files.endsWith('*.csv')
    ? readdirSync(dirname(files))
        .filter((f) => f.endsWith('.csv'))
        .sort()
        .map((f) => join(dirname(files), f))
    : [files];
  const header = readCsvHeader(list[0]!);
  for (const file of list.slice(1)) {
    if (readCsvHeader(file).join('\u0000') !== header.join('\u0000'))
      throw new InputError(file, `its header differs from that of ${list[0]}`, 'line 1');
  }
  const columns = `{${header.map((h) => `${pathLiteral(h)}: 'VARCHAR'`).join(', ')}}`;
  return `read_csv(${pathLiteral(files)}, auto_detect = false, header = true, delim = ',', quote = '"', escape = '"', columns = ${columns})`;
}

/**
 * An engine error reading mounted files as one input error: the file, the line and the problem (DuckDB's CSV errors
 * carry them; the offending line's text is left out, since it is warehouse data).
 */
function readError(e: unknown, files: string, format: 'parquet' | 'csv'): InputError {
  const message = e instanceof Error ? e.message : String(e);
  const line = /CSV Error on Line: (\d+)/.exec(message)?.[1];
  const file = /^\s*file = (.+)$/m.exec(message)?.[1]?.trim() ?? files;
  const columns = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(message);
  const problem = columns
    ? `${columns[2]} fields where the header has ${columns[1]} (is the file cut short?)`
    : /unterminated quote/i.test(message)
      ? 'a quoted field that never closes (is the file cut short?)'
      : `cannot read as ${format}: ${(line ? message.split('\n').find((l) => l.trim() && !/CSV Error on Line|Original Line/.test(l)) : undefined) ?? firstLine(e)}`;
  // DuckDB counts records; an editor counts lines, which differ once a quoted field holds a line break.
  const physical = line && existsSync(file) ? csvRecordLine(file, Number(line)) : null;
  return new InputError(file, problem, line ? `line ${physical ?? line}` : '');
}

function findTableFiles(dir: string, entries: string[], table: string): { format: 'parquet' | 'csv'; files: string } | undefined {
  for (const format of ['parquet', 'csv'] as const) {
    if (entries.includes(`${table}.${format}`)) return { format, files: join(dir, `${table}.${format}`) };
  }
  // UNLOAD writes parts into a folder per table: requests/0000_part_00.parquet ...
  if (entries.includes(table) && statSync(join(dir, table)).isDirectory()) {
    const parts = readdirSync(join(dir, table));
    if (parts.some((p) => p.endsWith('.parquet'))) return { format: 'parquet', files: join(dir, table, '*.parquet') };
    if (parts.some((p) => p.endsWith('.csv'))) return { format: 'csv', files: join(dir, table, '*.csv') };
  }
  return undefined;
}

export function firstLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.split('\n')[0]!.trim();
}
