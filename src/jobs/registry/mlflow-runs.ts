// What each command's readout becomes in MLflow: params (the inputs that identify the run), metrics (every number
// the local record keeps, a not-computed one named rather than dropped) and tags (outcome, decision).
import type { Readout } from '../experiments/types';
import type { EvalReadout } from '../quality/readout';
import type { GridResult } from '../retrieval/readout';
import type { MlflowRunSpec } from './mlflow-sync';

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** An evaluation run: the same metrics as the stored run, the gates as tags. */
export function evalRunSpec(r: EvalReadout, files: string[], now: Date): MlflowRunSpec {
  const metrics: Record<string, number | null> = {};
  for (const [k, m] of Object.entries(r.metrics)) metrics[k] = m.value;
  const tags: Record<string, string> = {
    'mangalab.passed': String(r.outcome.passed),
    'mangalab.complete': String(r.missing.length === 0),
  };
  for (const g of r.outcome.gates) tags[`gate.${g.metric}`] = g.status;
  return {
    localKind: 'eval',
    localId: r.runId,
    runName: `eval ${r.golden.version} ${r.responder.promptVersion ?? r.responder.describe}`,
    startTime: r.createdAt,
    endTime: now,
    params: {
      dataset_file: r.golden.file,
      dataset_version: r.golden.version,
      dataset_sha256: r.golden.sha256,
      responder: r.responder.kind,
      prompt_version: str(r.responder.promptVersion),
      model_version: str(r.responder.modelVersion),
      config_version: r.config.version,
      intent: str(r.intent),
      entries: String(r.evaluated),
    },
    metrics,
    tags,
    artifacts: files,
  };
}

/** A chunking grid: one run, each configuration's metrics under its name, the winner as a tag. */
export function chunkGridSpec(g: GridResult, files: string[], now: Date): MlflowRunSpec {
  const metrics: Record<string, number | null> = {};
  const params: Record<string, string> = { retriever: g.retriever, k: String(g.k), queries: String(g.queries.length) };
  for (const c of g.results) {
    const n = c.config.name;
    params[`${n}.config`] = `size ${c.config.size}, overlap ${c.config.overlap}, ${c.config.mode}, metadata ${c.config.metadata}`;
    Object.assign(metrics, {
      [`${n}.recall_at_k`]: c.metrics.recallAtK,
      [`${n}.mrr_at_k`]: c.metrics.mrrAtK,
      [`${n}.ndcg_at_k`]: c.metrics.ndcgAtK,
      [`${n}.chunks`]: c.chunks,
      [`${n}.mean_tokens`]: c.meanTokens,
    });
  }
  return {
    localKind: 'chunks',
    localId: g.gridId,
    runName: `chunks ${g.gridId}`,
    startTime: g.results[0]?.startedAt ?? now,
    endTime: now,
    params,
    metrics,
    tags: { 'mangalab.winner': g.winner ?? 'none' },
    artifacts: files,
  };
}

/** An experiment readout: every arm's metrics (value, lift, p-values), the decision and the best arm as tags. */
export function experimentSpec(r: Readout, files: string[], now: Date): MlflowRunSpec {
  const metrics: Record<string, number | null> = { 'srm.p_value': r.srm.pValue };
  for (const arm of r.arms)
    for (const m of arm.metrics) {
      const k = `${m.metric.key}.${arm.treatment}`;
      Object.assign(metrics, {
        [`${m.metric.key}.${r.control}.value`]: m.control,
        [`${k}.value`]: m.treatmentValue,
        [`${k}.relative_lift`]: m.relativeLift,
        [`${k}.chance_better`]: m.chanceBetter,
        [`${k}.p_value`]: m.frequentistP,
        [`${k}.always_valid_p`]: m.alwaysValidP,
        [`${k}.corrected_p`]: m.corrected?.adjustedPValue ?? null,
      });
    }
  return {
    localKind: 'experiment',
    localId: `${r.experiment.id}@${r.period.label}`,
    runName: `experiment ${r.experiment.id}`,
    startTime: r.period.from,
    endTime: now,
    params: { experiment_id: r.experiment.id, control: r.control, arms: r.arms.map((a) => a.treatment).join(', '), period: r.period.label },
    metrics,
    tags: {
      'mangalab.decision': r.decision.overall,
      'mangalab.best_arm': r.decision.bestArm ?? 'none',
      'mangalab.trustworthy': String(r.trustworthy),
    },
    artifacts: files,
  };
}
