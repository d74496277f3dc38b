import { DataType, type Table } from 'apache-arrow';
import { InputError } from './errors';
import type { QueryFile, ReturnType } from './queries';

/** The declared type an Arrow column of this type satisfies (numbers are one family; see ReturnType). */
function satisfies(declared: ReturnType, type: DataType): boolean {
  switch (declared) {
    case 'BOOLEAN':
      return DataType.isBool(type);
    case 'INTEGER':
    case 'BIGINT':
    case 'DOUBLE':
      return DataType.isInt(type) || DataType.isFloat(type) || DataType.isDecimal(type);
    case 'VARCHAR':
      return DataType.isUtf8(type) || DataType.isLargeUtf8(type);
    case 'TIMESTAMP':
      return DataType.isTimestamp(type);
    case 'DATE':
      return DataType.isDate(type) || DataType.isTimestamp(type);
    case 'DOUBLE[]': // a list (DuckDB) or its JSON array text (Redshift SUPER or JSON text)
      return DataType.isList(type) || DataType.isUtf8(type) || DataType.isLargeUtf8(type);
  }
}

/** An Arrow type in the words of the declarations, for messages. */
export function describeArrowType(type: DataType): string {
  if (DataType.isBool(type)) return 'BOOLEAN';
  if (DataType.isInt(type)) return 'BIGINT';
  if (DataType.isFloat(type) || DataType.isDecimal(type)) return 'DOUBLE';
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type)) return 'VARCHAR';
  if (DataType.isTimestamp(type)) return 'TIMESTAMP';
  if (DataType.isDate(type)) return 'DATE';
  if (DataType.isList(type)) return 'DOUBLE[]';
  return String(type);
}

/**
 * Checks a result against the columns its query file declares with `-- @returns`: every declared column present
 * with a type that satisfies its declaration, and no column the file does not declare. A file that declares none
 * (an ad hoc .sql file) is not checked.
 * @throws InputError naming the query file and the column, so a renamed or retyped column fails loudly instead of
 * reaching a report as a zero.
 */
export function checkResultColumns(file: QueryFile, table: Table): void {
  if (!file.returns || file.returns.length === 0) return;
  const fields = new Map(table.schema.fields.map((f) => [f.name, f.type]));
  const got = table.schema.fields.map((f) => f.name).join(', ') || 'no columns';
  for (const spec of file.returns) {
    const type = fields.get(spec.name);
    if (type === undefined) {
      throw new InputError(
        file.path,
        `declared by -- @returns but missing from the result (the result has: ${got})`,
        `column ${spec.name}`,
      );
    }
    if (!satisfies(spec.type, type)) {
      throw new InputError(
        file.path,
        `declared ${spec.type} by -- @returns, the engine returned ${describeArrowType(type)}`,
        `column ${spec.name}`,
      );
    }
  }
  const declared = new Set(file.returns.map((r) => r.name));
  for (const name of fields.keys()) {
    if (!declared.has(name)) throw new InputError(file.path, 'in the result but not declared with -- @returns', `column ${name}`);
  }
}
