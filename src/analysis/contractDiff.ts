/** A column the contract requires: name and DuckDB type. */
export interface ContractColumnSpec {
  table: string;
  column: string;
  type: string;
}

/** One way a source departs from the warehouse contract. */
export type ContractIssue =
  | { kind: 'missing_table'; table: string }
  | { kind: 'missing_column'; table: string; column: string; expected: string }
  | { kind: 'wrong_type'; table: string; column: string; expected: string; found: string; unreadable?: number };

/** Engine type names that hold a contract type without conversion (DuckDB, Parquet as DuckDB reads it, Redshift). */
const EQUIVALENT: Record<string, string[]> = {
  VARCHAR: ['VARCHAR', 'TEXT', 'STRING', 'CHARACTER VARYING', 'CHARACTER', 'CHAR', 'BPCHAR'],
  INTEGER: ['INTEGER', 'INT', 'INT4', 'SMALLINT', 'INT2', 'TINYINT'],
  BIGINT: ['BIGINT', 'INT8', 'INTEGER', 'INT4', 'SMALLINT'],
  DOUBLE: ['DOUBLE', 'DOUBLE PRECISION', 'FLOAT8', 'FLOAT', 'REAL', 'FLOAT4'],
  BOOLEAN: ['BOOLEAN', 'BOOL'],
  TIMESTAMP: [
    'TIMESTAMP',
    'TIMESTAMP WITHOUT TIME ZONE',
    'TIMESTAMP_NS',
    'TIMESTAMP_MS',
    'TIMESTAMP_S',
    'TIMESTAMP WITH TIME ZONE',
    'TIMESTAMPTZ',
  ],
  DATE: ['DATE'],
  'FLOAT[]': ['FLOAT[]', 'DOUBLE[]', 'SUPER'],
};

/** True when a found engine type holds the contract type as is (DECIMAL(p,s) counts as DOUBLE). */
export function typeMatches(expected: string, found: string): boolean {
  const f = found.toUpperCase().trim();
  const e = expected.toUpperCase();
  if (f === e) return true;
  if (e === 'DOUBLE' && /^(DECIMAL|NUMERIC)(\(.*\))?$/.test(f)) return true;
  if (e === 'VARCHAR' && /^(VARCHAR|CHARACTER VARYING|CHAR|CHARACTER)\(\d+\)$/.test(f)) return true;
  return (EQUIVALENT[e] ?? []).includes(f);
}

/**
 * Compares the columns a source holds with the contract and lists every missing table, missing column and wrong
 * type, in contract order. A column stored as text (CSV, VARCHAR) is accepted for another contract type when
 * `unreadable` reports that every non-null value converts; otherwise it is a wrong type with the count that does not.
 *
 * @throws never: an empty source yields one missing_table issue per contract table.
 * @example
 * contractDiff([{ table: 'feedback', column: 'ts', type: 'TIMESTAMP' }], new Map([['feedback', new Map([['ts', 'VARCHAR']])]]), () => 3)
 * // => [{ kind: 'wrong_type', table: 'feedback', column: 'ts', expected: 'TIMESTAMP', found: 'VARCHAR', unreadable: 3 }]
 */
export function contractDiff(
  contract: ContractColumnSpec[],
  found: Map<string, Map<string, string>>,
  unreadable: (table: string, column: string, type: string) => number | undefined = () => undefined,
): ContractIssue[] {
  const issues: ContractIssue[] = [];
  const reportedTables = new Set<string>();
  for (const spec of contract) {
    const table = found.get(spec.table);
    if (!table) {
      if (!reportedTables.has(spec.table)) issues.push({ kind: 'missing_table', table: spec.table });
      reportedTables.add(spec.table);
      continue;
    }
    const type = table.get(spec.column);
    if (type === undefined) {
      issues.push({ kind: 'missing_column', table: spec.table, column: spec.column, expected: spec.type });
      continue;
    }
    if (typeMatches(spec.type, type)) continue;
    const isText = typeMatches('VARCHAR', type);
    if (isText && spec.type !== 'VARCHAR') {
      const bad = unreadable(spec.table, spec.column, spec.type);
      if (bad === 0) continue;
      issues.push({
        kind: 'wrong_type',
        table: spec.table,
        column: spec.column,
        expected: spec.type,
        found: type,
        ...(bad !== undefined ? { unreadable: bad } : {}),
      });
      continue;
    }
    issues.push({ kind: 'wrong_type', table: spec.table, column: spec.column, expected: spec.type, found: type });
  }
  return issues;
}
