#!/usr/bin/env node
// Runs every check: type check, lint, the formatter's check, then the vitest suite, and ends with one plain summary line
// ("tests: N passed, N failed") that CI reads. Exit code is non-zero when any step fails.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { delimiter, resolve } from 'node:path';

const env = { ...process.env, PATH: [resolve('node_modules/.bin'), process.env.PATH].join(delimiter) };
const run = (label, cmd, args) => {
  process.stderr.write(`\n== ${label}: ${cmd} ${args.join(' ')}\n`);
  return spawnSync(cmd, args, { stdio: 'inherit', env }).status ?? 1;
};

let failedSteps = 0;
failedSteps += run('type check', 'tsc', ['--noEmit']) === 0 ? 0 : 1;
failedSteps += run('lint', 'eslint', ['.']) === 0 ? 0 : 1;
failedSteps +=
  run('format', 'prettier', [
    '--check',
    'src/**/*.ts',
    'test/**/*.ts',
    'bench/**/*.ts',
    'scripts/**/*.{ts,mjs}',
    'bin/*.mjs',
    '*.{js,ts}',
  ]) === 0
    ? 0
    : 1;
mkdirSync('test-artifacts', { recursive: true });
const results = resolve('test-artifacts/vitest.json');
const vitest = run('tests', 'vitest', ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}`]);
let passed = 0;
let failed = 0;
if (existsSync(results)) {
  const json = JSON.parse(readFileSync(results, 'utf8'));
  passed = json.numPassedTests ?? 0;
  failed = (json.numFailedTests ?? 0) + (json.numTodoTests ?? 0);
}
failed += failedSteps;
if (vitest !== 0 && failed === 0) failed = 1;
process.stdout.write(`\ntests: ${passed} passed, ${failed} failed\n`);
process.exitCode = vitest !== 0 || failedSteps > 0 ? 1 : 0;
