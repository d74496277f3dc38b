// Keeping the team's MLflow in step (issue 28): runs logged through the REST API after the local record is stored, and
// registry stages mirrored as registered-model versions with aliases. mangalab's store stays the source of truth: an
// MLflow that is down or refuses makes the command warn and go on, and the local record is never touched.
import { log } from '../../pipeline/log';
import { MlflowClient, type MlflowDeps } from '../../pipeline/mlflow';
import type { RegistryConfig } from '../../pipeline/registry-input';
import { entryLabel, type Registry, type RegistryEntry, type Stage } from '../../pipeline/registry-store';

/** One run to log: what a command's readout becomes in MLflow's terms. */
export interface MlflowRunSpec {
  /** What the local record is ('eval', 'chunks', 'experiment') and its id: the link kept in the results store. */
  localKind: string;
  localId: string;
  runName: string;
  startTime: Date;
  endTime: Date;
  params: Record<string, string>;
  /** null: not computed; listed in the tag mangalab.not_computed instead of being dropped. */
  metrics: Record<string, number | null>;
  tags: Record<string, string>;
  /** Report files to attach where the server accepts artifacts. */
  artifacts: string[];
}

export interface MlflowOutcome {
  ok: boolean;
  /** The MLflow run id (or model version) when it went through. */
  id: string | null;
  /** One line for the log: what was logged, or why not. */
  message: string;
}

/** The tracking URI: --mlflow, else config/registry.json's, else none. */
export function trackingUri(flag: string | undefined, config: RegistryConfig | null): string | null {
  return flag ?? config?.mlflow.tracking_uri ?? null;
}

/** Numbers only, a not-computed metric named in a tag; a local run's metrics travel unchanged otherwise. */
function splitMetrics(metrics: Record<string, number | null>): { numbers: Record<string, number>; missing: string[] } {
  const numbers: Record<string, number> = {};
  const missing: string[] = [];
  for (const [k, v] of Object.entries(metrics)) {
    if (typeof v === 'number' && Number.isFinite(v)) numbers[k] = v;
    else missing.push(k);
  }
  return { numbers, missing };
}

/**
 * Logs a run: experiment (created if needed), run, params, metrics and tags in log-batch calls within MLflow's
 * limits, report files as artifacts when the server proxies them, the run finished; the MLflow run id is kept beside
 * the local record. Never throws: a failure is a warning and `ok: false`.
 */
export async function logRunToMlflow(
  spec: MlflowRunSpec,
  target: { uri: string; experiment: string; deps?: MlflowDeps; registry?: Registry },
): Promise<MlflowOutcome> {
  const client = new MlflowClient(target.uri, target.deps);
  try {
    const experimentId = await client.experimentId(target.experiment);
    const { numbers, missing } = splitMetrics(spec.metrics);
    const tags = {
      ...spec.tags,
      'mangalab.kind': spec.localKind,
      'mangalab.id': spec.localId,
      ...(missing.length ? { 'mangalab.not_computed': missing.join(', ') } : {}),
    };
    const { runId, artifactUri } = await client.createRun(experimentId, spec.runName, spec.startTime.getTime(), tags);
    await client.logBatch(runId, numbers, spec.params, {}, spec.endTime.getTime());
    let uploaded = 0;
    for (const f of spec.artifacts) if (await client.uploadArtifact(artifactUri, f)) uploaded++;
    await client.finishRun(runId, 'FINISHED', spec.endTime.getTime());
    await target.registry?.saveMlflowId(spec.localKind, spec.localId, target.uri, runId, new Date());
    const files =
      spec.artifacts.length === 0
        ? ''
        : uploaded === spec.artifacts.length
          ? `, ${uploaded} report files as artifacts`
          : `; the server does not proxy artifacts (${artifactUri}), so the report files stay local`;
    const message = `Logged ${spec.localKind} ${spec.localId} to MLflow ${target.uri} as run ${runId} (${Object.keys(numbers).length} metrics, ${Object.keys(spec.params).length} params${files}).`;
    log.info(message);
    return { ok: true, id: runId, message };
  } catch (e) {
    const message = `MLflow: ${spec.localKind} ${spec.localId} was not logged (${(e as Error).message}); the local record is kept.`;
    log.warn(message);
    return { ok: false, id: null, message };
  }
}

/** The registered model a registry artefact is mirrored as. */
export const mlflowModelName = (e: Pick<RegistryEntry, 'kind' | 'name'>) => `mangalab.${e.kind}.${e.name}`;

/**
 * Mirrors a version's stage to MLflow's model registry: the registered model and its version (found by the tag
 * mangalab.version, else created, tied to the approving run when that run was logged to the same server), the alias
 * named after the stage (production, staging) moved to it, and the tag mangalab.stage; archiving removes its aliases.
 * Never throws: a failure is a warning.
 */
export async function mirrorStageToMlflow(
  entry: RegistryEntry,
  stage: Stage,
  approvingRunId: string | null,
  target: { uri: string; deps?: MlflowDeps; registry?: Registry },
): Promise<MlflowOutcome> {
  const client = new MlflowClient(target.uri, target.deps);
  const name = mlflowModelName(entry);
  try {
    await client.ensureRegisteredModel(name, `mangalab registry: ${entry.kind} ${entry.name}`);
    let version = await client.findModelVersion(name, 'mangalab.version', entry.version);
    const run = approvingRunId && target.registry ? await target.registry.mlflowId('eval', approvingRunId, target.uri) : null;
    if (!version)
      version = await client.createModelVersion(
        name,
        run ? `runs:/${run}/` : entry.source,
        run,
        { 'mangalab.version': entry.version, 'mangalab.content_sha256': entry.contentSha256, 'mangalab.hosting': entry.hosting },
        `${entryLabel(entry)} (${entry.framework}, ${entry.hosting})`,
      );
    await client.setModelVersionTag(name, version, 'mangalab.stage', stage);
    if (stage === 'production' || stage === 'staging') await client.setAlias(name, stage, version);
    else for (const alias of ['production', 'staging']) if (entry.stage === alias) await client.deleteAlias(name, alias);
    const message = `MLflow ${target.uri}: ${name} version ${version} is ${stage}${stage === 'production' || stage === 'staging' ? ` (alias ${stage})` : ''}.`;
    log.info(message);
    return { ok: true, id: version, message };
  } catch (e) {
    const message = `MLflow: the stage of ${entryLabel(entry)} was not mirrored (${(e as Error).message}); the local registry is kept.`;
    log.warn(message);
    return { ok: false, id: null, message };
  }
}
