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
});
