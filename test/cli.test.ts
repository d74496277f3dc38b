import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { mangalab } from './helpers';

const fixtures = inject('fixtures');

describe('mangalab CLI', () => {
  it.each([[], ['seed'], ['validate'], ['query'], ['report']])('prints help for %j', (...cmd) => {
    const r = mangalab(...cmd, '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: mangalab/);
  });

  it('writes the weekly report for a given week and prints where', () => {
    const out = mkdtempSync(join(tmpdir(), 'mangalab-cli-'));
    const r = mangalab('report', 'weekly', '--source', fixtures.parquet, '--week', '2026-W45', '--out', out, '--format', 'json,md');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([join(out, 'weekly/2026-W45/report.json'), join(out, 'weekly/2026-W45/report.md')]);
    rmSync(out, { recursive: true, force: true });
  });

  it('exits 1 when a finding reaches --fail-on', () => {
    const out = mkdtempSync(join(tmpdir(), 'mangalab-cli-'));
    // 2026-W43 has no week before it in the source, so its comparisons are missing: warnings, not info.
    const r = mangalab('report', 'weekly', '--source', fixtures.duckdb, '--week', '2026-W43', '--out', out, '--fail-on', 'info');
    expect(r.code).toBe(1);
    rmSync(out, { recursive: true, force: true });
  });

  it('runs an ad hoc query with bound parameters as CSV', () => {
    const r = mangalab(
      'query',
      'overview/daily_volume',
      '--source',
      fixtures.duckdb,
      '--param',
      'from_ts=2026-11-09',
      '--param',
      'to_ts=2026-11-11',
      '--format',
      'csv',
    );
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('day,requests,llm_requests,llm_cost_usd,unpriced_llm_requests,untokened_llm_requests');
    expect(lines.slice(1).map((l) => l.slice(0, 10))).toEqual(['2026-11-09', '2026-11-10']);
  });

  it.each([
    [['report', 'weekly', '--week', '2026-W30'], /--week 2026-W30: no requests between 2026-07-20 and 2026-07-27/],
    [['report', 'weekly', '--week', '46'], /--week: week "46" is not written YYYY-Www/],
    [['report', 'weekly', '--format', 'docx'], /--format: unknown format docx/],
    [['runs', '--limit', 'x'], /--limit: expected a whole number, got "x"/],
    [['query', 'overview/nope'], /query overview\/nope: unknown query name/],
    [['query', 'overview/daily_volume', '--param', 'from_ts=2026-11-09'], /missing parameter to_ts/],
    [
      ['query', 'overview/daily_volume', '--param', 'from_ts=2026-11-09', '--param', 'to_ts=2026-11-10', '--param', 'x=1'],
      /unknown parameter x/,
    ],
    [
      ['query', 'overview/daily_volume', '--param', 'from_ts=soon', '--param', 'to_ts=2026-11-10'],
      /parameter from_ts=soon is not a timestamp/,
    ],
    [['report', 'monthly'], /command-argument value 'monthly' is invalid for argument 'job'/],
  ])('exits 2 with one message naming the input for %j', (args, message) => {
    const out = mkdtempSync(join(tmpdir(), 'mangalab-cli-'));
    const r = mangalab(...args, '--source', fixtures.duckdb, ...(args[0] === 'report' ? ['--out', out] : []));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(
      r.stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('error')).length,
    ).toBeLessThanOrEqual(1);
    expect(readdirSync(out)).toEqual([]);
    rmSync(out, { recursive: true, force: true });
  });

  it('exits 2 for a missing or corrupt source and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mangalab-cli-'));
    const corrupt = join(dir, 'bad.duckdb');
    writeFileSync(corrupt, 'garbage');
    for (const source of [join(dir, 'missing.duckdb'), corrupt]) {
      const r = mangalab('report', 'weekly', '--source', source, '--out', join(dir, 'out'));
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(source);
    }
    expect(existsSync(join(dir, 'out'))).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });

  it('validates a source, exiting 0 when it matches and 2 with every issue when it does not', () => {
    expect(mangalab('validate', '--source', fixtures.parquet).code).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'mangalab-cli-'));
    writeFileSync(join(dir, 'requests.csv'), 'trace_id,ts\nT1,not-a-time\n');
    const r = mangalab('validate', '--source', dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('wrong type requests.ts: found VARCHAR, contract says TIMESTAMP (1 values cannot be read as TIMESTAMP)');
    expect(r.stdout).toContain('missing column requests.session_id (VARCHAR)');
    expect(r.stdout).toContain('missing table sessions');
    rmSync(dir, { recursive: true, force: true });
  });
});
