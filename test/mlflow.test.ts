import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOG_BATCH_LIMITS, MlflowClient, MlflowError } from '../src/pipeline/mlflow';
import { writeSampleKnowledgeBase } from '../src/pipeline/kb-seed';
import { Registry } from '../src/pipeline/registry-store';
import { ResultsStore } from '../src/pipeline/results-store';
import { mangalabAsync, projectCopy } from './helpers';
import { MlflowServer } from './mlflow-server';

const fixtures = inject('fixtures');
const project = projectCopy('mangalab-mlflow-');
const { home, golden, predictions } = project;
writeSampleKnowledgeBase(join(home, 'data', 'sample'));
const results = project.env.MANGALAB_RESULTS!;
const token = 'mlflow-secret-token-7f3a';
const env = { ...project.env, MLFLOW_TRACKING_TOKEN: token };
/** An eval of the sample predictions writing JSON to `out`, with extra flags. */
const evalArgs = (out: string, ...extra: string[]) => [
  'eval',
  '--golden',
  golden,
  '--predictions',
  predictions,
  '--out',
  join(home, out),
  '--format',
  'json',
  ...extra,
];
const server = new MlflowServer();
let uri = '';
const seen: string[] = [];
beforeAll(async () => {
  uri = await server.start();
});
afterAll(async () => {
  await server.stop();
  rmSync(home, { recursive: true, force: true });
});
const run = (...args: string[]) => mangalabAsync(env, ...args);
const storedRun = async (id: string) => {
  const s = await ResultsStore.open(results);
  try {
    return { run: await s.find(id), mlflowId: await new Registry(s).mlflowId('eval', id, uri) };
  } finally {
    s.close();
  }
};

describe('an evaluation run logged to MLflow', () => {
  it('carries the same metrics, params and gates as the local run, and the report as an artifact', async () => {
    const out = join(home, 'reports');
    // The later --format wins: JSON and Markdown, so two report files go as artifacts.
    const r = await run(
      ...evalArgs('reports', '--prompt-version', '2.4', '--model-version', 'sonnet-v2.0', '--format', 'json,md', '--mlflow', uri),
    );
    expect(r.code).toBe(0);
    seen.push(r.stderr);
    const id = /Stored run (\S+) in/.exec(r.stderr)![1]!;
    const { run: local, mlflowId } = await storedRun(id);
    const remote = server.runs.get(mlflowId!)!;
    expect(remote.info.status).toBe('FINISHED');
    expect(server.lastAuthorization).toBe(`Bearer ${token}`);
    const logged = Object.fromEntries(remote.data.metrics.map((m) => [m.key, m.value]));
    const expected = Object.fromEntries(
      Object.entries(local!.metrics)
        .filter(([, m]) => m.value !== null)
        .map(([k, m]) => [k, m.value]),
    );
    expect(logged).toEqual(expected);
    const notComputed = Object.entries(local!.metrics)
      .filter(([, m]) => m.value === null)
      .map(([k]) => k);
    const tags = Object.fromEntries(remote.data.tags.map((t) => [t.key, t.value]));
    expect(tags['mangalab.not_computed']).toBe(notComputed.join(', '));
    expect(tags).toMatchObject({ 'mangalab.kind': 'eval', 'mangalab.id': id, 'mangalab.passed': 'true' });
    for (const g of local!.gates) expect(tags[`gate.${g.metric}`]).toBe(g.status);
    const params = Object.fromEntries(remote.data.params.map((p) => [p.key, p.value]));
    expect(params).toMatchObject({
      dataset_sha256: local!.datasetSha256,
      prompt_version: '2.4',
      model_version: 'sonnet-v2.0',
      responder: 'file',
    });
    const report = [...server.artifacts.entries()].find(([k]) => k.endsWith(`${mlflowId}/artifacts/report.json`));
    expect(report![1].toString('utf8')).toBe(readFileSync(join(out, 'eval', 'golden-v1', 'report.json'), 'utf8'));
    expect(r.stderr).toContain(`as run ${mlflowId} (${Object.keys(expected).length} metrics, 9 params, 2 report files as artifacts)`);
  });

  it('warns and keeps the local run when MLflow is down or failing; the token never reaches the log', async () => {
    const down = await run(...evalArgs('r2', '--mlflow', 'http://127.0.0.1:9'));
    expect(down.code).toBe(0);
    expect(down.stderr).toMatch(
      /MLflow: eval (\S+) was not logged \(MLflow at http:\/\/127\.0\.0\.1:9 could not be reached \(GET \/api\/2\.0\/mlflow\/experiments\/get-by-name: .+\)\); the local record is kept\./,
    );
    const id = /Stored run (\S+) in/.exec(down.stderr)![1]!;
    expect((await storedRun(id)).run!.entries).toBeGreaterThan(0);
    server.fail = true;
    try {
      const failing = await run(...evalArgs('r3', '--mlflow', uri));
      expect(failing.code).toBe(0);
      expect(failing.stderr).toContain('failed: 503 TEMPORARILY_UNAVAILABLE: no healthy upstream); the local record is kept.');
      seen.push(down.stderr, failing.stderr);
    } finally {
      server.fail = false;
    }
    for (const s of seen) expect(s).not.toContain(token);
  });
});

describe('other runs and the registry mirrored', () => {
  it('logs a chunking grid and an experiment readout', async () => {
    const c = await run('experiment', 'chunks', '--out', join(home, 'r4'), '--format', 'json', '--mlflow', uri);
    expect(c.code).toBe(0);
    const grid = [...server.runs.values()].find((x) => x.data.tags.some((t) => t.key === 'mangalab.kind' && t.value === 'chunks'))!;
    expect(grid.data.metrics.filter((m) => m.key.endsWith('.recall_at_k')).length).toBe(4);
    server.proxyArtifacts = false;
    try {
      const e = await run(
        'report',
        'experiment',
        '--id',
        'exp-prompt-v24',
        '--source',
        fixtures.duckdb,
        '--out',
        join(home, 'r5'),
        '--format',
        'json',
        '--mlflow',
        uri,
      );
      expect(e.code).toBe(0);
      expect(e.stderr).toContain('the server does not proxy artifacts (s3://bucket/');
      const x = [...server.runs.values()].find((r) => r.data.tags.some((t) => t.key === 'mangalab.kind' && t.value === 'experiment'))!;
      const tags = Object.fromEntries(x.data.tags.map((t) => [t.key, t.value]));
      const md = readFileSync(
        e.stdout
          .trim()
          .split('\n')
          .find((l) => l.endsWith('report.json'))!,
        'utf8',
      );
      expect(md).toContain(tags['mangalab.best_arm'] === 'none' ? 'exp-prompt-v24' : tags['mangalab.best_arm']!);
      expect(x.data.params.find((p) => p.key === 'experiment_id')!.value).toBe('exp-prompt-v24');
      expect(x.data.metrics.some((m) => m.key === 'conversion_rate.treatment.relative_lift')).toBe(true);
    } finally {
      server.proxyArtifacts = true;
    }
  });

  it('mirrors a promotion as a registered model version with the stage as alias, and an archive removes it', async () => {
    const reg = (...a: string[]) => run('registry', ...a);
    expect((await reg('register', '--prompt', join(home, 'prompts', 'recommendation', 'v2.4.md'))).code).toBe(0);
    const p = await reg('promote', 'prompt:recommendation@2.4', '--to', 'production', '--mlflow', uri);
    expect(p.code).toBe(0);
    const m = server.models.get('mangalab.prompt.recommendation')!;
    expect(m.aliases.get('production')).toBe('1');
    expect(m.versions[0]!.tags).toEqual(
      expect.arrayContaining([
        { key: 'mangalab.version', value: '2.4' },
        { key: 'mangalab.stage', value: 'production' },
      ]),
    );
    // Approved by the first test's run, which went to this server: the model version points at that MLflow run.
    expect(m.versions[0]!.source).toMatch(/^runs:\/r\d+\/$/);
    const a = await reg('archive', 'prompt:recommendation@2.4', '--mlflow', uri);
    expect(a.code).toBe(0);
    expect(m.aliases.has('production')).toBe(false);
    expect(m.versions).toHaveLength(1);
    expect(m.versions[0]!.tags).toContainEqual({ key: 'mangalab.stage', value: 'archived' });
  });
});

describe('MlflowClient', () => {
  it("splits a batch by MLflow's limits, which the server enforces", async () => {
    const client = new MlflowClient(uri);
    const exp = await client.experimentId('limits');
    expect(await client.experimentId('limits')).toBe(exp);
    const { runId } = await client.createRun(exp, 'big', 0, {});
    const metrics = Object.fromEntries(Array.from({ length: 2500 }, (_, i) => [`m${i}`, i]));
    const params = Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`p${i}`, 'x'.repeat(7000)]));
    const before = server.calls.length;
    const calls = await client.logBatch(runId, metrics, params, {}, 0);
    // 250 params need 3 calls (100 each); the first two carry 900 metrics each beside them, the third 700.
    expect(calls).toBe(3);
    expect(server.calls.length - before).toBe(3);
    expect(server.runs.get(runId)!.data.metrics).toHaveLength(2500);
    expect(server.runs.get(runId)!.data.params[0]!.value).toHaveLength(6000);
    expect(LOG_BATCH_LIMITS.total).toBe(1000);
    const err = await client.call('POST', '/api/2.0/mlflow/runs/log-batch', { run_id: 'nope' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MlflowError);
    expect(err).toMatchObject({ status: 404, code: 'RESOURCE_DOES_NOT_EXIST' });
  });
});
