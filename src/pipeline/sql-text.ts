/** A run of SQL text: code, a string literal, a double-quoted identifier, or a comment (`--` or block). */
export interface SqlSegment {
  kind: 'code' | 'string' | 'identifier' | 'comment';
  text: string;
}

/** Where the string or quoted identifier opened at `start` ends (one past its closing quote; a doubled quote is kept). */
export function findClosingQuote(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i += 1;
  }
  return sql.length;
}

/**
 * SQL cut into code, string literals, quoted identifiers and comments, in order; joined, the segments are the text.
 * What every rewrite of query text reads, so none of them touches a string, a quoted name or a comment.
 * @example
 * sqlSegments("SELECT ':x' -- :y\nFROM t").map((s) => s.kind) // => ['code', 'string', 'code', 'comment', 'code']
 */
export function sqlSegments(sql: string): SqlSegment[] {
  const out: SqlSegment[] = [];
  let code = 0; // where the current run of code began
  let i = 0;
  const push = (kind: SqlSegment['kind'], end: number) => {
    if (code < i) out.push({ kind: 'code', text: sql.slice(code, i) });
    out.push({ kind, text: sql.slice(i, end) });
    i = end;
    code = end;
  };
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === "'") push('string', findClosingQuote(sql, i, c));
    else if (c === '"') push('identifier', findClosingQuote(sql, i, c));
    else if (c === '-' && next === '-') push('comment', sql.indexOf('\n', i) === -1 ? sql.length : sql.indexOf('\n', i));
    else if (c === '/' && next === '*') push('comment', sql.indexOf('*/', i + 2) === -1 ? sql.length : sql.indexOf('*/', i + 2) + 2);
    else i += 1;
  }
  if (code < sql.length) out.push({ kind: 'code', text: sql.slice(code) });
  return out;
}

/**
 * Finds `:name` placeholders outside strings, quoted identifiers and comments, and rewrites them for the engine:
 * DuckDB takes `$name`, the Redshift Data API takes `:name` as written. `::` casts are left alone. A placeholder for
 * which `inline` returns text is replaced by that text and not listed among the names bound.
 */
export function rewritePlaceholders(
  sql: string,
  engine: 'duckdb' | 'redshift',
  inline: (name: string) => string | undefined = () => undefined,
): { sql: string; names: string[] } {
  const names = new Set<string>();
  const text = sqlSegments(sql)
    .map((seg) =>
      seg.kind !== 'code'
        ? seg.text
        : seg.text.replace(/::|:([a-z_][a-z0-9_]*)/gi, (m: string, name: string | undefined) => {
            if (name === undefined) return m;
            const literal = inline(name);
            if (literal === undefined) names.add(name);
            return literal ?? (engine === 'duckdb' ? '$' : ':') + name;
          }),
    )
    .join('');
  return { sql: text, names: [...names] };
}
