import {
  Bool,
  DateDay,
  Field,
  Float64,
  Int32,
  Int64,
  List,
  Schema,
  Table,
  TimestampMillisecond,
  Utf8,
  makeData,
  makeVector,
  vectorFromArray,
  type DataType,
  type Vector,
} from 'apache-arrow';

/**
 * The column kinds results travel in, whichever engine produced them. Each engine maps its own types to these
 * (DuckDB in duckdb-source.ts, Redshift in redshift-source.ts), and this file builds the Arrow vectors once.
 * - int64 holds BIGINT/HUGEINT counts as bigint; `tableToObjects` turns safe ones into numbers.
 * - timestamp is UTC milliseconds (sub-millisecond digits are dropped); date is a UTC calendar day.
 * - vector holds a list of numbers (DuckDB FLOAT[] and DOUBLE[]) as Float64Array, for embeddings.
 * - text holds VARCHAR and anything without a closer kind (other lists, JSON, SUPER) as text.
 */
export type ColumnKind = 'bool' | 'int32' | 'int64' | 'float64' | 'text' | 'timestamp' | 'date' | 'vector';

export interface ColumnData {
  name: string;
  kind: ColumnKind;
  /** Values already normalised: boolean, number, bigint, string, Date (timestamp/date), or null. */
  values: ArrayLike<unknown>;
}

function arrowType(kind: ColumnKind): DataType {
  switch (kind) {
    case 'bool':
      return new Bool();
    case 'int32':
      return new Int32();
    case 'int64':
      return new Int64();
    case 'float64':
      return new Float64();
    case 'timestamp':
      return new TimestampMillisecond();
    case 'date':
      return new DateDay();
    case 'text':
      return new Utf8();
    case 'vector':
      return new List(new Field('item', new Float64(), true));
  }
}

/** A list-of-numbers vector built from its flat values and offsets in one pass (Float64Array or null a row). */
function buildListVector(values: ArrayLike<unknown>): Vector {
  const n = values.length;
  const offsets = new Int32Array(n + 1);
  const valid = new Uint8Array(Math.ceil(n / 8));
  let total = 0;
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i] as ArrayLike<number> | null | undefined;
    if (v === null || v === undefined) nulls++;
    else {
      total += v.length;
      valid[i >> 3]! |= 1 << (i & 7);
    }
    offsets[i + 1] = total;
  }
  const flat = new Float64Array(total);
  for (let i = 0; i < n; i++) {
    const v = values[i] as ArrayLike<number> | null | undefined;
    if (v) flat.set(v, offsets[i]!);
  }
  const item = new Float64();
  const child = makeData({ type: item, length: total, data: flat });
  const type = new List(new Field('item', item, true));
  return makeVector(makeData({ type, length: n, nullCount: nulls, nullBitmap: valid, valueOffsets: offsets, child } as never));
}

/** Builds one Arrow vector; the float64 and int32 paths without nulls skip the generic builder. */
export function buildVector(column: ColumnData): Vector {
  const { kind, values } = column;
  const n = values.length;
  if (kind === 'vector') return buildListVector(values);
  if (kind === 'float64' || kind === 'int32') {
    let hasNull = false;
    for (let i = 0; i < n; i++)
      if (values[i] === null || values[i] === undefined) {
        hasNull = true;
        break;
      }
    if (!hasNull) {
      const data = kind === 'float64' ? new Float64Array(n) : new Int32Array(n);
      for (let i = 0; i < n; i++) data[i] = Number(values[i]);
      const type = kind === 'float64' ? new Float64() : new Int32();
      return makeVector(makeData({ type, length: n, data } as never));
    }
  }
  const type = arrowType(kind);
  const arr = Array.from(values, (v) => (v === undefined ? null : v));
  return vectorFromArray(arr as never[], type as never) as Vector;
}

/** An Arrow table from named, typed columns (all the same length). */
export function buildTable(columns: ColumnData[]): Table {
  const fields: Field[] = [];
  const vectors: Record<string, Vector> = {};
  for (const column of columns) {
    const vector = buildVector(column);
    vectors[column.name] = vector;
    fields.push(new Field(column.name, vector.type, true));
  }
  if (columns.length === 0) return new Table(new Schema([]));
  return new Table(vectors);
}

/** A safe JS value from an Arrow cell: int64 to number when it fits (string otherwise), timestamps to Date. */
export function plainValue(value: unknown, type?: DataType): unknown {
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (type && (type instanceof TimestampMillisecond || type instanceof DateDay) && typeof value === 'number') return new Date(value);
  if (value !== null && typeof value === 'object' && 'toArray' in value && typeof value.toArray === 'function')
    return (value as { toArray: () => unknown }).toArray(); // a list cell: its values (Float64Array)
  return value;
}

/** Rows as plain objects, for small aggregate results (the shape report sections and notebooks want). */
export function tableToObjects<T = Record<string, unknown>>(table: Table): T[] {
  const fields = table.schema.fields;
  const columns = fields.map((f) => table.getChild(f.name)!);
  const out: T[] = [];
  for (let r = 0; r < table.numRows; r++) {
    const row: Record<string, unknown> = {};
    fields.forEach((f, c) => {
      row[f.name] = plainValue(columns[c]!.get(r), f.type);
    });
    out.push(row as T);
  }
  return out;
}

/** One column as numbers (nulls kept as null), for the analyses that need a single column. */
export function numberColumn(table: Table, name: string): (number | null)[] {
  const vector = table.getChild(name);
  if (!vector) throw new Error(`result has no column ${name}`);
  const out: (number | null)[] = new Array(vector.length);
  for (let i = 0; i < vector.length; i++) {
    const v = vector.get(i) as unknown;
    out[i] = v === null || v === undefined ? null : Number(v);
  }
  return out;
}
