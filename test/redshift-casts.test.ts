import { describe, expect, it } from 'vitest';
import { listQueries, loadQuery, selectDialect } from '../src/pipeline/queries';

// Types DuckDB has and Redshift does not (https://docs.aws.amazon.com/redshift/latest/dg/c_Supported_data_types.html):
// Redshift's double is DOUBLE PRECISION (or FLOAT8, FLOAT), and it has no unsigned, huge, list, struct or JSON type.
const DUCKDB_ONLY =
  /\bAS\s+(DOUBLE(?!\s+PRECISION)|HUGEINT|UHUGEINT|UBIGINT|UINTEGER|USMALLINT|UTINYINT|TINYINT|JSON|BLOB|STRUCT|MAP|[A-Z]+\[\])\s*\)/gi;

describe('the Redshift text of every query', () => {
  it('casts only to types Redshift has', () => {
    const offenders: string[] = [];
    for (const name of listQueries()) {
      if (/^(seed|schema|store|rollup-schema)\//.test(name)) continue; // DuckDB-only DDL and the sample generator
      const file = loadQuery(name);
      const text = selectDialect(file.body, 'redshift', file.path);
      for (const m of text.matchAll(DUCKDB_ONLY)) offenders.push(`${name}: ${m[0]}`);
    }
    expect(offenders).toEqual([]);
  });

  it('would catch a DuckDB-only cast', () => {
    expect('CAST(x AS DOUBLE)'.match(DUCKDB_ONLY)).not.toBeNull();
    expect('CAST(x AS VARCHAR[])'.match(DUCKDB_ONLY)).not.toBeNull();
    expect('CAST(x AS DOUBLE PRECISION)'.match(DUCKDB_ONLY)).toBeNull();
  });
});
