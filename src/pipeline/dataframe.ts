import type { Table } from 'apache-arrow';
import { plainValue } from './arrow';

/** The minimal constructor shape of danfojs' DataFrame, so this file does not load danfojs itself. */
export type DataFrameCtor<T> = new (data: Record<string, unknown[]>, options?: { columns?: string[] }) => T;

/**
 * An Arrow table as a danfojs DataFrame, column by column (no row objects). int64 becomes number when safe,
 * timestamps become ISO text (danfojs has no timestamp dtype), NULL stays null.
 * @example
 * const df = toDataFrame(dfd.DataFrame, table); df.print();
 */
export function toDataFrame<T>(DataFrame: DataFrameCtor<T>, table: Table): T {
  const data: Record<string, unknown[]> = {};
  for (const field of table.schema.fields) {
    const vector = table.getChild(field.name)!;
    const values = new Array<unknown>(vector.length);
    for (let i = 0; i < vector.length; i++) {
      const v = plainValue(vector.get(i), field.type);
      values[i] = v instanceof Date ? v.toISOString() : v;
    }
    data[field.name] = values;
  }
  return new DataFrame(data, { columns: table.schema.fields.map((f) => f.name) });
}
