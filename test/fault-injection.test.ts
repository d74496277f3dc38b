// Fault injection (issue 22): loopback servers standing in for AWS, one per way a service fails (accepts and never
// answers, answers a byte at a time, drops the connection mid-answer, throttles), against the Redshift Data API,
// SageMaker and Bedrock clients through the CLI as a user runs it (AWS_ENDPOINT_URL). Every command must return
// within its bound with exit 3 and say what it was doing.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuditLog } from '../src/pipeline/audit';

type Mode = 'hang' | 'slow' | 'drop' | 'throttle';
const dir = mkdtempSync(join(tmpdir(), 'mangalab-faults-'));
const servers: Server[] = [];
const ports = {} as Record<Mode, number>;

function faultyServer(mode: Mode): Promise<number> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const json = req.headers['x-amz-target'] ? 'application/x-amz-json-1.1' : 'application/json';
      if (mode === 'hang') return; // accepted, never answered
      if (mode === 'throttle') {
        res.writeHead(400, { 'content-type': json, 'x-amzn-errortype': 'ThrottlingException' });
        res.end(JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }));
        return;
      }
      res.writeHead(200, { 'content-type': json, 'content-length': '4096' });
      if (mode === 'drop') {
        res.write('{"Id": "partial');
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      const trickle = setInterval(() => res.write(' '), 100); // slow: a byte every 100 ms, never the whole body
      res.on('close', () => clearInterval(trickle));
    });
  });
  servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}

beforeAll(async () => {
  for (const mode of ['hang', 'slow', 'drop', 'throttle'] as const) ports[mode] = await faultyServer(mode);
});
afterAll(() => {
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI against a faulty endpoint; resolves with the exit code, output and the seconds it took. */
function run(mode: Mode, env: Record<string, string>, ...args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string; seconds: number }>((resolve) => {
    const started = Date.now();
    const p = spawn(process.execPath, ['bin/mangalab.mjs', ...args], {
      env: {
        ...process.env,
        CI: 'true',
        AWS_ENDPOINT_URL: `http://127.0.0.1:${ports[mode]}`,
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'secret-example',
        AWS_REGION: 'us-east-1',
        AWS_EC2_METADATA_DISABLED: 'true',
        MANGALAB_AWS_REQUEST_TIMEOUT_MS: '400',
        MANGALAB_AWS_CONNECT_TIMEOUT_MS: '400',
        MANGALAB_AUDIT: join(dir, `audit-${mode}-${args[0]}-${args[1]}.jsonl`),
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => resolve({ code, stdout, stderr, seconds: (Date.now() - started) / 1000 }));
  });
}

const MODES = ['hang', 'slow', 'drop', 'throttle'] as const;

describe.each(MODES)('a Redshift Data API that %s', (mode) => {
  it('validate with timeout-ms=3000 ends within its bound, exit 3, naming the call', async () => {
    const r = await run(mode, {}, 'validate', '--source', 'redshift:workgroup=wg,database=dev,timeout-ms=3000');
    expect(r.code).toBe(3);
    expect(r.seconds).toBeLessThan(12); // the statement's 3 s and the CLI's start-up
    expect(r.stderr).toMatch(/Redshift|ExecuteStatement|Throttling|socket|ECONNRESET|aborted|no answer/i);
  }, 30_000);
});

describe.each(MODES)('a SageMaker that %s', (mode) => {
  it('deploy status ends within the retry bound, exit 3, saying DescribeEndpoint failed', async () => {
    const r = await run(mode, {}, 'deploy', 'status', 'manga-intent');
    expect(r.code).toBe(3);
    expect(r.seconds).toBeLessThan(20); // 5 attempts of 0.4 s and their backoff
    expect(r.stderr).toContain('DescribeEndpoint manga-intent failed');
  }, 40_000);

  it('deploy rollback --yes --timeout 5 ends within its bound, exit 3, and changes nothing it cannot see', async () => {
    const r = await run(mode, {}, 'deploy', 'rollback', 'manga-intent', '--yes', '--timeout', '5');
    expect(r.code).toBe(3);
    expect(r.seconds).toBeLessThan(20);
    expect(r.stderr).toContain('DescribeEndpoint manga-intent failed');
  }, 40_000);
});

describe.each(MODES)('a Bedrock that %s', (mode) => {
  it('replay of a logged turn ends within the retry bound, exit 3, naming the model call', async () => {
    const fixtures = inject('fixtures');
    const traces = await run(mode, {}, 'traces', '--source', fixtures.duckdb, '--limit', '50', '--format', 'csv');
    const id = traces.stdout
      .split('\n')
      .slice(1)
      .find((l) => /sonnet|haiku/.test(l))
      ?.split(',')[0];
    expect(id).toBeTruthy();
    const r = await run(mode, {}, 'replay', id!, '--source', fixtures.duckdb, '--out', join(dir, `replay-${mode}`));
    expect(r.code).toBe(3);
    expect(r.seconds).toBeLessThan(30);
    expect(r.stderr).toMatch(/replay of .* failed/);
  }, 60_000);
});

describe('the audit trail of a rollback that a service failed', () => {
  it('records how far it got', async () => {
    // SageMaker answers DescribeEndpoint (InService, canary at 50%) and then hangs on the weight change.
    let calls = 0;
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        calls++;
        if (req.headers['x-amz-target'] === 'SageMaker.DescribeEndpoint') {
          res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
          res.end(
            JSON.stringify({
              EndpointName: 'manga-intent',
              EndpointStatus: 'InService',
              ProductionVariants: [
                { VariantName: 'baseline-v3', CurrentWeight: 0.5, DesiredWeight: 0.5, CurrentInstanceCount: 2 },
                { VariantName: 'canary-v4', CurrentWeight: 0.5, DesiredWeight: 0.5, CurrentInstanceCount: 1 },
              ],
            }),
          );
        } // UpdateEndpointWeightsAndCapacities: never answered
      });
    });
    servers.push(server);
    const port = await new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
    );
    const audit = join(dir, 'rollback-hung-update.jsonl');
    const r = await new Promise<{ code: number | null; stderr: string; seconds: number }>((resolve) => {
      const started = Date.now();
      const p = spawn(process.execPath, ['bin/mangalab.mjs', 'deploy', 'rollback', 'manga-intent', '--yes', '--timeout', '3'], {
        env: {
          ...process.env,
          CI: 'true',
          AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
          AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
          AWS_SECRET_ACCESS_KEY: 'secret-example',
          AWS_REGION: 'us-east-1',
          MANGALAB_AWS_REQUEST_TIMEOUT_MS: '400',
          MANGALAB_AUDIT: audit,
          MANGALAB_ACTOR: 'oncall',
        },
      });
      let stderr = '';
      p.stderr.on('data', (d) => (stderr += d));
      p.on('close', (code) => resolve({ code, stderr, seconds: (Date.now() - started) / 1000 }));
    });
    expect(r.code).toBe(3);
    expect(r.seconds).toBeLessThan(15);
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(r.stderr).toContain('check with mangalab deploy status manga-intent');
    const records = new AuditLog(audit).read();
    expect(records.map((x) => [x.action, x.outcome])).toEqual([['rollback', 'failed']]);
    expect((records[0]!.details as { steps: string[] }).steps).toEqual(['weights requested: {"canary-v4":0,"baseline-v3":1}']);
  }, 40_000);
});
