// The sample registry (issue 28): what the sample warehouse's turns were served by, registered as a backfill when the
// sample is seeded. The versions in production before the registry existed carry an override saying so; the
// recommendation prompt 2.4 went to production on its passing run; prompt 2.5, classifier 3.3 and the canary Claude
// version sonnet-v2.1-rc1 have no passing run, so a promotion of any of them is refused.
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadActivePrompts } from '../actions/prompt-versions';
import { paths } from '../../pipeline/paths';
import { compareVersions } from '../../pipeline/prompts';
import { entryFromSpec, specFromPromptFile, type VersionSpec } from '../../pipeline/registry-input';
import { Registry, type Stage, type StageChange } from '../../pipeline/registry-store';
import type { ResultsStore } from '../../pipeline/results-store';
import { versionEvidence, type Golden } from './registry';

const WHO = 'mangalab seed (backfill)';
const BACKFILL = 'in production before the registry existed (backfill)';
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

function model(name: string, version: string, hosting: string, createdOn: string, metadata: Record<string, unknown>): VersionSpec {
  return {
    kind: 'model',
    name,
    version,
    framework: 'bedrock',
    hosting,
    createdOn,
    datasetSha256: null,
    source: 'sample',
    metadata,
    evalRunIds: [],
    artefactSha256: null,
  };
}

function classifier(version: string, variant: string, createdOn: string, metrics: Record<string, number>): VersionSpec {
  return {
    kind: 'classifier',
    name: 'intent-classifier',
    version,
    framework: 'pytorch-distilbert',
    hosting: `sagemaker:manga-intent/${variant}`,
    createdOn,
    datasetSha256: sha(`sample intent training set for ${version}`),
    source: 'sample model card',
    metadata: { model_type: 'distilbert-base-uncased', training_samples: 55_000, epochs: 5, metrics },
    evalRunIds: [],
    artefactSha256: null,
  };
}

/**
 * Registers the sample's versions in `store` with their stage history, as of the sample's weeks. `runs` are the
 * sample evaluation runs by name (prod-2.3, prod-2.4), linked as the classifier's and Sonnet's evidence.
 */
export async function recordSampleRegistry(store: ResultsStore, runs: { prod23: string; prod24: string }, golden: Golden): Promise<number> {
  const registry = new Registry(store);
  const active = loadActivePrompts().intents;
  const plan: { spec: VersionSpec; stage: Stage; at: string; why: string; override?: string }[] = [];
  for (const dir of readdirSync(paths.prompts()).sort()) {
    if (dir === 'tools' || !statSync(join(paths.prompts(), dir)).isDirectory()) continue;
    for (const f of readdirSync(join(paths.prompts(), dir))
      .filter((x) => x.endsWith('.md'))
      .sort()) {
      const spec = specFromPromptFile(join(paths.prompts(), dir, f));
      const live = dir === 'base' ? '2.3' : active[dir]?.prompt_version;
      const stage: Stage = spec.version === live ? 'production' : live && compareVersions(spec.version, live) < 0 ? 'archived' : 'none';
      plan.push({
        spec,
        stage,
        at: spec.version === '2.4' ? '2026-11-14T10:00:00Z' : '2026-10-01T09:00:00Z',
        why: spec.version === '2.4' ? 'exp-prompt-v24 shipped' : BACKFILL,
      });
    }
  }
  const sonnet = 'bedrock:anthropic.claude-3-5-sonnet-20241022-v2:0';
  plan.push(
    {
      spec: {
        ...classifier('3.2', 'baseline-v3', '2026-09-30', { accuracy: 0.923, f1_macro: 0.891, p99_latency_ms: 48 }),
        evalRunIds: [runs.prod24],
      },
      stage: 'production',
      at: '2026-10-01T09:00:00Z',
      why: BACKFILL,
    },
    {
      spec: classifier('3.3', 'canary-v4', '2026-11-10', { accuracy: 0.931, f1_macro: 0.9, p99_latency_ms: 51 }),
      stage: 'staging',
      at: '2026-11-11T09:00:00Z',
      why: 'retrained on October traffic; canary at 1%',
    },
    {
      spec: {
        ...model('claude-3.5-sonnet', 'sonnet-v2.0', sonnet, '2024-10-22', { model_id: 'anthropic.claude-3-5-sonnet-20241022-v2:0' }),
        evalRunIds: [runs.prod23, runs.prod24],
      },
      stage: 'production',
      at: '2026-10-01T09:00:00Z',
      why: BACKFILL,
    },
    {
      spec: model('claude-3.5-sonnet', 'sonnet-v2.1-rc1', sonnet, '2026-10-28', { note: 'the 1% Bedrock canary of the sample warehouse' }),
      stage: 'staging',
      at: '2026-11-02T09:00:00Z',
      why: 'canary at 1%',
    },
    {
      spec: model('claude-3-haiku', 'haiku-v1.2', 'bedrock:anthropic.claude-3-haiku-20240307-v1:0', '2024-03-07', {
        model_id: 'anthropic.claude-3-haiku-20240307-v1:0',
      }),
      stage: 'production',
      at: '2026-10-01T09:00:00Z',
      why: BACKFILL,
    },
  );
  for (const p of plan) {
    const entry = entryFromSpec(p.spec, {
      stage: p.stage,
      at: new Date(p.stage === 'none' ? `${p.spec.createdOn}T12:00:00Z` : p.stage === 'archived' ? '2026-10-01T09:00:00Z' : p.at),
      who: WHO,
    });
    const evidence = await versionEvidence(registry, entry, golden);
    const approved = p.why !== BACKFILL && evidence.approved;
    const steps: StageChange[] = [];
    const at = new Date(p.at);
    const base = { kind: entry.kind, name: entry.name, version: entry.version, who: WHO, auditSeq: null };
    if (p.stage === 'archived') {
      steps.push({
        ...base,
        at: new Date('2026-10-01T09:00:00Z'),
        from: 'none',
        to: 'production',
        why: BACKFILL,
        evalRunId: null,
        override: BACKFILL,
      });
      steps.push({
        ...base,
        at: new Date('2026-11-14T10:00:00Z'),
        from: 'production',
        to: 'archived',
        why: 'replaced by 2.4',
        evalRunId: null,
        override: null,
      });
    } else if (p.stage !== 'none')
      steps.push({
        ...base,
        at,
        from: 'none',
        to: p.stage,
        why: p.why,
        evalRunId: approved ? evidence.approvingRun!.runId : null,
        override: p.stage === 'production' && !approved ? BACKFILL : null,
      });
    await registry.save(entry);
    if (steps.length) await registry.changeStages(steps);
  }
  return plan.length;
}
