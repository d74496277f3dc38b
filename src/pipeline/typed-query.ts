import type { Table } from 'apache-arrow';
import { plainValue } from './arrow';
import type { Params, ReturnSpec, ReturnType } from './queries';
import type { QueryOptions, Source } from './source';

/** The TypeScript type a declared column decodes to (every column may be NULL). */
export const TS_TYPES: Record<ReturnType, string> = {
  BOOLEAN: 'boolean',
  INTEGER: 'number',
  BIGINT: 'number',
  DOUBLE: 'number',
  VARCHAR: 'string',
  TIMESTAMP: 'Date',
  DATE: 'Date',
  'DOUBLE[]': 'Float64Array',
};

/** snake_case column name to the camelCase field a typed row carries. */
export function fieldName(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * A typed row back under its columns' names (the inverse of fieldName for the names queries use), for outputs that
 * show a query's row as the warehouse names it: `mangalab trace ID --format json`.
 */
export function asColumns(row: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]));
}

function decode(value: unknown, type: ReturnType, column: string, file: string): unknown {
  if (value === null || value === undefined) return null;
  const v = plainValue(value);
  switch (type) {
    case 'INTEGER':
    case 'BIGINT':
    case 'DOUBLE': {
      if (typeof v === 'number') return v;
      const n = Number(v); // a bigint past 2^53 arrives as its digits
      if (type !== 'DOUBLE' && !Number.isSafeInteger(n))
        throw new RangeError(`${file}: column ${column} holds ${String(v)}, past the integers a number keeps exactly`);
      return n;
    }
    case 'TIMESTAMP':
    case 'DATE':
      return v instanceof Date ? v : new Date(Number(v));
    case 'BOOLEAN':
      return Boolean(v);
    case 'VARCHAR':
      return String(v);
    case 'DOUBLE[]':
      return numberList(v, column, file);
  }
}

/** A list cell as numbers: an Arrow list (DuckDB) or JSON array text (Redshift); a null element reads as NaN. */
function numberList(v: unknown, column: string, file: string): Float64Array {
  if (v instanceof Float64Array) return v;
  if (typeof v === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(v);
    } catch {
      throw new RangeError(`${file}: column ${column} holds text that is not a JSON array of numbers`);
    }
    if (!Array.isArray(parsed)) throw new RangeError(`${file}: column ${column} holds JSON that is not an array`);
    return Float64Array.from(parsed, (x) => (typeof x === 'number' ? x : x === null ? NaN : Number(x)));
  }
  const items = v as { toArray?: () => ArrayLike<number | null> };
  if (typeof items.toArray === 'function') return Float64Array.from(items.toArray(), (x) => (x === null ? NaN : Number(x)));
  throw new RangeError(`${file}: column ${column} holds ${typeof v}, not a list of numbers`);
}

/**
 * A result as typed rows: one object a row with a camelCase field per declared column (`-- @returns`), values of
 * the declared type or null. The runner has already held the result to the declarations, so every column is there.
 */
export function decodeRows<T>(returns: ReturnSpec[], table: Table, file = 'query'): T[] {
  const columns = returns.map((r) => ({ spec: r, field: fieldName(r.name), vector: table.getChild(r.name) }));
  const out: T[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const row: Record<string, unknown> = {};
    for (const c of columns) row[c.field] = c.vector ? decode(c.vector.get(i), c.spec.type, c.spec.name, file) : null;
    out.push(row as T);
  }
  return out;
}

/** A query's typed reader: runs it on a source and returns its rows as `T` (see decodeRows). */
export type QueryReader<T> = (source: Source, params?: Params, options?: QueryOptions) => Promise<T[]>;

/** The typed reader of the query file `name` under queries/; src/pipeline/query-rows.ts declares one per query. */
export function reader<T>(name: string): QueryReader<T> {
  return async (source, params = {}, options = {}) => {
    // One read of the query file: the prepared query carries the declarations the result was checked against.
    const prepared = source.prepare(name, params, options);
    return decodeRows<T>(prepared.file.returns ?? [], await source.execute(prepared, options), name);
  };
}

/** The identifier part of a query name: cost/attribution -> CostAttribution. */
function pascal(name: string): string {
  return name
    .split(/[/_-]/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/**
 * The files of src/pipeline/rows/, one per folder of queries/ (relations aside, which no job reads by themselves):
 * for every query file a row interface from its `-- @returns` lines and its typed reader. scripts/declare-returns.ts
 * writes them and a test holds them to the declarations, so the column names of queries/ appear in TypeScript only there.
 */
export function renderQueryRows(files: { name: string; returns?: ReturnSpec[] }[]): Record<string, string> {
  const bodies = new Map<string, string[]>();
  const imports = new Map<string, Set<string>>();
  // A query that returns exactly the columns of an earlier one (a rollup read and its build) shares its row type.
  const bySignature = new Map<string, { folder: string; id: string }>();
  for (const f of files.filter((x) => !x.name.startsWith('relations/'))) {
    const folder = f.name.split('/')[0]!;
    if (!bodies.has(folder)) {
      bodies.set(folder, []);
      imports.set(folder, new Set());
    }
    const out = bodies.get(folder)!;
    const id = pascal(f.name);
    const fields = (f.returns ?? []).map((r) => `  ${fieldName(r.name)}: ${TS_TYPES[r.type]} | null;`);
    const signature = fields.join('\n');
    const same = bySignature.get(signature);
    out.push(`/** A row of queries/${f.name}.sql. */`);
    if (same) {
      if (same.folder !== folder) imports.get(folder)!.add(`import type { ${same.id}Row } from './${same.folder}';`);
      out.push(`export type ${id}Row = ${same.id}Row;`);
    } else {
      bySignature.set(signature, { folder, id });
      out.push(`export interface ${id}Row {`, ...fields, '}');
    }
    out.push(`export const read${id} = reader<${id}Row>('${f.name}');`, '');
  }
  return Object.fromEntries(
    [...bodies].map(([folder, lines]) => [
      `${folder}.ts`,
      [
        `// Generated by scripts/declare-returns.ts from the -- @returns lines of queries/${folder}/; do not edit (a test checks it).`,
        '// One typed reader per query: the only place in TypeScript where a result column is named.',
        "import { reader } from '../typed-query';",
        ...[...imports.get(folder)!].sort(),
        '',
        ...lines,
      ].join('\n'),
    ]),
  );
}
