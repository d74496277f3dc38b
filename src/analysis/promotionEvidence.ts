/** The kinds of artefact the registry keeps (US-1.1). */
export const ARTEFACT_KINDS = ['classifier', 'reranker', 'embedding', 'prompt', 'model'] as const;
export type ArtefactKind = (typeof ARTEFACT_KINDS)[number];

/** One version of an artefact: what the gate needs to know of a registry entry. */
export interface VersionRef {
  kind: ArtefactKind;
  /** The artefact: a prompt's intent, a Bedrock model's name, a SageMaker model's name. */
  name: string;
  version: string;
  /** Evaluation runs linked to the version by hand (at registration, or from a prompt's eval_run_id). */
  linkedRunIds: string[];
}

/** An evaluation run as the gate reads it (a stored run's header). */
export interface EvidenceRun {
  runId: string;
  createdAt: Date;
  datasetSha256: string;
  datasetVersion: string;
  /** The --intent subset, null for the whole golden set. */
  intent: string | null;
  promptVersion: string | null;
  modelVersion: string | null;
  complete: boolean;
  passed: boolean;
  /** The blocking gates that failed (empty when the run passed). */
  failedGates: string[];
}

export interface ConsideredRun {
  runId: string;
  /** Linked by hand, or matched by the version it ran. */
  how: 'linked' | 'matched';
  /** Why it does not approve the version; null when it does. */
  against: string | null;
}

export interface PromotionEvidence {
  approved: boolean;
  /** The newest run that approves the version, or null. */
  approvingRun: EvidenceRun | null;
  /** Every run that is evidence of the version, newest first, with why each does or does not approve it. */
  considered: ConsideredRun[];
  /** One sentence: which run approves the version, or why none does. */
  reason: string;
}

const bare = (v: string | null) => (v === null ? null : v.replace(/^v/i, ''));

/** Whether a run ran this version: a prompt's version on its intent (or the whole set), a model's version; other kinds only by link. */
function ranVersion(v: VersionRef, r: EvidenceRun): boolean {
  if (v.kind === 'prompt') return bare(r.promptVersion) === bare(v.version) && (r.intent === null || r.intent === v.name);
  if (v.kind === 'model') return r.modelVersion === v.version;
  return false;
}

/**
 * Whether a version may go to production (US-1.1, US-2.2): some stored evaluation run of it completed and passed every
 * blocking gate on the current golden set (by content hash, so an edited file with the same version name does not
 * count). A run is evidence of the version when it was linked to it, or when it ran it: a prompt run with that prompt
 * version on the whole set or on the prompt's intent, a model run with that model version. Classifiers, rerankers and
 * embedding configs have no version column in a run, so only linked runs count for them.
 * See https://mlflow.org/docs/latest/model-registry.html for the registry this mirrors.
 * @throws RangeError when the current golden set's hash is empty.
 * @example
 * promotionEvidence({ kind: 'prompt', name: 'faq_simple', version: '2.4', linkedRunIds: [] },
 *   [{ runId: 'r1', createdAt: new Date(), datasetSha256: 'abc', datasetVersion: 'v1', intent: null, promptVersion: '2.4',
 *      modelVersion: null, complete: true, passed: true, failedGates: [] }], { sha256: 'abc', version: 'v1' }).approved
 * // => true
 */
export function promotionEvidence(v: VersionRef, runs: EvidenceRun[], golden: { sha256: string; version: string }): PromotionEvidence {
  if (!golden.sha256) throw new RangeError('promotionEvidence: the current golden set has no hash');
  const linked = new Set(v.linkedRunIds);
  const evidence = runs
    .filter((r) => linked.has(r.runId) || ranVersion(v, r))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.runId < b.runId ? 1 : -1));
  const considered: ConsideredRun[] = evidence.map((r) => ({
    runId: r.runId,
    how: linked.has(r.runId) ? 'linked' : 'matched',
    against: !r.complete
      ? 'incomplete (predictions were missing)'
      : !r.passed
        ? `failed ${r.failedGates.length ? r.failedGates.join(', ') : 'a gate'}`
        : r.datasetSha256 !== golden.sha256
          ? `scored golden set ${r.datasetVersion} (sha256 ${r.datasetSha256.slice(0, 12)}), not the current ${golden.version} (sha256 ${golden.sha256.slice(0, 12)})`
          : null,
  }));
  const first = considered.findIndex((c) => c.against === null);
  const approvingRun = first >= 0 ? evidence[first]! : null;
  const label = `${v.kind} ${v.name} ${v.version}`;
  const missing = linked.size - evidence.filter((r) => linked.has(r.runId)).length;
  const unknown = missing > 0 ? `; ${missing} linked run${missing === 1 ? ' is' : 's are'} not in the store` : '';
  let reason: string;
  if (approvingRun) reason = `run ${approvingRun.runId} passed every gate on golden set ${golden.version}`;
  else if (evidence.length === 0) reason = `no stored evaluation run of ${label}${unknown}`;
  else {
    const newest = considered[0]!;
    reason = `no passing run of ${label} on golden set ${golden.version}: ${evidence.length} run${evidence.length === 1 ? '' : 's'}, the newest ${newest.runId} ${newest.against}${unknown}`;
  }
  return { approved: approvingRun !== null, approvingRun, considered, reason };
}
