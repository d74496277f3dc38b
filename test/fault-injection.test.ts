// Fault injection (issue 22): loopback servers standing in for AWS, one per way a service fails (accepts and never
// answers, answers a byte at a time, drops the connection mid-answer, throttles), against the Redshift Data API,
// SageMaker and Bedrock clients through the CLI as a user runs it (AWS_ENDPOINT_URL). Every command must return
// within its bound with exit 3 and say what it was doing, except the error report, whose Bedrock categorizer falls back
// to the rule-based categories (exit 0) and says so.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createHttp2Server, type Http2Server, type ServerHttp2Stream } from 'node:http2';
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

/**
 * The same four faults over HTTP/2 (cleartext): the Bedrock runtime client speaks HTTP/2, so against an HTTP/1 server
 * it fails at once with a protocol error and never meets a hang.
 */
const h2Servers: Http2Server[] = [];
const h2Ports = {} as Record<Mode, number>;
function faultyHttp2Server(mode: Mode): Promise<number> {
  const server = createHttp2Server();
  server.on('stream', (stream: ServerHttp2Stream) => {
    stream.resume();
    stream.on('end', () => {
      if (mode === 'hang') return;
      if (mode === 'throttle') {
        stream.respond({ ':status': 400, 'content-type': 'application/json', 'x-amzn-errortype': 'ThrottlingException' });
        stream.end(JSON.stringify({ message: 'Rate exceeded' }));
        return;
      }
      stream.respond({ ':status': 200, 'content-type': 'application/json', 'content-length': '4096' });
      if (mode === 'drop') {
        stream.write('{"output": "partial');
        setTimeout(() => stream.session?.destroy(), 20);
        return;
      }
      const trickle = setInterval(() => stream.write(' '), 100);
      stream.on('close', () => clearInterval(trickle));
    });
  });
  h2Servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}

beforeAll(async () => {
  for (const mode of ['hang', 'slow', 'drop', 'throttle'] as const) {
    ports[mode] = await faultyServer(mode);
    h2Ports[mode] = await faultyHttp2Server(mode);
  }
});
afterAll(() => {
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
  for (const s of h2Servers) s.close();
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
  const bedrock = () => ({ AWS_ENDPOINT_URL: `http://127.0.0.1:${h2Ports[mode]}` });

  it('report errors --categorizer bedrock ends within its bound, exit 0, with the rule-based categories and the outage said', async () => {
    const fixtures = inject('fixtures');
    const config = JSON.parse(readFileSync('config/errors.json', 'utf8'));
    config.llm.cache_dir = join(dir, `categorizer-cache-${mode}`); // nothing cached: every turn needs a call
    const file = join(dir, `errors-${mode}.json`);
    writeFileSync(file, JSON.stringify(config));
    const out = join(dir, `errors-out-${mode}`);
    const args = ['report', 'errors', '--categorizer', 'bedrock', '--config', file, '--source', fixtures.duckdb, '--out', out];
    const r = await run(mode, bedrock(), ...args, '--format', 'json');
    expect(r.code).toBe(0);
    expect(r.seconds).toBeLessThan(30); // 4 calls at once, 4 attempts of 0.4 s each, then the rest are not sent
    expect(r.stderr).toMatch(/every call to .* failed \(last: .*\); \d+ of \d+ calls were not sent \(the first \d+ calls all failed\)/);
    const report = JSON.parse(readFileSync(join(out, 'errors', '2026-W46', 'report.json'), 'utf8'));
    const messages = report.sections.flatMap((x: { findings: { message: string }[] }) => x.findings.map((f) => f.message));
    expect(messages.some((m: string) => m.startsWith('The LLM categorizer was unavailable (every call to'))).toBe(true);
  }, 60_000);

  it('eval --bedrock ends within its bound, exit 3, naming the entries that got no answer', async () => {
    const { writeSampleGolden } = await import('../src/pipeline/golden-seed');
    const golden = writeSampleGolden(join(dir, `golden-${mode}`)).golden;
    const config = JSON.parse(readFileSync('config/bedrock.json', 'utf8'));
    Object.assign(config, { cache_dir: join(dir, `bedrock-cache-${mode}`), attempts: 2, time_limit_s: 20 });
    const file = join(dir, `bedrock-${mode}.json`);
    writeFileSync(file, JSON.stringify(config));
    const args = ['eval', '--golden', golden, '--bedrock', '--prompt-version', '2.3', '--bedrock-config', file, '--no-store'];
    const r = await run(mode, bedrock(), ...args, '--out', join(dir, `eval-${mode}`), '--format', 'json');
    expect(r.code).toBe(3);
    expect(r.seconds).toBeLessThan(25);
    expect(r.stderr).toMatch(
      /520 of 520 golden entries got no answer: \d+ because their call failed \(first, GD-\d+: .*\), \d+ were not sent: the first 4 calls all failed; the run is incomplete/,
    );
  }, 60_000);

  it('replay of a logged turn ends within the retry bound, exit 3, naming the model call', async () => {
    const fixtures = inject('fixtures');
    const traces = await run(mode, {}, 'traces', '--source', fixtures.duckdb, '--limit', '50', '--format', 'csv');
    const id = traces.stdout
      .split('\n')
      .slice(1)
      .find((l) => /sonnet|haiku/.test(l))
      ?.split(',')[0];
    expect(id).toBeTruthy();
    const r = await run(mode, bedrock(), 'replay', id!, '--source', fixtures.duckdb, '--out', join(dir, `replay-${mode}`));
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
