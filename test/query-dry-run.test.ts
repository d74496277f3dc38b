import { describe, expect, it } from 'vitest';
import { loadQuery, selectDialect } from '../src/pipeline/queries';
import { mangalab } from './helpers';

const PARAMS = ['--param', 'from_ts=2026-11-09', '--param', 'to_ts=2026-11-16', '--param', 'k=5'];

describe('mangalab query --dry-run', () => {
  it('prints the statement each engine would be sent, with its bound values, without opening a source', () => {
    const out = (engine: string) => {
      const r = mangalab(
        'query',
        'retrieval/chunk_retrievals',
        ...PARAMS,
        '--dry-run',
        '--engine',
        engine,
        '--source',
        '/no/such/source.duckdb',
      );
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as { engine: string; sql: string; parameters: Record<string, string> };
    };
    const duck = out('duckdb');
    const red = out('redshift');
    expect(Object.keys(duck)).toEqual(['engine', 'sql', 'parameters']);
    expect(duck.engine).toBe('duckdb');
    expect(red.engine).toBe('redshift');
    // Values are bound: formatted once, never in the text; DuckDB names them $name, the Data API :name.
    expect(duck.parameters).toEqual({ from_ts: '2026-11-09 00:00:00.000', to_ts: '2026-11-16 00:00:00.000', k: '5' });
    expect(red.parameters).toEqual(duck.parameters);
    expect(duck.sql).toContain('CAST($from_ts AS TIMESTAMP)');
    expect(red.sql).toContain('CAST(:from_ts AS TIMESTAMP)');
    expect(duck.sql).not.toContain('2026-11-09');
    // Each engine gets its own dialect block of the file and nothing of the other's.
    const file = loadQuery('retrieval/chunk_retrievals');
    const onlyRedshift = selectDialect(file.body, 'redshift', file.path)
      .split('\n')
      .filter((l) => !selectDialect(file.body, 'duckdb', file.path).includes(l));
    expect(onlyRedshift.length).toBeGreaterThan(0);
    for (const line of onlyRedshift.filter((l) => l.trim() !== '')) {
      expect(red.sql).toContain(line.trim());
      expect(duck.sql).not.toContain(line.trim());
    }
  });

  it('writes an empty value as the constant on Redshift, whose Data API cannot bind an empty string, and binds it on DuckDB', () => {
    const args = ['query', 'traces/search', '--dry-run', '--param', 'from_ts=2026-11-09', '--param', 'to_ts=2026-11-16'];
    const rest = [
      '--param',
      'intent=',
      '--param',
      'model_version=',
      '--param',
      'prompt_version=',
      '--param',
      "flag=it's",
      '--param',
      'max_rows=5',
    ];
    const red = JSON.parse(mangalab(...args, ...rest, '--engine', 'redshift').stdout) as {
      sql: string;
      parameters: Record<string, string>;
    };
    const duck = JSON.parse(mangalab(...args, ...rest).stdout) as { sql: string; parameters: Record<string, string> };
    expect(Object.keys(red.parameters).sort()).toEqual(['flag', 'from_ts', 'max_rows', 'to_ts']);
    expect(red.parameters.flag).toBe("it's"); // a non-empty value is still bound, never written into the text
    expect(red.sql).not.toMatch(/:intent\b|:model_version\b|:prompt_version\b/);
    expect(red.sql).toContain("CAST('' AS VARCHAR)");
    expect(red.sql).not.toContain("it's");
    expect(Object.keys(duck.parameters).sort()).toEqual([
      'flag',
      'from_ts',
      'intent',
      'max_rows',
      'model_version',
      'prompt_version',
      'to_ts',
    ]);
    expect(duck.parameters.intent).toBe('');
  });

  it('refuses --engine without --dry-run, and unknown or missing parameters, with exit 2', () => {
    const engine = mangalab('query', 'retrieval/chunk_retrievals', ...PARAMS, '--engine', 'redshift');
    expect(engine.code).toBe(2);
    expect(engine.stderr.trim()).toBe('error: --engine: is read with --dry-run only; a run uses the engine of --source');
    const missing = mangalab('query', 'retrieval/chunk_retrievals', '--dry-run', '--param', 'k=5');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/query retrieval\/chunk_retrievals: missing parameter from_ts \(TIMESTAMP/);
  });

  it("with a Redshift --source, prints the text for that warehouse: its tables in schema=, its embeddings' storage", () => {
    const run = (settings: string) => {
      const r = mangalab(
        'query',
        'drift/embedding_dims',
        '--dry-run',
        ...PARAMS.slice(0, 4),
        '--source',
        `redshift:cluster=c,database=d${settings}`,
      );
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as { engine: string; sql: string };
    };
    const plain = run('');
    expect(plain.engine).toBe('redshift');
    expect(plain.sql).toMatch(/get_array_length\(embedding\)[\s\S]*FROM query_embeddings\nWHERE/);
    const json = run(',schema=Analytics,embeddings=json');
    expect(json.sql).toMatch(/json_array_length\(embedding\)[\s\S]*FROM analytics\.query_embeddings\nWHERE/);
    expect(json.sql).not.toContain('get_array_length');
    const bad = mangalab('query', 'drift/embedding_dims', '--dry-run', '--source', 'redshift:cluster=c,database=d,schema=a.b');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--source: "a.b" is not a plain schema name');
    const mismatch = mangalab(
      'query',
      'drift/embedding_dims',
      '--dry-run',
      '--engine',
      'duckdb',
      '--source',
      'redshift:cluster=c,database=d',
    );
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toContain('--engine: duckdb does not match --source redshift:cluster=c,database=d');
  });

  it('writes a PATTERN into the Redshift text as a literal (Redshift reads a pattern only so) and binds it on DuckDB', () => {
    const hints = ['hallucination', 'wrong_intent', 'bad_retrieval', 'unhelpful_tone', 'missing_info', 'format_issue', 'out_of_scope'];
    const args = [
      'query',
      'errors/signal_groups',
      '--dry-run',
      ...['prev_from_ts=2026-11-02', 'from_ts=2026-11-09', 'to_ts=2026-11-16', 'low_confidence=0.6', 'slow_ms=3000', 'min_words=5'].flatMap(
        (p) => ['--param', p],
      ),
      ...hints.flatMap((h) => ['--param', `hint_${h}=${h}|made up`]),
    ];
    const red = JSON.parse(mangalab(...args, '--param', 'hint_slow_response=too slow', '--engine', 'redshift').stdout) as {
      sql: string;
      parameters: Record<string, string>;
    };
    expect(red.sql).toContain("regexp_replace(fb.down_text, 'too slow', '')");
    expect(Object.keys(red.parameters).filter((k) => k.startsWith('hint_'))).toEqual([]);
    const duck = JSON.parse(mangalab(...args, '--param', 'hint_slow_response=too slow').stdout) as {
      sql: string;
      parameters: Record<string, string>;
    };
    expect(duck.sql).toContain("regexp_replace(fb.down_text, $hint_slow_response, '')");
    expect(duck.parameters.hint_slow_response).toBe('too slow');
    for (const bad of ["it's slow", 'slow\\.']) {
      const r = mangalab(...args, '--param', `hint_slow_response=${bad}`, '--engine', 'redshift');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`parameter hint_slow_response=${bad} holds a quote or a backslash`);
    }
  });
});
