// One lock discipline (src/pipeline/lock.ts): audited changes queue under the audit log's lock instead of being lost
// or going live unaudited; a dead holder's lock is taken over and audited; an interrupted action says what it did.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rollback } from '../src/jobs/actions/deploy';
import { AuditLog } from '../src/pipeline/audit';
import { acquireLock, processAlive } from '../src/pipeline/lock';
import { fakeEndpoint } from './fixtures/sagemaker-fake';

const dir = mkdtempSync(join(tmpdir(), 'mangalab-locks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The pid of a process that has ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const pid = Number(r.stdout);
  expect(processAlive(pid)).toBe(false);
  return pid;
}

const tsxChild = (script: string, ...args: string[]) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', script, ...args], { env: { ...process.env, CI: 'true' } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });

describe('acquireLock', () => {
  it('refuses a live holder, naming it and what it does, and takes over from a dead one, telling what it had done', () => {
    const locks = join(dir, 'unit');
    const held = acquireLock('thing', { dir: locks, action: 'deploy canary on manga-intent' });
    expect(() => acquireLock('thing', { dir: locks, waitMs: 50 })).toThrow(
      new RegExp(`another operation holds the lock .*thing\\.lock \\(pid ${process.pid} on .* deploy canary on manga-intent\\)`),
    );
    held.release();
    const pid = deadPid();
    mkdirSync(locks, { recursive: true });
    const stale = { pid, host: hostname(), since: '2026-12-01T00:00:00.000Z', action: 'deploy canary', steps: ['weights requested'] };
    writeFileSync(join(locks, 'thing.lock'), JSON.stringify(stale));
    const seen: unknown[] = [];
    const lock = acquireLock('thing', { dir: locks, onTakeover: (h) => seen.push(h) });
    expect(seen).toEqual([stale]);
    expect(JSON.parse(readFileSync(lock.file, 'utf8'))).toMatchObject({ pid: process.pid, steps: [] });
    lock.step('one');
    expect(JSON.parse(readFileSync(lock.file, 'utf8')).steps).toEqual(['one']);
    lock.release();
    expect(existsSync(lock.file)).toBe(false);
    // The line form older versions wrote is judged by its pid too.
    writeFileSync(join(locks, 'old.lock'), `pid ${deadPid()} since 2026-11-30T00:00:00.000Z\n`);
    acquireLock('old', { dir: locks }).release();
  });
});

describe('audited changes under one lock', () => {
  it('12 concurrent prompt set runs: every change lands, each with its record, in one unbroken chain', async () => {
    const file = join(dir, 'active.json');
    cpSync('config/active-prompts.json', file);
    const auditFile = join(dir, 'concurrent-audit.jsonl');
    const before = JSON.parse(readFileSync(file, 'utf8')).intents.recommendation.history.length as number;
    const runs = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        tsxChild('test/fixtures/prompt-set-child.ts', file, auditFile, i % 2 ? '2.4' : '2.3', `model-${i}`),
      ),
    );
    expect(runs.map((r) => r.code)).toEqual(Array(12).fill(0));
    const audit = new AuditLog(auditFile);
    const records = audit.read();
    expect(records).toHaveLength(12);
    expect(audit.verify().ok).toBe(true);
    // No change is lost: each record starts where the one before ended, and the file's history holds all twelve.
    for (let i = 1; i < records.length; i++) expect(records[i]!.old).toBe(records[i - 1]!.new);
    const active = JSON.parse(readFileSync(file, 'utf8')).intents.recommendation;
    expect(active.history).toHaveLength(before + 12);
    expect(`${active.prompt_version}/${active.model_version}`).toBe(records.at(-1)!.new);
  }, 120_000);
});

describe('deploy and stale locks', () => {
  it('a rollback takes over the lock a killed canary left, audits the takeover with its steps, then rolls back', async () => {
    const locks = join(dir, 'deploy-locks');
    mkdirSync(locks, { recursive: true });
    const stale = {
      pid: deadPid(),
      host: hostname(),
      since: '2026-12-01T10:00:00.000Z',
      action: 'deploy canary-step on manga-intent',
      steps: ['weights requested: {"canary-v4":0.5,"baseline-v3":0.5}'],
    };
    writeFileSync(join(locks, 'endpoint-manga-intent.lock'), JSON.stringify(stale));
    const client = fakeEndpoint(['InService', 0.5], ['InService', 0]);
    const audit = new AuditLog(join(dir, 'takeover-audit.jsonl'));
    const r = await rollback(
      'manga-intent',
      { yes: true, why: 'canary run was killed' },
      { client, sleep: async () => {}, audit, notify: async () => {}, lockDir: locks, who: async () => 'oncall' },
    );
    expect(r.outcome).toBe('completed');
    const records = audit.read();
    expect(records.map((x) => [x.component, x.action, x.outcome])).toEqual([
      ['lock:endpoint-manga-intent', 'lock-takeover', 'interrupted'],
      ['sagemaker:manga-intent', 'rollback', 'completed'],
    ]);
    expect(records[0]!.details).toMatchObject({ action: stale.action, steps: stale.steps });
    expect(records[0]!.old).toBe(`pid ${stale.pid} on ${stale.host}`);
    expect(existsSync(join(locks, 'endpoint-manga-intent.lock'))).toBe(false);
  });

  it('Ctrl-C during deploy canary --yes: exit 130, the lock released, an audit record of how far it got', async () => {
    const locks = join(dir, 'interrupt-locks');
    const auditFile = join(dir, 'interrupt-audit.jsonl');
    const p = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/canary-interrupt-child.ts', locks, auditFile], {
      env: { ...process.env, CI: 'true' },
    });
    const lockFile = join(locks, 'endpoint-manga-intent.lock');
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (existsSync(lockFile) && readFileSync(lockFile, 'utf8').includes('waiting for InService')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    p.kill('SIGINT');
    const code = await new Promise<number | null>((r) => p.on('close', (c) => r(c)));
    expect(code).toBe(130);
    expect(existsSync(lockFile)).toBe(false);
    const [record] = new AuditLog(auditFile).read();
    expect(record).toMatchObject({ component: 'sagemaker:manga-intent', action: 'canary', outcome: 'interrupted', old: '10%', new: '50%' });
    expect(record!.details).toMatchObject({ signal: 'SIGINT' });
    expect((record!.details as { steps: string[] }).steps).toEqual([
      'weights requested: {"canary-v4":0.5,"baseline-v3":0.5}',
      'weights accepted by SageMaker; waiting for InService',
    ]);
  }, 90_000);
});
