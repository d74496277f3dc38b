// The version registry's actions (issue 28, US-1.1): register a version, change its stage, and the gate every path to
// production goes through (registry promote, prompt set, deploy canary): a stored evaluation run of the version that
// passed every gate on the current golden set, or an override reason; both, and every refusal, audited.
import { promotionEvidence, type PromotionEvidence } from '../../analysis/promotionEvidence';
import { actor, AuditLog } from '../../pipeline/audit';
import { InputError, RefusedError } from '../../pipeline/errors';
import { contentSha256, entryFromSpec, type VersionSpec } from '../../pipeline/registry-input';
import { entryLabel, Registry, type EntryKey, type RegistryEntry, type Stage, type StageChange } from '../../pipeline/registry-store';

export interface Golden {
  file: string;
  sha256: string;
  version: string;
}

/** What a path to production carries into its audit record: the approving run, or the override, and the evidence. */
export interface Approval {
  label: string;
  entry: RegistryEntry;
  evidence: PromotionEvidence;
  /** The approving run, or (refused or overridden) the newest run considered; null when there is none. */
  runId: string | null;
  override: string | null;
  golden: Golden;
}

export interface ActOptions {
  audit?: AuditLog;
  now?: () => Date;
  who?: string;
  why?: string;
  ticket?: string;
}

/** A registry entry's evidence on the current golden set (promotionEvidence over its linked and matching runs). */
export async function versionEvidence(registry: Registry, entry: RegistryEntry, golden: Golden): Promise<PromotionEvidence> {
  const runs = await registry.evidenceRuns(entry);
  return promotionEvidence({ ...entry, linkedRunIds: entry.evalRunIds }, runs, golden);
}

/**
 * The gate to production: the version must be registered (an InputError otherwise: no model reaches production
 * without a registry entry), and a stored run of it must have passed every gate on the current golden set, unless
 * `override` gives the reason to go ahead. A refusal is audited (outcome refused, the newest run named) and thrown.
 * @throws InputError for an unregistered version; RefusedError when no run approves it and there is no override.
 */
export async function approveForProduction(
  registry: Registry,
  key: EntryKey,
  o: ActOptions & { golden: Golden; override?: string; action: string },
): Promise<Approval> {
  const entry = await registry.require(key);
  const evidence = await versionEvidence(registry, entry, o.golden);
  const label = entryLabel(key);
  const runId = evidence.approvingRun?.runId ?? evidence.considered[0]?.runId ?? null;
  if (!evidence.approved && !o.override) {
    const record = (o.audit ?? new AuditLog()).append({
      component: `registry:${entry.kind}/${entry.name}`,
      action: o.action,
      old: entry.stage,
      new: 'production',
      why: o.why ?? null,
      ticket: o.ticket ?? null,
      evalRunId: runId,
      evalPassed: false,
      outcome: 'refused',
      details: { version: entry.version, reason: evidence.reason, golden: o.golden.file, golden_sha256: o.golden.sha256 },
    });
    throw new RefusedError(
      `${label}: refused (audit #${record.seq}): ${evidence.reason}. Production needs a stored evaluation run of it that passed every gate on golden set ${o.golden.version} (mangalab eval --golden ${o.golden.file} ...), or --override "reason", which is audited.`,
    );
  }
  return { label, entry, evidence, runId, override: evidence.approved ? null : (o.override ?? null), golden: o.golden };
}

/** What an approval puts into an audit record. */
export function approvalRecord(a: Approval): { evalRunId: string | null; evalPassed: boolean; details: Record<string, unknown> } {
  return {
    evalRunId: a.runId,
    evalPassed: a.evidence.approved,
    details: {
      registry: a.label,
      evidence: a.evidence.reason,
      golden_sha256: a.golden.sha256,
      ...(a.override ? { override: a.override } : {}),
    },
  };
}

export interface RegisterResult {
  entry: RegistryEntry;
  created: boolean;
  /** Runs linked by this registration that were not linked before. */
  linked: string[];
  auditSeq: number | null;
}

/**
 * Records a version. Registering the same content again links any new evaluation runs and changes nothing else.
 * @throws InputError when the version is registered with different content, naming both sources and hashes.
 */
export async function registerVersion(
  registry: Registry,
  spec: VersionSpec,
  o: ActOptions & { stage?: Stage } = {},
): Promise<RegisterResult> {
  const sha = contentSha256(spec);
  const existing = await registry.get(spec);
  const now = (o.now ?? (() => new Date()))();
  const who = o.who ?? actor();
  if (existing && existing.contentSha256 !== sha)
    throw new InputError(
      entryLabel(spec),
      `is already registered with different content: ${existing.source} (sha256 ${existing.contentSha256.slice(0, 12)}, ${existing.registeredAt.toISOString().slice(0, 10)}) against ${spec.source} (sha256 ${sha.slice(0, 12)}); give the new content a new version`,
    );
  const linked = spec.evalRunIds.filter((id) => !existing?.evalRunIds.includes(id));
  if (existing && linked.length === 0) return { entry: existing, created: false, linked, auditSeq: null };
  const entry: RegistryEntry = existing
    ? { ...existing, evalRunIds: [...existing.evalRunIds, ...linked] }
    : entryFromSpec(spec, { stage: 'none', at: now, who });
  const stage = o.stage ?? 'none';
  const change: StageChange | undefined =
    !existing && stage !== 'none'
      ? { ...spec, at: now, from: 'none', to: stage, who, why: o.why ?? 'registered', evalRunId: null, override: null, auditSeq: null }
      : undefined;
  const saved = { ...entry, stage: existing ? entry.stage : stage };
  const auditSeq = await registry.save(saved, {
    change,
    audit: () =>
      (o.audit ?? new AuditLog()).append({
        component: `registry:${spec.kind}/${spec.name}`,
        action: existing ? 'registry-link' : 'registry-register',
        old: null,
        new: spec.version,
        why: o.why ?? null,
        ticket: o.ticket ?? null,
        evalRunId: linked[0] ?? null,
        evalPassed: null,
        outcome: 'completed',
        details: { source: spec.source, content_sha256: sha, linked, stage: saved.stage },
      }).seq,
  });
  return { entry: saved, created: !existing, linked, auditSeq };
}

export interface StageResult {
  entry: RegistryEntry;
  changes: StageChange[];
  approval: Approval | null;
  auditSeq: number | null;
}

/**
 * `registry promote|archive`: a version to a stage. To production it needs approveForProduction; the version that
 * was in production for the same artefact is archived in the same step. With `auditSeq` the change was audited
 * (and gated, or is a rollback to a version approved before) by the command that made it (prompt set, prompt rollback,
 * deploy canary) and is only recorded here.
 */
export async function changeStage(
  registry: Registry,
  key: EntryKey,
  to: Stage,
  o: ActOptions & { golden?: Golden; override?: string; approval?: Approval; auditSeq?: number | null } = {},
): Promise<StageResult> {
  const entry = await registry.require(key);
  if (entry.stage === to) return { entry, changes: [], approval: null, auditSeq: null };
  const action = to === 'archived' ? 'registry-archive' : 'registry-promote';
  let approval = o.approval ?? null;
  if (to === 'production' && !approval && o.auditSeq === undefined) {
    if (!o.golden) throw new InputError('golden', 'a promotion to production needs the current golden set');
    approval = await approveForProduction(registry, key, { ...o, golden: o.golden, action });
  }
  const at = (o.now ?? (() => new Date()))();
  const who = o.who ?? actor();
  const base = { at, who, evalRunId: approval?.runId ?? null, override: approval?.override ?? null, auditSeq: o.auditSeq ?? null };
  const changes: StageChange[] = [{ ...key, ...base, from: entry.stage, to, why: o.why ?? null }];
  if (to === 'production')
    for (const p of await registry.list({ kind: key.kind, name: key.name, stage: 'production' }))
      if (p.version !== key.version)
        changes.push({
          ...p,
          ...base,
          evalRunId: null,
          override: null,
          from: 'production',
          to: 'archived',
          why: `replaced by ${key.version}`,
        });
  let seq: number | null = o.auditSeq ?? null;
  await registry.changeStages(changes, () => {
    if (o.auditSeq !== undefined) return o.auditSeq;
    const r = (o.audit ?? new AuditLog()).append({
      component: `registry:${key.kind}/${key.name}`,
      action,
      old: `${key.version} ${entry.stage}`,
      new: `${key.version} ${to}`,
      why: o.why ?? null,
      ticket: o.ticket ?? null,
      ...(approval ? approvalRecord(approval) : { evalRunId: null, evalPassed: null }),
      details: { ...(approval ? approvalRecord(approval).details : {}), archived: changes.slice(1).map((c) => c.version) },
      outcome: 'completed',
    });
    seq = r.seq;
    return r.seq;
  });
  return { entry: { ...entry, stage: to }, changes, approval, auditSeq: seq };
}

/**
 * The version a SageMaker variant serves: the one named, or the one registration put on `sagemaker:<endpoint>/<variant>`
 * (archived versions aside).
 * @throws InputError when none or more than one is hosted there and none is named.
 */
export async function hostedVersion(registry: Registry, endpoint: string, variant: string, named: EntryKey | null): Promise<EntryKey> {
  if (named) return named;
  const hosting = `sagemaker:${endpoint}/${variant}`;
  const hosted = (await registry.list({ hosting })).filter((e) => e.stage !== 'archived');
  if (hosted.length === 1) return hosted[0]!;
  throw new InputError(
    `endpoint ${endpoint}`,
    hosted.length === 0
      ? `no registry version is hosted on ${hosting}: register the canary's version with --hosting ${hosting}, or name it with --version`
      : `${hosted.length} registry versions are hosted on ${hosting} (${hosted.map(entryLabel).join(', ')}): name the canary's with --version`,
  );
}
