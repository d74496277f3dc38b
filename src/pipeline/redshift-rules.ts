import { sqlSegments } from './sql-text';

/** A place in a query's Redshift text where it uses what PostgreSQL accepts and Redshift rejects. */
export interface RedshiftFinding {
  line: number;
  rule: string;
  text: string;
}

interface Rule {
  rule: string;
  pattern: RegExp;
}

/**
 * What PostgreSQL runs and Redshift does not, from AWS's pages under https://docs.aws.amazon.com/redshift/latest/dg/:
 * unsupported PostgreSQL functions (c_unsupported-postgresql-functions.html), features
 * (c_unsupported-postgresql-features.html) and data types (c_unsupported-postgresql-datatypes.html), leader-node-only
 * functions (c_SQL_functions_leader_node_only.html), and the types that silently cut text (TEXT is VARCHAR(256), BPCHAR
 * CHAR(256); VARCHAR without a length sizes to its input in an expression: r_Character_types.html). Each rule is
 * checked on text with comments and string literals blanked out.
 */
export const REDSHIFT_RULES: readonly Rule[] = [
  {
    rule: 'unsupported aggregate (STRING_AGG, ARRAY_AGG, EVERY, XMLAGG, CORR, COVAR_*, REGR_*): use LISTAGG or sums',
    pattern: /\b(string_agg|array_agg|every|xmlagg|xml_agg|corr|covar_pop|covar_samp|regr_[a-z0-9]+)\s*\(/gi,
  },
  {
    rule: 'unsupported set-returning function (GENERATE_SERIES, GENERATE_SUBSCRIPTS, UNNEST): join a numbers relation',
    pattern: /\b(generate_series|generate_subscripts|unnest)\s*\(/gi,
  },
  { rule: 'unsupported math function (DIV, SETSEED, WIDTH_BUCKET)', pattern: /\b(div|setseed|width_bucket)\s*\(/gi },
  {
    rule: 'unsupported date/time function (CLOCK_TIMESTAMP, JUSTIFY_*, PG_SLEEP, TRANSACTION_TIMESTAMP)',
    pattern: /\b(clock_timestamp|justify_days|justify_hours|justify_interval|pg_sleep|transaction_timestamp)\s*\(/gi,
  },
  {
    rule: 'unsupported string function (BIT_LENGTH, OVERLAY, CONVERT_FROM/TO, ENCODE, FORMAT, QUOTE_NULLABLE, REGEXP_MATCHES, SPLIT_TO_TABLE, STRING_TO_ARRAY)',
    pattern:
      /\b(bit_length|overlay|convert_from|convert_to|encode|format|quote_nullable|regexp_matches|regexp_split_to_table|regexp_split_to_array|string_to_array|array_to_string)\s*\(/gi,
  },
  { rule: 'IS DISTINCT FROM is not supported: compare with COALESCE or CASE', pattern: /\bis\s+(not\s+)?distinct\s+from\b/gi },
  {
    rule: 'leader-node-only function: fails in a query that reads a table',
    pattern:
      /\b(current_schema|current_schemas|has_database_privilege|has_schema_privilege|has_table_privilege|age|now|isfinite|localtime|to_ascii|get_bit|get_byte|set_bit|set_byte)\s*\(/gi,
  },
  {
    rule: 'array constructor or subscript: Redshift has no arrays (SUPER navigation instead)',
    pattern: /\barray\s*\[|\]\s*\[|::\s*[a-z]+\s*\[\]/gi,
  },
  {
    rule: 'PostgreSQL-only type (JSON, JSONB, UUID, BYTEA, SERIAL, MONEY, INET, XML, arrays): Redshift has none of them',
    pattern: /(\bas|::)\s*(jsonb?|uuid|bytea|serial|bigserial|smallserial|money|inet|cidr|xml|tsvector|[a-z]+(\s+precision)?\s*\[\])\b/gi,
  },
  {
    rule: 'DuckDB-only type (DOUBLE without PRECISION, HUGEINT, unsigned and tiny integers, BLOB, STRUCT, MAP)',
    pattern: /\bas\s+(double(?!\s+precision)|hugeint|uhugeint|ubigint|uinteger|usmallint|utinyint|tinyint|blob|struct|map)\b/gi,
  },
  { rule: 'DISTINCT ON is not supported: pick rows with ROW_NUMBER()', pattern: /\bdistinct\s+on\s*\(/gi },
  { rule: 'LATERAL is not supported', pattern: /\blateral\b/gi },
  { rule: 'TABLESAMPLE is not supported', pattern: /\btablesample\b/gi },
  { rule: 'an aggregate FILTER (WHERE ...) clause is not supported: use CASE inside the aggregate', pattern: /\bfilter\s*\(\s*where\b/gi },
  { rule: 'INTERSECT ALL / EXCEPT ALL are not supported', pattern: /\b(intersect|except)\s+all\b/gi },
  {
    rule: 'TEXT is VARCHAR(256) and BPCHAR is CHAR(256) on Redshift: longer text is cut (cast to VARCHAR, which sizes to its input)',
    pattern: /(\bas|::)\s*(text|bpchar)\b/gi,
  },
];

/** The text with comments and string literals replaced by spaces (line breaks kept), so rules read only SQL. */
export function blankCommentsAndStrings(sql: string): string {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  return sqlSegments(sql)
    .map((seg) => (seg.kind === 'comment' ? blank(seg.text) : seg.kind === 'string' ? `'${blank(seg.text.slice(1, -1))}'` : seg.text))
    .join('');
}

/**
 * Checks a query's Redshift text (its dialect chosen) against REDSHIFT_RULES: one finding per match, with the line of
 * the text it is on (the text keeps the file's lines when it comes from selectDialect).
 * @example
 * redshiftFindings('SELECT string_agg(x, \',\')\nFROM t')[0].line // => 1
 */
export function redshiftFindings(sql: string): RedshiftFinding[] {
  const text = blankCommentsAndStrings(sql);
  const findings: RedshiftFinding[] = [];
  for (const { rule, pattern } of REDSHIFT_RULES) {
    for (const m of text.matchAll(pattern)) {
      const line = text.slice(0, m.index).split('\n').length;
      findings.push({ line, rule, text: m[0].replace(/\s+/g, ' ').trim() });
    }
  }
  return findings.sort((a, b) => a.line - b.line);
}
