import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { PII_PATTERNS } from '../analysis/redactPii';
import { InputError } from './errors';
import { paths } from './paths';
import { rewritePlaceholders } from './sql-text';

/** The engines a query file can run on. */
export type Engine = 'duckdb' | 'redshift';

/**
 * Parameter types a query file may declare. Values travel as bound strings and are CAST in the SQL, but for a
 * PATTERN (a regular expression), which Redshift reads only as a string literal: on Redshift it is written into the
 * text, and so may hold no quote and no backslash (checked for both engines, so a setting works on either).
 */
export type ParamType = 'TIMESTAMP' | 'DATE' | 'INTEGER' | 'DOUBLE' | 'VARCHAR' | 'BOOLEAN' | 'PATTERN';

export interface ParamSpec {
  name: string;
  type: ParamType;
  description: string;
}

/**
 * Result column types a query file may declare with `-- @returns name TYPE`. Numbers are one family across engines
 * (Redshift returns NUMERIC where DuckDB returns HUGEINT for the same SUM): INTEGER and BIGINT promise whole numbers,
 * DOUBLE any number; DATE also accepts a timestamp (Redshift's DATE_TRUNC returns one). Lists, JSON and SUPER travel as
 * VARCHAR (src/pipeline/arrow.ts).
 */
export type ReturnType = 'BOOLEAN' | 'INTEGER' | 'BIGINT' | 'DOUBLE' | 'VARCHAR' | 'TIMESTAMP' | 'DATE' | 'DOUBLE[]';

export interface ReturnSpec {
  name: string;
  type: ReturnType;
}

/** A query file read from queries/: its header declarations and its SQL body. */
export interface QueryFile {
  /** Name relative to queries/, without .sql (e.g. overview/weekly_overview), or the path given. */
  name: string;
  path: string;
  description: string;
  params: ParamSpec[];
  /** The result columns the file declares with `-- @returns`, in order; the runner checks every result against them. */
  returns?: ReturnSpec[];
  /** Relations the runner supplies as leading CTEs, in the order declared (model_prices, queries/relations/ files). */
  withRelations: string[];
  /**
   * For a relation declared `-- @with name from file`: the queries/relations/ file that defines it under that name
   * (a shared relation reads a generic name, each query says which file fills it). Absent: the file is the name.
   */
  relationFiles?: Record<string, string>;
  body: string;
}

export type ParamValue = string | number | boolean | Date | null;
export type Params = Record<string, ParamValue>;

/** SQL ready for one engine, with its positional-free named parameters as strings. */
export interface PreparedQuery {
  sql: string;
  params: Record<string, string | null>;
  file: QueryFile;
}

const PARAM_TYPES: ParamType[] = ['TIMESTAMP', 'DATE', 'INTEGER', 'DOUBLE', 'VARCHAR', 'BOOLEAN', 'PATTERN'];
const RETURN_TYPES: ReturnType[] = ['BOOLEAN', 'INTEGER', 'BIGINT', 'DOUBLE', 'VARCHAR', 'TIMESTAMP', 'DATE', 'DOUBLE[]'];

/**
 * Resolves a query by name (overview/weekly_overview) under queries/, or a path to a .sql file.
 * @throws InputError naming the query when it does not exist.
 */
export function resolveQuery(nameOrPath: string, root: string = paths.queries()): string {
  if (nameOrPath.endsWith('.sql')) {
    const p = resolve(nameOrPath);
    if (!existsSync(p)) throw new InputError(nameOrPath, 'no such SQL file');
    return p;
  }
  const p = join(root, `${nameOrPath}.sql`);
  if (!/^[a-z0-9_/-]+$/i.test(nameOrPath) || !existsSync(p)) {
    const all = listQueries(root);
    const folder = nameOrPath.includes('/') ? `${nameOrPath.split('/')[0]}/` : '';
    const near = folder ? all.filter((q) => q.startsWith(folder)) : [];
    const known = (near.length ? near : all).slice(0, 30).join(', ');
    throw new InputError(
      `query ${nameOrPath}`,
      `unknown query name; known queries${near.length ? ` in ${folder}` : ''}: ${known}${near.length || all.length <= 30 ? '' : ' ...'} (mangalab query --list shows all)`,
    );
  }
  return p;
}

/** Every query name under queries/ (schema/, rollup-schema/, seed/ and store/ excluded: those are not queries to run ad hoc). */
export function listQueries(root: string = paths.queries()): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) {
        if (dir === root && (entry === 'schema' || entry === 'seed' || entry === 'store' || entry === 'rollup-schema')) continue;
        walk(full);
      } else if (entry.endsWith('.sql')) {
        out.push(
          relative(root, full)
            .replace(/\.sql$/, '')
            .split('\\')
            .join('/'),
        );
      }
    }
  };
  if (existsSync(root)) walk(root);
  return out;
}

/**
 * Reads a query file. Header lines (leading `--` comments) carry declarations:
 * `-- @param name TYPE description`, `-- @with model_prices`, `-- @with name from file` (the relation `name` is
 * queries/relations/<file>.sql). Everything else in the header is its description.
 */
export function loadQuery(nameOrPath: string, root: string = paths.queries()): QueryFile {
  const path = resolveQuery(nameOrPath, root);
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const params: ParamSpec[] = [];
  const returns: ReturnSpec[] = [];
  const withRelations: string[] = [];
  const relationFiles: Record<string, string> = {};
  const description: string[] = [];
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line.startsWith('--')) {
      if (line === '') continue;
      break;
    }
    const content = line.replace(/^--\s?/, '');
    if (/^@dialect\b/i.test(content)) break; // a file may open its body with a dialect block
    const param = /^@param\s+([a-z_][a-z0-9_]*)\s+([A-Z]+)\s*(.*)$/i.exec(content);
    if (param) {
      const type = param[2]!.toUpperCase() as ParamType;
      if (!PARAM_TYPES.includes(type)) {
        throw new InputError(path, `unknown parameter type ${param[2]} (use ${PARAM_TYPES.join(', ')})`, `line ${i + 1}`);
      }
      params.push({ name: param[1]!, type, description: param[3] ?? '' });
      continue;
    }
    const ret = /^@returns\s+(.*)$/i.exec(content);
    if (ret) {
      returns.push(...parseReturns(ret[1]!, path, i + 1));
      continue;
    }
    const withRel = /^@with\s+([a-z_][a-z0-9_]*)(?:\s+from\s+([a-z_][a-z0-9_]*))?\s*$/i.exec(content);
    if (withRel) {
      withRelations.push(withRel[1]!);
      if (withRel[2]) relationFiles[withRel[1]!] = withRel[2];
      continue;
    }
    if (/^@with\b/i.test(content))
      throw new InputError(path, `cannot read "${content}" (write -- @with name, or -- @with name from file)`, `line ${i + 1}`);
    if (content.startsWith('@')) continue; // dialect markers and other annotations live in the body
    description.push(content);
  }
  const name = path.startsWith(root) ? relative(root, path).replace(/\.sql$/, '') : basename(path);
  const seen = new Set<string>();
  for (const r of returns) {
    if (seen.has(r.name)) throw new InputError(path, `result column ${r.name} is declared twice with -- @returns`);
    seen.add(r.name);
  }
  return {
    name,
    path,
    description: description.join(' ').trim(),
    params,
    returns,
    withRelations,
    relationFiles,
    body: lines.slice(i).join('\n'),
  };
}

/** `a BIGINT, b VARCHAR` (one or more per `-- @returns` line) into column specs. @throws InputError naming file and line. */
function parseReturns(text: string, path: string, line: number): ReturnSpec[] {
  return text.split(',').map((part) => {
    const m = /^\s*([a-z_][a-z0-9_]*)\s+([A-Z]+(?:\[\])?)\s*$/i.exec(part);
    const type = m?.[2]?.toUpperCase() as ReturnType | undefined;
    if (!m || !type || !RETURN_TYPES.includes(type)) {
      throw new InputError(
        path,
        `cannot read "-- @returns ${text.trim()}" (write -- @returns name TYPE, TYPE one of ${RETURN_TYPES.join(', ')})`,
        `line ${line}`,
      );
    }
    return { name: m[1]!, type };
  });
}

/**
 * How a Redshift warehouse stores what the engines differ on beyond their SQL: query embeddings as SUPER arrays (the
 * default) or as JSON array text in a VARCHAR (docs/warehouse.md). Chosen by the source (`embeddings=` in a Redshift
 * spec); DuckDB has one storage and ignores it.
 */
export interface DialectSettings {
  embeddings?: 'super' | 'json';
}

/**
 * Keeps the parts of a body meant for `engine`. A block between `-- @dialect duckdb` (or redshift) and
 * `-- @dialect end` belongs to that engine only: the one visible place where a file says the dialects differ. A
 * Redshift block may also name a storage, `-- @dialect redshift embeddings=json`: it is kept only when the source
 * stores embeddings that way (`settings`, default super).
 */
export function selectDialect(body: string, engine: Engine, file = 'query', settings: DialectSettings = {}): string {
  const out: string[] = [];
  let current: Engine | null = null;
  let keep = true;
  body.split('\n').forEach((line, index) => {
    const marker = /^\s*--\s*@dialect\s+(duckdb|redshift|end)(?:\s+embeddings=(super|json))?\s*$/i.exec(line);
    if (marker) {
      const which = marker[1]!.toLowerCase();
      if (which === 'end') {
        if (current === null) throw new InputError(file, '@dialect end without a matching @dialect block', `line ${index + 1}`);
        current = null;
      } else {
        if (current !== null) throw new InputError(file, 'nested @dialect blocks', `line ${index + 1}`);
        if (marker[2] && which !== 'redshift') throw new InputError(file, 'only a redshift block can name a storage', `line ${index + 1}`);
        current = which as Engine;
        keep = current === engine && (!marker[2] || marker[2].toLowerCase() === (settings.embeddings ?? 'super'));
      }
      out.push('');
      return;
    }
    out.push(current === null || keep ? line : '');
  });
  if (current !== null) throw new InputError(file, `@dialect ${current} block is never closed`);
  return out.join('\n');
}

/** A UTC instant as the text both engines read as a TIMESTAMP (YYYY-MM-DD HH:MM:SS.sss). */
export function sqlTimestamp(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

/**
 * What keeps a regular expression from being written into Redshift text as a string literal (a PATTERN parameter), or
 * undefined: a quote would end the literal and a backslash is an escape there, so neither may appear.
 */
export function patternProblem(pattern: string): string | undefined {
  if (pattern.includes("'") || pattern.includes('\\') || pattern.includes('\u0000'))
    return 'holds a quote or a backslash, which a pattern written as a Redshift string literal cannot (write [.] for a literal dot, [[:space:]] for white space)';
  return undefined;
}

/**
 * Checks and formats one parameter value as the string the engine binds.
 * @throws InputError naming the query and parameter when the value does not fit its declared type.
 */
export function formatParam(query: string, spec: ParamSpec, value: ParamValue): string | null {
  if (value === null) return null;
  const bad = (why: string) => new InputError(`query ${query}`, `parameter ${spec.name}=${String(value)} ${why}`);
  switch (spec.type) {
    case 'TIMESTAMP': {
      const d =
        value instanceof Date
          ? value
          : new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(String(value)) ? String(value) : `${String(value).replace(' ', 'T')}Z`);
      if (Number.isNaN(d.getTime())) throw bad('is not a timestamp (use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS, UTC)');
      return sqlTimestamp(d);
    }
    case 'DATE': {
      const s = value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(Date.parse(`${s}T00:00:00Z`))) throw bad('is not a date (YYYY-MM-DD)');
      return s;
    }
    case 'INTEGER': {
      const n = typeof value === 'number' ? value : Number(String(value));
      if (!Number.isSafeInteger(n)) throw bad('is not an integer');
      return String(n);
    }
    case 'DOUBLE': {
      const n = typeof value === 'number' ? value : Number(String(value));
      if (!Number.isFinite(n) || String(value).trim() === '') throw bad('is not a finite number');
      return String(n);
    }
    case 'BOOLEAN': {
      const s = String(value).toLowerCase();
      if (!['true', 'false'].includes(s)) throw bad('is not true or false');
      return s;
    }
    case 'VARCHAR':
      return String(value);
    case 'PATTERN': {
      const problem = patternProblem(String(value));
      if (problem) throw bad(problem);
      return String(value);
    }
  }
}

/** A relation the runner supplies to a query that names it with `-- @with`: SQL of its rows and their bound values. */
export interface Relation {
  cte: string;
  params: Record<string, string | null>;
}

/**
 * Prepares a query file for an engine: dialect blocks chosen, placeholders rewritten, parameters checked against
 * the declarations (unknown, missing and ill-typed ones are refused), and runner-supplied relations prepended.
 */
export function prepareQuery(
  file: QueryFile,
  engine: Engine,
  params: Params,
  relations: Record<string, Relation> = {},
  settings: DialectSettings = {},
): PreparedQuery {
  for (const key of Object.keys(params)) {
    if (!file.params.some((p) => p.name === key)) {
      const declared = file.params.map((p) => p.name).join(', ') || 'none';
      throw new InputError(`query ${file.name}`, `unknown parameter ${key} (declared: ${declared})`);
    }
  }
  const bound: Record<string, string | null> = {};
  for (const spec of file.params) {
    if (!(spec.name in params) || params[spec.name] === undefined) {
      throw new InputError(`query ${file.name}`, `missing parameter ${spec.name} (${spec.type}: ${spec.description || 'no description'})`);
    }
    bound[spec.name] = formatParam(file.name, spec, params[spec.name]!);
  }
  let body = expandRedactions(selectDialect(file.body, engine, file.path, settings), engine, file.path);
  if (file.withRelations.length > 0) {
    const ctes: string[] = [];
    for (const rel of file.withRelations) {
      const supplied = relations[rel];
      if (!supplied) throw new InputError(`query ${file.name}`, `needs relation ${rel}, which the runner did not supply`);
      ctes.push(`${rel} AS (${supplied.cte})`);
      Object.assign(bound, supplied.params);
    }
    body = prependCtes(body, ctes);
  }
  // On Redshift two kinds of value are written into the text: an empty string, which the Data API cannot bind (a
  // parameter value has a minimum length of 1), as the constant ''; and a PATTERN, which Redshift reads only as a
  // literal (formatParam refused any quote or backslash in it, so it cannot end the literal).
  const patterns = new Set(file.params.filter((p) => p.type === 'PATTERN').map((p) => p.name));
  const rewritten = rewritePlaceholders(body, engine, (name) => {
    if (engine !== 'redshift' || bound[name] === null || bound[name] === undefined) return undefined;
    if (bound[name] === '') return "''";
    return patterns.has(name) ? `'${bound[name]}'` : undefined;
  });
  for (const name of rewritten.names) {
    if (!(name in bound)) throw new InputError(file.path, `placeholder :${name} is not declared with -- @param`);
  }
  const used: Record<string, string | null> = {};
  for (const name of rewritten.names) used[name] = bound[name]!;
  return { sql: rewritten.sql, params: used, file };
}

/** Adds CTEs in front of a body: merged into its own WITH when it has one, otherwise as a new WITH. */
export function prependCtes(body: string, ctes: string[]): string {
  const lead = /^(\s*)with(\s+recursive)?\s+/i.exec(body);
  if (lead) return `${lead[1]}WITH${lead[2] ?? ''} ${ctes.join(',\n')},\n${body.slice(lead[0].length)}`;
  return `WITH ${ctes.join(',\n')}\n${body}`;
}

/** `expr` with every PII pattern of redactPii (src/analysis/redactPii.ts) replaced by its tag, in the engine's SQL. */
export function redactPiiSql(expr: string, engine: Engine): string {
  return PII_PATTERNS.reduce(
    (inner, p) =>
      engine === 'duckdb'
        ? `regexp_replace(${inner}, '${p.source}', '${p.tag}', 'gi')`
        : `REGEXP_REPLACE(${inner}, '${p.source.replaceAll('\\', '\\\\')}', '${p.tag}', 1, 'ip')`,
    expr,
  );
}

/**
 * Expands each `@redact_pii(expr)` in a body into the engine's nested regexp_replace over redactPii's own patterns, so
 * text is redacted in the warehouse exactly as redactPii does it with `luhn: false` (SQL cannot run the Luhn check,
 * and redacts every card-like digit run). One definition of the patterns serves TypeScript and both SQL dialects.
 * @throws InputError for an unclosed call.
 */
export function expandRedactions(body: string, engine: Engine, file = 'query'): string {
  let out = '';
  let from = 0;
  for (;;) {
    const at = body.indexOf('@redact_pii(', from);
    if (at === -1) return out + body.slice(from);
    let depth = 0;
    let end = at + '@redact_pii'.length;
    for (; end < body.length; end++) {
      if (body[end] === '(') depth++;
      else if (body[end] === ')' && --depth === 0) break;
    }
    if (end >= body.length) throw new InputError(file, '@redact_pii( is never closed');
    out += body.slice(from, at) + redactPiiSql(body.slice(at + '@redact_pii('.length, end), engine);
    from = end + 1;
  }
}
