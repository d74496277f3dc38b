// Helpers for tests that read the fixture warehouse directly (independent counts) or change a copy of it.
import { expect } from 'vitest';
import { mulberry32 } from '../src/analysis/aaSimulation';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DuckDBSource } from '../src/pipeline/duckdb-source';
import type { RatioSums } from '../src/analysis/deltaMethodRatio';
import { writeSampleGolden } from '../src/pipeline/golden-seed';

/**
 * A project of a test's own (MANGALAB_HOME): copies of config/, prompts/ and queries/, the sample golden set and a
 * candidate's predictions, and an environment naming its results store and audit log, so that a command that changes
 * config (prompt set) or the store changes only the copy.
 */
export function projectCopy(prefix: string): { home: string; golden: string; predictions: string; env: Record<string, string> } {
  const home = mkdtempSync(join(tmpdir(), prefix));
  for (const d of ['config', 'prompts', 'queries']) cpSync(d, join(home, d), { recursive: true });
  mkdirSync(join(home, 'data', 'sample'), { recursive: true });
  const { golden, predictions } = writeSampleGolden(join(home, 'data', 'sample'));
  const env = { MANGALAB_HOME: home, MANGALAB_RESULTS: join(home, 'data', 'results.duckdb'), MANGALAB_AUDIT: join(home, 'audit.jsonl') };
  return { home, golden, predictions, env };
}

/** A writable copy of the warehouse file `from`, saved as `<dir>/<name>.duckdb` and changed by `sql`. */
export async function alteredCopy(from: string, dir: string, name: string, sql: string[]): Promise<DuckDBSource> {
  const path = join(dir, `${name}.duckdb`);
  copyFileSync(from, path);
  const db = await DuckDBSource.open(path, { readWrite: true });
  for (const s of sql) await db.conn.run(s);
  return db;
}

/** The first cell of a SQL statement's result, as a number. */
export async function scalar(db: DuckDBSource, sql: string): Promise<number> {
  return Number((await db.conn.runAndReadAll(sql)).getRows()[0]![0]);
}

/** Runs the CLI as a user would (bin/mangalab.mjs, not a terminal): exit code, stdout and stderr. */
export function mangalab(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  return mangalabWithEnv({}, ...args);
}

/** Runs the CLI as `mangalab` does, with extra environment variables (an audit file of the test's own, say). */
export function mangalabWithEnv(env: Record<string, string>, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/mangalab.mjs', ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The CLI run as `mangalabWithEnv` runs it, without blocking this process: for a CLI that talks to a server the test
 * itself runs (a loopback Data API), which a synchronous spawn would keep from answering.
 */
export function mangalabAsync(
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['bin/mangalab.mjs', ...args], { env: { ...process.env, CI: 'true', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** An environment in which the AWS SDK finds no credentials anywhere (files under `dir` that do not exist, no metadata). */
export function noAwsCredentials(dir: string): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: '',
    AWS_SECRET_ACCESS_KEY: '',
    AWS_SESSION_TOKEN: '',
    AWS_PROFILE: '',
    AWS_CONFIG_FILE: join(dir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/** Runs a reference script under test/reference/ with the Debian Python (JSON in on stdin, JSON out on stdout). */
export function pythonReference<T>(script: string, input: unknown): T {
  const python = process.env.MANGALAB_REFERENCE_PYTHON ?? '/usr/bin/python3';
  const r = spawnSync(python, [join('test', 'reference', script)], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** A deterministic uniform generator (LCG) for test samples. */
export function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/** The sums deltaMethodRatio takes, from each unit's numerator and denominator. */
export function ratioSumsOf(num: readonly number[], den: readonly number[]): RatioSums {
  const s = { n: num.length, sumNum: 0, sumDen: 0, sumNumSq: 0, sumDenSq: 0, sumNumDen: 0 };
  num.forEach((v, i) => {
    const d = den[i]!;
    s.sumNum += v;
    s.sumDen += d;
    s.sumNumSq += v * v;
    s.sumDenSq += d * d;
    s.sumNumDen += v * d;
  });
  return s;
}

/** Seeded vectors of independent standard normal components (mulberry32, Box-Muller), plus a shift a dimension. */
export function gaussianVectors(seed: number, n: number, dims: number, shift: (d: number) => number = () => 0): number[][] {
  const r = mulberry32(seed);
  const g = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  return Array.from({ length: n }, () => Array.from({ length: dims }, (_, d) => g() + shift(d)));
}

/** An HTML report or deck without its own inline script (the last element before </body>): what data could have put there. */
export function withoutOwnScript(html: string): string {
  const own = html.lastIndexOf('<script>');
  expect(html.slice(own)).toMatch(/^<script>[^<]*<\/script><\/body><\/html>\n$/);
  return html.slice(0, own);
}
