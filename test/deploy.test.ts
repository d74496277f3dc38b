import {
  DescribeEndpointCommand,
  SageMakerClient,
  UpdateEndpointWeightsAndCapacitiesCommand,
  type DescribeEndpointCommandOutput,
  type EndpointStatus,
  type ProductionVariantSummary,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { verifyAuditChain } from '../src/analysis/auditChain';
import { canaryVerdict } from '../src/jobs/monitoring/canary-verdict';
import { canaryAnalysis } from '../src/analysis/canaryAnalysis';
import { loadMonitoringConfig } from '../src/pipeline/monitoring-config';
import { canaryStep, rollback } from '../src/jobs/actions/deploy';
import { applyPromotion, rollbackPrompt, setPrompt } from '../src/jobs/actions/prompt-versions';
import { AuditLog, awsActor } from '../src/pipeline/audit';
import { acquireLock } from '../src/pipeline/lock';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DuckDBSource } from '../src/pipeline/duckdb-source';
import { mangalab, scalar } from './helpers';
import { promotionEvidence } from '../src/analysis/promotionEvidence';
import type { Approval } from '../src/jobs/registry/registry';
import type { RegistryEntry } from '../src/pipeline/registry-store';

const fixtures = inject('fixtures');
const dir = mkdtempSync(join(tmpdir(), 'mangalab-deploy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const client = new SageMakerClient({ region: 'us-east-1' });
const mock = mockClient(client);
let n = 0;
let audit: AuditLog;
let notes: string[];
const sts = mockClient(STSClient);
const deps = () => ({
  client,
  sleep: async () => {},
  audit,
  notify: async (t: string) => void notes.push(t),
  lockDir: join(dir, 'locks'),
  who: () => awsActor(new STSClient({ region: 'us-east-1' })),
});
const endpoint = (status: EndpointStatus, canary: number, extra: ProductionVariantSummary[] = []): DescribeEndpointCommandOutput => ({
  $metadata: {},
  EndpointArn: 'arn',
  CreationTime: new Date(0),
  LastModifiedTime: new Date(0),
  EndpointName: 'manga-intent',
  EndpointStatus: status,
  ProductionVariants: [
    { VariantName: 'baseline-v3', CurrentWeight: 1 - canary, DesiredWeight: 1 - canary, CurrentInstanceCount: 2 },
    { VariantName: 'canary-v4', CurrentWeight: canary, DesiredWeight: canary, CurrentInstanceCount: 1 },
    ...extra,
  ],
});
// The registry gate's answer, built from a real promotionEvidence over one passing run (the gate itself is tested in
// test/registry.test.ts): what canaryStep and setPrompt carry into their audit records.
const golden = { file: 'golden.jsonl', sha256: 'a'.repeat(64), version: 'golden' };
const passingRun = {
  runId: 'run-approving',
  createdAt: new Date('2026-11-13T15:00:00Z'),
  datasetSha256: golden.sha256,
  datasetVersion: 'golden',
  intent: null,
  promptVersion: '2.4',
  modelVersion: null,
  complete: true,
  passed: true,
  failedGates: [],
};
const approval: Approval = {
  label: 'prompt:recommendation@2.4',
  entry: { kind: 'prompt', name: 'recommendation', version: '2.4' } as RegistryEntry,
  evidence: promotionEvidence({ kind: 'prompt', name: 'recommendation', version: '2.4', linkedRunIds: [] }, [passingRun], golden),
  runId: 'run-approving',
  override: null,
  golden,
};
const approve = async () => ({ evalRunId: 'run-approving', evalPassed: true, details: { registry: 'classifier:intent@4' } });
beforeEach(() => {
  mock.reset();
  sts.reset();
  sts
    .on(GetCallerIdentityCommand)
    .resolves({ Arn: 'arn:aws:sts::123456789012:assumed-role/oncall/alice', Account: '123456789012', UserId: 'AROA' });
  audit = new AuditLog(join(dir, `audit-${++n}.jsonl`));
  notes = [];
});

describe('deploy canary', () => {
  it('plans a step without changing anything unless --yes', async () => {
    mock.on(DescribeEndpointCommand).resolves(endpoint('InService', 0.01));
    const r = await canaryStep('manga-intent', 10, { approve, verdict: { healthy: true, summary: 'healthy' } }, {}, deps());
    expect(r.outcome).toBe('dry-run');
    expect(r.plan).toBe(
      'Dry run: manga-intent: canary canary-v4 1% -> 10%, baseline baseline-v3 99% -> 90% (verdict: healthy). Run again with --yes to apply.',
    );
    expect(mock.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand)).toHaveLength(0);
    expect(audit.read()).toEqual([]);
  });

  it('sets the weights, waits for InService, audits and notifies; re-running changes nothing', async () => {
    mock
      .on(DescribeEndpointCommand)
      .resolvesOnce(endpoint('InService', 0.01))
      .resolvesOnce(endpoint('Updating', 0.1))
      .resolves(endpoint('InService', 0.1));
    mock.on(UpdateEndpointWeightsAndCapacitiesCommand).resolves({ EndpointArn: 'arn' });
    const r = await canaryStep(
      'manga-intent',
      10,
      { approve, verdict: { healthy: true, summary: 'healthy over the last 24 h' }, ticket: 'CHG-7' },
      { yes: true },
      deps(),
    );
    expect(r.outcome).toBe('completed');
    expect(mock.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand)[0]!.args[0].input.DesiredWeightsAndCapacities).toEqual([
      { VariantName: 'canary-v4', DesiredWeight: 0.1 },
      { VariantName: 'baseline-v3', DesiredWeight: 0.9 },
    ]);
    const [entry] = audit.read();
    expect(entry!.who).toMatch(/^arn:aws:sts::123456789012:assumed-role\/oncall\/alice \(.+\)$/);
    expect(entry).toMatchObject({
      seq: 1,
      component: 'sagemaker:manga-intent',
      action: 'canary',
      old: '1%',
      new: '10%',
      why: 'healthy over the last 24 h',
      ticket: 'CHG-7',
      evalRunId: 'run-approving',
      evalPassed: true,
      outcome: 'completed',
    });
    expect(entry!.details.registry).toBe('classifier:intent@4');
    expect(notes[0]).toMatch(/canary canary-v4 1% -> 10%.*Endpoint InService\. Audit #1\./);
    mock.on(DescribeEndpointCommand).resolves(endpoint('InService', 0.1));
    const again = await canaryStep('manga-intent', 10, { approve, verdict: null }, { yes: true }, deps());
    expect(again.outcome).toBe('unchanged');
    expect(audit.read()).toHaveLength(1);
  });

  it('refuses past 1% without a healthy verdict unless overridden, and records the override', async () => {
    mock.on(DescribeEndpointCommand).resolves(endpoint('InService', 0.01));
    mock.on(UpdateEndpointWeightsAndCapacitiesCommand).resolves({});
    await expect(
      canaryStep('manga-intent', 10, { approve, verdict: { healthy: false, summary: 'worse on errors' } }, { yes: true }, deps()),
    ).rejects.toThrow('promotion past 1% needs a healthy canary verdict (worse on errors); or --override "reason"');
    expect(mock.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand)).toHaveLength(0);
    await canaryStep(
      'manga-intent',
      10,
      { approve, verdict: { healthy: false, summary: 'worse on errors' }, override: 'error spike is a logging bug, INC-12' },
      { yes: true },
      deps(),
    );
    expect(audit.read()[0]!.details.override).toBe('error spike is a logging bug, INC-12');
  });

  it('refuses an endpoint that is Updating, a missing variant, a step backwards or off the ladder, and an unknown endpoint', async () => {
    mock.on(DescribeEndpointCommand).resolves(endpoint('Updating', 0.01));
    await expect(
      canaryStep('manga-intent', 10, { approve, verdict: { healthy: true, summary: 'ok' } }, { yes: true }, deps()),
    ).rejects.toThrow('endpoint manga-intent: is Updating, not InService');
    mock.on(DescribeEndpointCommand).resolves({
      EndpointName: 'manga-intent',
      EndpointStatus: 'InService',
      ProductionVariants: [{ VariantName: 'baseline-v3', CurrentWeight: 1 }],
    } as DescribeEndpointCommandOutput);
    await expect(canaryStep('manga-intent', 10, { approve, verdict: null }, {}, deps())).rejects.toThrow(
      'needs exactly two production variants (baseline and canary), has 1: baseline-v3',
    );
    mock.on(DescribeEndpointCommand).resolves(endpoint('InService', 0.5));
    await expect(canaryStep('manga-intent', 10, { approve, verdict: null }, {}, deps())).rejects.toThrow(
      "10% is a step backwards from the canary's 50%",
    );
    await expect(canaryStep('manga-intent', 7, { approve, verdict: null }, {}, deps())).rejects.toThrow(
      '--to: must be one of 1, 10, 50, 100',
    );
    await expect(canaryStep('manga-intent', 120, { approve, verdict: null }, {}, deps())).rejects.toThrow('got 120');
    mock.on(DescribeEndpointCommand).rejects(Object.assign(new Error('Could not find endpoint "nope".'), { name: 'ValidationException' }));
    await expect(canaryStep('nope', 10, { approve, verdict: null }, {}, deps())).rejects.toThrow(
      'endpoint nope: SageMaker has no such endpoint',
    );
    expect(mock.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand)).toHaveLength(0);
  });

  it('retries throttling, and reports and audits a wait that times out with the weights changed', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
    mock.on(DescribeEndpointCommand).rejectsOnce(throttled).resolvesOnce(endpoint('InService', 0.1)).resolves(endpoint('Updating', 0.5));
    mock.on(UpdateEndpointWeightsAndCapacitiesCommand).rejectsOnce(throttled).resolves({});
    let clock = 0;
    const r = await canaryStep(
      'manga-intent',
      50,
      { approve, verdict: { healthy: true, summary: 'ok' } },
      { yes: true, timeoutMs: 60_000 },
      { ...deps(), sleep: async () => void (clock += 15_000), now: () => clock },
    );
    expect(mock.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand)).toHaveLength(2);
    expect(r.outcome).toBe('timed-out');
    expect(r.plan).toMatch(/^NOT IN SERVICE YET: .* Endpoint is Updating after 60 s; weights were changed\. Audit #1\.$/);
    expect(audit.read()[0]).toMatchObject({ outcome: 'timed-out', details: { status: 'Updating' } });
  });

  it('takes one operation at a time per endpoint', async () => {
    mock.on(DescribeEndpointCommand).resolves(endpoint('InService', 0.01));
    const held = acquireLock('endpoint-manga-intent', join(dir, 'locks'));
    await expect(
      canaryStep('manga-intent', 10, { approve, verdict: { healthy: true, summary: 'ok' } }, { yes: true }, deps()),
    ).rejects.toThrow(/another operation holds the lock .*endpoint-manga-intent\.lock \(pid \d+/);
    held.release();
    expect(mock.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand)).toHaveLength(0);
  });
});

describe('deploy rollback', () => {
  it('sends all traffic to the baseline at once, audits it, and changes nothing when already rolled back', async () => {
    mock.on(DescribeEndpointCommand).resolvesOnce(endpoint('InService', 0.5)).resolves(endpoint('InService', 0));
    mock.on(UpdateEndpointWeightsAndCapacitiesCommand).resolves({});
    const r = await rollback('manga-intent', { yes: true, why: 'escalations up 40%', ticket: 'INC-3' }, deps());
    expect(r.outcome).toBe('completed');
    expect(mock.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand)[0]!.args[0].input.DesiredWeightsAndCapacities).toEqual([
      { VariantName: 'canary-v4', DesiredWeight: 0 },
      { VariantName: 'baseline-v3', DesiredWeight: 1 },
    ]);
    expect(audit.read()[0]).toMatchObject({ action: 'rollback', old: '50%', new: '0%', why: 'escalations up 40%', ticket: 'INC-3' });
    const again = await rollback('manga-intent', { yes: true }, deps());
    expect(again.outcome).toBe('unchanged');
    expect(mock.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand)).toHaveLength(1);
  });
});

describe('the canary verdict', () => {
  it("is the canary analysis over the canary's life in the lookback, healthy only when nothing breached and the sample is large enough", async () => {
    const db = await DuckDBSource.open(fixtures.duckdb);
    const config = loadMonitoringConfig();
    const v = await canaryVerdict(db, config);
    // Independently: the canary's and baseline's counts straight from the fixture since the canary's first turn in the
    // last 7 days, through canaryAnalysis (its tests check the z and binomial tests against SciPy).
    const end = `(SELECT max(ts) FROM requests)`;
    const start = await db.conn.runAndReadAll(
      `SELECT min(ts) FROM requests WHERE deployment_variant = 'canary' AND ts >= ${end} - INTERVAL 7 DAY`,
    );
    const first = start.getRows()[0]![0];
    const arm = async (variant: string) => {
      const where = `deployment_variant = '${variant}' AND ts >= '${String(first)}' AND ts <= ${end}`;
      const c = (cond: string) => scalar(db, `SELECT count(*) FROM requests WHERE ${where} AND ${cond}`);
      return {
        turns: await c('true'),
        escalations: await c('escalated'),
        errors: await c('is_error'),
        slowTurns: await c(`latency_ms > ${config.canary.maxP99Ms}`),
        latencyP99Ms: await scalar(db, `SELECT quantile_cont(latency_ms, 0.99) FROM requests WHERE ${where}`),
      };
    };
    const expected = canaryAnalysis(await arm('baseline'), await arm('canary'), config.canary);
    await db.close();
    expect(v!.healthy).toBe(expected.verdict === 'healthy');
    expect(v!.summary).toBe(`${expected.verdict}: ${expected.summary}`);
  });
});

describe('prompt versions', () => {
  it('rolls an intent back to its previous version and sets a new one, each audited; unknown intents and versions are refused', () => {
    const file = join(dir, 'active.json');
    cpSync('config/active-prompts.json', file);
    const back = rollbackPrompt('recommendation', { file, audit, why: 'length regression' });
    expect(back).toMatchObject({ from: { prompt_version: '2.4' }, to: { prompt_version: '2.3' }, changed: true, auditSeq: 1 });
    expect(JSON.parse(readFileSync(file, 'utf8')).intents.recommendation).toEqual({
      prompt_version: '2.3',
      model_version: 'claude-3.5-sonnet',
      history: [],
    });
    expect(() => rollbackPrompt('recommendation', { file, audit })).toThrow(
      'intent recommendation: has no earlier version to roll back to',
    );
    const set = setPrompt('recommendation', 'v2.4', { file, audit, approval, why: 'exp-prompt-v24 shipped' });
    expect(set).toMatchObject({ changed: true, to: { prompt_version: '2.4' }, auditSeq: 2 });
    expect(setPrompt('recommendation', '2.4', { file, audit, approval }).changed).toBe(false);
    expect(() => setPrompt('recommendation', '9.9', { file, audit, approval })).toThrow(
      '--version: 9.9 is not a prompt version of recommendation (prompts/recommendation: 2.3, 2.4, 2.5)',
    );
    expect(() => rollbackPrompt('nope', { file, audit })).toThrow(/intent nope: is not in/);
    expect(audit.read().map((r) => [r.component, r.action, r.old, r.new])).toEqual([
      ['prompt:recommendation', 'prompt-rollback', '2.4/claude-3.5-sonnet', '2.3/claude-3.5-sonnet'],
      ['prompt:recommendation', 'prompt-set', '2.3/claude-3.5-sonnet', '2.4/claude-3.5-sonnet'],
    ]);
  });
});

describe('the audit trail', () => {
  const fill = (a: AuditLog) =>
    ['one', 'two', 'three', 'four'].forEach((w) =>
      a.append({
        component: 'prompt:faq',
        action: w,
        old: null,
        new: null,
        why: w,
        ticket: null,
        evalRunId: null,
        evalPassed: null,
        outcome: 'completed',
      }),
    );

  it('verifies an intact chain, and finds an edited, a reordered, a removed record and a cut tail', () => {
    fill(audit);
    expect(audit.verify()).toEqual({ ok: true, problems: [] });
    const lines = readFileSync(audit.file, 'utf8').trim().split('\n');
    const check = (content: string[]) => {
      writeFileSync(audit.file, `${content.join('\n')}\n`);
      return audit.verify().problems.map((p) => `${p.seq}: ${p.problem}`);
    };
    expect(check([lines[0]!, lines[1]!.replace('"why":"two"', '"why":"2"'), lines[2]!, lines[3]!])).toEqual([
      '2: its content does not match its hash (the record was edited)',
    ]);
    expect(check([lines[0]!, lines[2]!, lines[1]!, lines[3]!]).length).toBeGreaterThan(0);
    expect(check([lines[0]!, lines[2]!, lines[3]!])).toContain(
      '3: is record 2 of the file but carries sequence number 3 (a record was removed or reordered)',
    );
    expect(check(lines.slice(0, 3))).toEqual([
      'null: the log ends at record 3 but its head says record 4 (records were removed from the end)',
    ]);
    expect(verifyAuditChain([]).ok).toBe(true);
  });

  it('audit verify exits 1 on a tampered log, and audit report prints the trail by component', () => {
    const file = join(dir, 'cli-audit.jsonl');
    const a = new AuditLog(file);
    fill(a);
    const env = { ...process.env, MANGALAB_AUDIT: file };
    const run = (...args: string[]) => {
      const saved = process.env.MANGALAB_AUDIT;
      process.env.MANGALAB_AUDIT = env.MANGALAB_AUDIT;
      try {
        return mangalab(...args);
      } finally {
        process.env.MANGALAB_AUDIT = saved;
      }
    };
    expect(run('audit', 'verify').code).toBe(0);
    expect(run('audit', 'report', '--component', 'prompt:').stdout.trim().split('\n')).toHaveLength(4);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"why":"three"', '"why":"3"'));
    const bad = run('audit', 'verify');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('record 3: its content does not match its hash (the record was edited)');
    expect(run('audit', 'report', '--from', '2026-13').code).toBe(2);
  });
});

describe('the rollback short path', () => {
  it('loads neither analysis nor report code: only the SageMaker calls, the lock and the audit log (static imports)', () => {
    const seen = new Set<string>();
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^import (?!type)[^;]*? from '(\.[^']+)';/gm)) {
        const target = join(dirname(file), m[1]!) + '.ts';
        walk(target);
      }
    };
    walk('src/cli/rollback.ts');
    const files = [...seen].map((f) => f.replace(/^.*?src\//, 'src/')).sort();
    // canonicalJson.ts: the audit chain's key-sorted JSON, an import-free leaf shared with the registry's content hash.
    expect(files).toEqual([
      'src/analysis/auditChain.ts',
      'src/analysis/canonicalJson.ts',
      'src/cli/kit.ts',
      'src/cli/rollback.ts',
      'src/jobs/actions/deploy.ts',
      'src/pipeline/audit.ts',
      'src/pipeline/aws.ts',
      'src/pipeline/errors.ts',
      'src/pipeline/lock.ts',
      'src/pipeline/log.ts',
      'src/pipeline/notify.ts',
      'src/pipeline/output.ts',
      'src/pipeline/paths.ts',
      'src/pipeline/sagemaker.ts',
    ]);
    const r = mangalab('deploy', 'rollback', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Send all traffic back to the baseline variant');
  });

  it("applies an experiment winner's promotion change to an intent, with the readout's reason", () => {
    const file = join(dir, 'active-apply.json');
    cpSync('config/active-prompts.json', file);
    rollbackPrompt('recommendation', { file, audit });
    const change = join(dir, 'promotion.json');
    writeFileSync(
      change,
      JSON.stringify({
        kind: 'experiment-promotion',
        experiment_id: 'exp-prompt-v24',
        winner: 'treatment',
        weights: { control: 0, treatment: 100 },
        prompt_version: 'v2.4',
        evidence: { reason: 'thumbs-up credibly better' },
      }),
    );
    const c = applyPromotion(change, 'recommendation', { file, audit, approval });
    expect(c).toMatchObject({ changed: true, to: { prompt_version: '2.4' } });
    expect(audit.read().at(-1)!.why).toBe('experiment exp-prompt-v24 winner treatment: thumbs-up credibly better');
    writeFileSync(change, JSON.stringify({ kind: 'other' }));
    expect(() => applyPromotion(change, 'recommendation', { file, audit, approval })).toThrow(
      `${change} (kind): is not an experiment promotion (kind "other")`,
    );
  });
});

describe('the webhook', () => {
  it('posts Slack-compatible JSON, and a failing post is logged, never thrown', async () => {
    const { notifyWebhook } = await import('../src/pipeline/notify');
    const posts: { url: string; body: string }[] = [];
    const ok = (async (url: string, init: RequestInit) => (
      posts.push({ url, body: String(init.body) }),
      new Response('', { status: 200 })
    )) as unknown as typeof fetch;
    await notifyWebhook('rolled back', 'https://hooks.example/x', ok);
    expect(posts).toEqual([{ url: 'https://hooks.example/x', body: '{"text":"rolled back"}' }]);
    const down = (async () => {
      throw new Error('ECONNREFUSED');
    }) as unknown as typeof fetch;
    await expect(notifyWebhook('x', 'https://hooks.example/x', down)).resolves.toBeUndefined();
    await notifyWebhook('nothing', undefined, ok);
    expect(posts).toHaveLength(1);
  });
});
