import { join } from 'node:path';
import { loadContract } from './contract';
import { InputError } from './errors';
import { paths } from './paths';
import type { PreparedQuery } from './queries';
import { sqlSegments } from './sql-text';

/** Keywords after which a table name stands (FROM x, JOIN x, INSERT INTO x, CREATE TABLE [IF NOT EXISTS] x, UPDATE x, ...). */
const TABLE_KEYWORDS = new Set(['from', 'join', 'into', 'table', 'exists', 'update', 'truncate']);
/** Keywords after which a name followed by `(` is still a table (CREATE TABLE x (...), INSERT INTO x (...)). */
const DEFINING = new Set(['into', 'table', 'exists']);
/** Keywords that end a FROM list at their depth, so that `, name` after them is no longer a table. */
const CLAUSE_KEYWORDS = new Set([
  'select',
  'where',
  'group',
  'order',
  'having',
  'on',
  'using',
  'limit',
  'union',
  'qualify',
  'window',
  'set',
  'values',
]);

/**
 * A schema name as the warehouse folds it: a plain identifier (letters, digits, `_`, `$`), lower-cased.
 * @throws InputError naming the setting when it is not one (a quoted or dotted name is refused, not guessed at).
 */
export function schemaName(schema: string, input = 'schema'): string {
  if (!/^[a-z_][a-z0-9_$]*$/i.test(schema))
    throw new InputError(input, `"${schema}" is not a plain schema name (letters, digits, _ and $, not starting with a digit)`);
  return schema.toLowerCase();
}

/**
 * Qualifies every reference to one of `tables` with `schema`: a name right after FROM, JOIN, INTO, TABLE, UPDATE or
 * TRUNCATE, or after a comma in a FROM list, that is not a CTE of the statement, not already qualified and not a
 * function call. Strings, quoted identifiers and comments are left as they are. The Redshift Data API has no
 * per-statement search path, so this is how every query honours `schema=`.
 * @example
 * qualifyTables('WITH r AS (SELECT * FROM requests) SELECT * FROM r, feedback', ['requests', 'feedback'], 'wh')
 * // => 'WITH r AS (SELECT * FROM wh.requests) SELECT * FROM r, wh.feedback'
 */
export function qualifyTables(sql: string, tables: readonly string[], schema: string): string {
  const names = new Set(tables.map((t) => t.toLowerCase()));
  const ctes = new Set<string>();
  for (const m of sql.matchAll(/(?:\bwith(?:\s+recursive)?|,)\s*([a-z_][a-z0-9_]*)\s+as\s*\(/gi)) ctes.add(m[1]!.toLowerCase());
  let prev = ''; // the last word or punctuation of code seen, lower-cased
  let touching = false; // whether that was a `.` right before this point
  const clause: string[] = ['']; // the last clause keyword per parenthesis depth
  const rewrite = (code: string, offset: number) =>
    code.replace(/[a-z_][a-z0-9_$]*|\s+|[^a-z_\s]/gi, (token: string, at: number) => {
      if (/^\s/.test(token)) {
        touching = false;
        return token;
      }
      if (!/^[a-z_]/i.test(token)) {
        if (token === '(') clause.push('');
        else if (token === ')' && clause.length > 1) clause.pop();
        prev = token;
        touching = token === '.';
        return token;
      }
      const lower = token.toLowerCase();
      const after = /\S/.exec(sql.slice(offset + at + token.length))?.[0];
      const standsAsTable = TABLE_KEYWORDS.has(prev) || (prev === ',' && (clause.at(-1) === 'from' || clause.at(-1) === 'join'));
      const qualify =
        names.has(lower) && !ctes.has(lower) && standsAsTable && !touching && after !== '.' && (after !== '(' || DEFINING.has(prev));
      if (lower === 'from' || lower === 'join' || CLAUSE_KEYWORDS.has(lower)) clause[clause.length - 1] = lower;
      prev = lower;
      touching = false;
      return qualify ? `${schema}.${token}` : token;
    });
  let offset = 0;
  return sqlSegments(sql)
    .map((seg) => {
      const text = seg.kind === 'code' ? rewrite(seg.text, offset) : seg.text;
      offset += seg.text.length;
      return text;
    })
    .join('');
}

/** The tables a query may name: the contract's (queries/schema/) and the rollups' (queries/rollup-schema/). */
export function warehouseTables(): string[] {
  return [...loadContract(), ...loadContract(join(paths.queries(), 'rollup-schema'))].map((t) => t.name);
}

/**
 * A prepared query with its tables in `schema` (unchanged for `public`, the Data API's default search path, or no
 * schema).
 */
export function inSchema(prepared: PreparedQuery, schema: string | undefined): PreparedQuery {
  if (schema === undefined || schema === 'public') return prepared;
  return { ...prepared, sql: qualifyTables(prepared.sql, warehouseTables(), schemaName(schema)) };
}
