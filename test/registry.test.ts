import { DescribeEndpointCommand, SageMakerClient, UpdateEndpointWeightsAndCapacitiesCommand } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { canaryStep } from '../src/jobs/actions/deploy';
import { approvalRecord, approveForProduction, hostedVersion, registerVersion } from '../src/jobs/registry/registry';
import { recordSampleRegistry } from '../src/jobs/registry/sample';
import { AuditLog } from '../src/pipeline/audit';
import { RefusedError } from '../src/pipeline/errors';
import { loadGoldenSet } from '../src/pipeline/golden';
import { specFromFlags } from '../src/pipeline/registry-input';
import { Registry } from '../src/pipeline/registry-store';
import { ResultsStore } from '../src/pipeline/results-store';
import { mangalabWithEnv, projectCopy } from './helpers';

const fixtures = inject('fixtures');
// A project of the test's own (MANGALAB_HOME): its config, prompts, queries, golden set, results store and audit log,
// so that prompt set changes a copy of config/active-prompts.json and nothing of the checkout.
const { home, golden, predictions, env } = projectCopy('mangalab-registry-');
afterAll(() => rmSync(home, { recursive: true, force: true }));
const run = (...args: string[]) => mangalabWithEnv(env, ...args);
const audit = () => new AuditLog(env.MANGALAB_AUDIT).read();
const active = () => JSON.parse(readFileSync(join(home, 'config', 'active-prompts.json'), 'utf8')).intents.recommendation;

describe('registry register', () => {
  it('records a prompt version from its front matter, refuses different content under the same version, and a card missing fields', () => {
    const file = join(home, 'prompts', 'recommendation', 'v2.5.md');
    const r = run('registry', 'register', '--prompt', file);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Registered prompt:recommendation@2\.5 \(none, audit #1\)\./);
    expect(run('registry', 'register', '--prompt', file).stdout).toContain('already registered with the same content; nothing to change');
    const copy = join(home, 'v2.5-edited.md');
    writeFileSync(copy, readFileSync(file, 'utf8').replace('Stay under 120 words.', 'Stay under 100 words.'));
    const twice = run('registry', 'register', '--prompt', copy);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(
      /prompt:recommendation@2\.5: is already registered with different content: prompts\/recommendation\/v2\.5\.md \(sha256 [0-9a-f]{12}, \d{4}-\d\d-\d\d\) against .*v2\.5-edited\.md \(sha256 [0-9a-f]{12}\)/,
    );
    const card = join(home, 'card.json');
    writeFileSync(
      card,
      JSON.stringify({
        kind: 'classifier',
        name: 'intent-classifier',
        version: '3.4',
        framework: 'pytorch-distilbert',
        hosting: 'sagemaker:x/y',
      }),
    );
    const missing = run('registry', 'register', '--card', card);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${card}: is missing required fields created_on, dataset_sha256, metrics`);
    writeFileSync(
      card,
      JSON.stringify({
        kind: 'gpu',
        name: 'x',
        version: '1',
        framework: 'f',
        hosting: 'h',
        created_on: '2026-11-01',
        dataset_sha256: 'a'.repeat(64),
        metrics: {},
      }),
    );
    expect(run('registry', 'register', '--card', card).stderr).toContain(
      `${card} (kind): must be one of classifier, reranker, embedding, prompt, model, got "gpu"`,
    );
    expect(audit().map((x) => [x.action, x.new])).toEqual([['registry-register', '2.5']]);
  });

  it('refuses a promotion of an unknown version, naming the versions the artefact has', () => {
    const r = run('registry', 'promote', 'prompt:recommendation@9.9', '--to', 'production');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('prompt:recommendation@9.9: is not in the registry (prompt:recommendation has 2.5)');
    expect(run('registry', 'promote', 'prompt-recommendation-2.5', '--to', 'production').stderr).toContain(
      'version: expected KIND:NAME@VERSION with KIND one of classifier, reranker, embedding, prompt, model, got "prompt-recommendation-2.5"',
    );
  });
});

describe('promotion needs a passing run', () => {
  it('refuses registry promote and prompt set without one (exit 1, audited, nothing changed); the override goes ahead, audited', () => {
    const before = active();
    const p = run('registry', 'promote', 'prompt:recommendation@2.5', '--to', 'production');
    expect(p.code).toBe(1);
    expect(p.stderr).toMatch(/prompt:recommendation@2\.5: refused \(audit #2\): no stored evaluation run of prompt recommendation 2\.5/);
    const s = run('prompt', 'set', 'recommendation', '--version', '2.5');
    expect(s.code).toBe(1);
    expect(s.stderr).toContain('prompt:recommendation@2.5: refused (audit #3)');
    expect(active()).toEqual(before);
    expect(
      audit()
        .slice(1)
        .map((x) => [x.component, x.action, x.outcome, x.evalRunId, x.evalPassed]),
    ).toEqual([
      ['registry:prompt/recommendation', 'registry-promote', 'refused', null, false],
      ['registry:prompt/recommendation', 'prompt-set', 'refused', null, false],
    ]);
    const o = run('registry', 'promote', 'prompt:recommendation@2.5', '--to', 'staging');
    expect(o.code).toBe(0);
    const over = run('prompt', 'set', 'recommendation', '--version', '2.5', '--override', 'hotfix for INC-31, eval tomorrow');
    expect(over.code).toBe(0);
    expect(over.stdout).toContain('OVERRIDE: hotfix for INC-31, eval tomorrow');
    expect(active().prompt_version).toBe('2.5');
    const last = audit().at(-1)!;
    expect(last).toMatchObject({
      component: 'prompt:recommendation',
      action: 'prompt-set',
      evalRunId: null,
      evalPassed: false,
      outcome: 'completed',
    });
    expect(last.details.override).toBe('hotfix for INC-31, eval tomorrow');
    const show = run('registry', 'show', 'prompt:recommendation@2.5');
    expect(show.stdout).toContain('NOT APPROVED, no stored evaluation run of prompt recommendation 2.5');
    expect(show.stdout).toMatch(
      /staging -> production {2}by .*, OVERRIDE: hotfix for INC-31, eval tomorrow, prompt set recommendation \(audit #\d+\)/,
    );
  });

  it('lets a version with a passing run on the current golden set through, naming the run in the audit record', () => {
    const e = run(
      'eval',
      '--golden',
      golden,
      '--predictions',
      predictions,
      '--prompt-version',
      '2.5',
      '--out',
      join(home, 'reports'),
      '--format',
      'json',
    );
    expect(e.code).toBe(0);
    const runId = /Stored run (\S+) in/.exec(e.stderr)![1]!;
    run('prompt', 'rollback', 'recommendation');
    expect(active().prompt_version).toBe('2.4');
    const s = run('prompt', 'set', 'recommendation', '--version', '2.5', '--why', 'length experiment follow-up');
    expect(s.stderr).toBe('');
    expect(active().prompt_version).toBe('2.5');
    expect(audit().at(-1)).toMatchObject({ action: 'prompt-set', evalRunId: runId, evalPassed: true });
    const show = run('registry', 'show', 'prompt:recommendation@2.5');
    expect(show.stdout).toContain(`APPROVED, run ${runId} passed every gate on golden set golden-v1`);
    expect(show.stdout).toContain(`  ${runId} (matched): approves`);
    // The same run on an edited golden set is no longer evidence: its content hash changed.
    const edited = join(home, 'golden-edited.jsonl');
    writeFileSync(edited, readFileSync(golden, 'utf8').split('\n').slice(1).join('\n'));
    const stale = run('registry', 'promote', 'prompt:recommendation@2.5', '--to', 'production', '--golden', edited);
    expect(stale.stdout).toContain('already production');
    const r = run('registry', 'show', 'prompt:recommendation@2.5', '--golden', edited);
    expect(r.stdout).toContain(
      `${runId} (matched): scored golden set golden-v1 (sha256 ${loadGoldenSet(golden).sha256.slice(0, 12)}), not the current golden-edited`,
    );
  });
});

describe('overrides and the other paths', () => {
  it('audits an override of registry promote, and gates prompt apply like prompt set', () => {
    const v = 'classifier:intent-classifier@3.4';
    const reg = run(
      'registry',
      'register',
      '--version',
      v,
      '--framework',
      'pytorch-distilbert',
      '--hosting',
      'sagemaker:manga-intent/canary-v4',
      '--created-on',
      '2026-11-20',
      '--metric',
      'accuracy=0.93',
    );
    expect(reg.code).toBe(0);
    expect(run('registry', 'promote', v, '--to', 'production').code).toBe(1);
    const o = run('registry', 'promote', v, '--to', 'production', '--override', 'rollback target for INC-44', '--ticket', 'CHG-9');
    expect(o.code).toBe(0);
    expect(o.stdout).toContain('OVERRIDE: rollback target for INC-44 (no stored evaluation run of classifier intent-classifier 3.4)');
    const last = audit().at(-1)!;
    expect(last).toMatchObject({
      component: 'registry:classifier/intent-classifier',
      action: 'registry-promote',
      old: '3.4 none',
      new: '3.4 production',
      ticket: 'CHG-9',
      evalRunId: null,
      evalPassed: false,
    });
    expect(last.details).toMatchObject({ override: 'rollback target for INC-44', archived: [] });
    expect(run('registry', 'show', v).stdout).toMatch(/none -> production {2}by .*, OVERRIDE: rollback target for INC-44 \(audit #\d+\)/);
    expect(run('registry', 'list', '--kind', 'classifier').stdout).toMatch(
      /classifier:intent-classifier@3\.4 +production +sagemaker:manga-intent\/canary-v4/,
    );

    const change = join(home, 'promotion.json');
    writeFileSync(change, JSON.stringify({ kind: 'experiment-promotion', experiment_id: 'exp-x', winner: 'b', prompt_version: 'v2.4' }));
    expect(run('prompt', 'apply', change, '--intent', 'recommendation').stderr).toContain(
      'prompt:recommendation@2.4: is not in the registry (prompt:recommendation has 2.5)',
    );
    run('registry', 'register', '--prompt', join(home, 'prompts', 'recommendation', 'v2.4.md'));
    const before = active();
    const refused = run('prompt', 'apply', change, '--intent', 'recommendation');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('prompt:recommendation@2.4: refused');
    expect(active()).toEqual(before);
  });

  it('refuses an --mlflow that is not a URL before doing any work', () => {
    const r = run('eval', '--golden', golden, '--predictions', predictions, '--out', join(home, 'never'), '--mlflow', 'mlflow.internal');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--mlflow: expected the tracking server\'s http(s) URL, got "mlflow.internal"');
  });
});

describe('deploy canary goes through the same gate', () => {
  const client = new SageMakerClient({ region: 'us-east-1' });
  const sm = mockClient(client);
  const variants = (canary: number) => ({
    EndpointName: 'manga-intent',
    EndpointStatus: 'InService' as const,
    ProductionVariants: [
      { VariantName: 'baseline-v3', CurrentWeight: 1 - canary, DesiredWeight: 1 - canary, CurrentInstanceCount: 2 },
      { VariantName: 'canary-v4', CurrentWeight: canary, DesiredWeight: canary, CurrentInstanceCount: 1 },
    ],
  });

  it('refuses the step for a canary version without a passing run, and audits an override', async () => {
    const store = await ResultsStore.open(join(home, 'canary.duckdb'));
    const registry = new Registry(store);
    const log = new AuditLog(join(home, 'canary-audit.jsonl'));
    const g = loadGoldenSet(golden);
    const gold = { file: golden, sha256: g.sha256, version: g.version };
    try {
      const spec = specFromFlags({
        version: 'classifier:intent-classifier@3.3',
        framework: 'pytorch-distilbert',
        hosting: 'sagemaker:manga-intent/canary-v4',
        createdOn: '2026-11-10',
      });
      await registerVersion(registry, spec, { audit: log, stage: 'staging' });
      sm.on(DescribeEndpointCommand).resolves(variants(0.01));
      sm.on(UpdateEndpointWeightsAndCapacitiesCommand).resolves({ EndpointArn: 'arn' });
      const approve = (override?: string) => async (variant: string) =>
        approvalRecord(
          await approveForProduction(registry, await hostedVersion(registry, 'manga-intent', variant, null), {
            golden: gold,
            override,
            audit: log,
            action: 'deploy-canary',
          }),
        );
      const deps = {
        client,
        sleep: async () => {},
        audit: log,
        notify: async () => {},
        lockDir: join(home, 'locks'),
        who: async () => 'test',
      };
      const refused = canaryStep(
        'manga-intent',
        10,
        { verdict: { healthy: true, summary: 'healthy' }, approve: approve() },
        { yes: true },
        deps,
      );
      await expect(refused).rejects.toThrow(RefusedError);
      await expect(refused).rejects.toThrow(
        /classifier:intent-classifier@3\.3: refused \(audit #2\): no stored evaluation run of classifier intent-classifier 3\.3/,
      );
      expect(sm.commandCalls(UpdateEndpointWeightsAndCapacitiesCommand)).toHaveLength(0);
      const r = await canaryStep(
        'manga-intent',
        10,
        { verdict: { healthy: true, summary: 'healthy' }, approve: approve('offline eval blocked on INC-40') },
        { yes: true },
        deps,
      );
      expect(r.outcome).toBe('completed');
      const [, refusal, done] = log.read();
      expect(refusal).toMatchObject({ action: 'deploy-canary', outcome: 'refused', evalPassed: false });
      expect(done).toMatchObject({ component: 'sagemaker:manga-intent', action: 'canary', evalRunId: null, evalPassed: false });
      expect(done!.details).toMatchObject({ registry: 'classifier:intent-classifier@3.3', override: 'offline eval blocked on INC-40' });
      await expect(hostedVersion(registry, 'manga-intent', 'baseline-v3', null)).rejects.toThrow(
        'endpoint manga-intent: no registry version is hosted on sagemaker:manga-intent/baseline-v3',
      );
    } finally {
      store.close();
    }
  });
});

describe('lineage', () => {
  it("lists a sample turn's registry entries and the runs that approve them", async () => {
    const storeFile = join(home, 'lineage.duckdb');
    const store = await ResultsStore.open(storeFile);
    const g = loadGoldenSet(golden);
    const runs = await import('../src/jobs/quality/sample-runs').then((m) =>
      m.recordSampleRuns(join(home, 'data', 'sample'), golden, storeFile),
    );
    try {
      expect(
        await recordSampleRegistry(store, { prod23: runs[0]!, prod24: runs[3]! }, { file: golden, sha256: g.sha256, version: g.version }),
      ).toBe(15);
    } finally {
      store.close();
    }
    const e = { ...env, MANGALAB_RESULTS: storeFile };
    const search = mangalabWithEnv(
      e,
      'traces',
      '--source',
      fixtures.duckdb,
      '--intent',
      'recommendation',
      '--prompt-version',
      'v2.4',
      '--limit',
      '1',
      '--format',
      'csv',
    );
    const trace = search.stdout.trim().split('\n')[1]!.split(',')[0]!;
    const t = mangalabWithEnv(e, 'trace', trace, '--source', fixtures.duckdb);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(
      new RegExp(
        `registry +prompt:recommendation@2\\.4: production, jinja2 on appconfig, to production 2026-11-14 10:00 on run ${runs[3]}; approved by run ${runs[3]}`,
      ),
    );
    expect(t.stdout).toMatch(
      /registry +model:claude-3\.5-sonnet@sonnet-v2\.\d\S*: (production|staging), bedrock on bedrock:anthropic\.claude-3-5-sonnet-20241022-v2:0/,
    );
    const json = JSON.parse(mangalabWithEnv(e, 'trace', trace, '--source', fixtures.duckdb, '--format', 'json').stdout);
    expect(json.registry[0]).toMatchObject({ version: { kind: 'prompt', name: 'recommendation', version: '2.4' }, approving_run: runs[3] });
  });
});
