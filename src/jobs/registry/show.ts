// The registry's wording: a version's evidence and stage history, the list of versions, and the versions behind a
// traced turn (US-10.1 lineage). Text only; the numbers come from promotionEvidence and the registry store.
import type { PromotionEvidence } from '../../analysis/promotionEvidence';
import { entryLabel, type EntryKey, type Registry, type RegistryEntry, type StageChange } from '../../pipeline/registry-store';
import { compareVersions } from '../../pipeline/prompts';
import { escapeTerminal } from '../render/escape';
import { versionEvidence, type Golden } from './registry';

const day = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');
const clean = (s: string | null) => (s === null ? '-' : escapeTerminal(s));

/** One line a version: label, stage, hosting, framework, date, linked runs. */
export function listLines(entries: RegistryEntry[]): string[] {
  if (entries.length === 0) return ['No versions registered (mangalab registry register).'];
  const rows = entries.map((e) => [entryLabel(e), e.stage, e.hosting, e.framework, e.createdOn, String(e.evalRunIds.length)]);
  const head = ['version', 'stage', 'hosting', 'framework', 'created', 'linked runs'];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [head, ...rows].map((r) =>
    r
      .map((c, i) => escapeTerminal(c).padEnd(w[i]!))
      .join('  ')
      .trimEnd(),
  );
}

/** A version's metadata, its evidence on the current golden set (every run considered) and its stage history. */
export function entryLines(e: RegistryEntry, evidence: PromotionEvidence, history: StageChange[], golden: Golden): string[] {
  const meta = Object.entries(e.metadata).map(([k, v]) => `  ${k}: ${clean(typeof v === 'string' ? v : JSON.stringify(v))}`);
  return [
    `${entryLabel(e)}  stage ${e.stage}`,
    `  framework ${clean(e.framework)}, hosting ${clean(e.hosting)}, created ${e.createdOn}`,
    `  dataset sha256 ${e.datasetSha256 ?? '- (none applies)'}`,
    `  source ${clean(e.source)}, content sha256 ${e.contentSha256.slice(0, 16)}`,
    `  registered ${day(e.registeredAt)} by ${clean(e.registeredBy)}`,
    ...meta,
    `Evidence on golden set ${golden.version} (sha256 ${golden.sha256.slice(0, 12)}): ${evidence.approved ? 'APPROVED' : 'NOT APPROVED'}, ${evidence.reason}`,
    ...(evidence.considered.length
      ? evidence.considered.map((c) => `  ${c.runId} (${c.how}): ${c.against === null ? 'approves' : c.against}`)
      : ['  (no run)']),
    'Stage history:',
    ...(history.length
      ? history.map(
          (h) =>
            `  ${day(h.at)}  ${h.from} -> ${h.to}  by ${clean(h.who)}${h.evalRunId ? `, run ${h.evalRunId}` : ''}${h.override ? `, OVERRIDE: ${clean(h.override)}` : ''}${h.why ? `, ${clean(h.why)}` : ''}${h.auditSeq !== null ? ` (audit #${h.auditSeq})` : ''}`,
        )
      : ['  (registered, never moved)']),
  ];
}

/** A version behind a traced turn: its registry entry and the run that approves it, or that it is not registered. */
export interface ServedVersion {
  key: EntryKey;
  entry: RegistryEntry | null;
  evidence: PromotionEvidence | null;
  /** The run named by the stage change that took it to production, when there is one. */
  promotedBy: StageChange | null;
  /** A prompt set's version the turn names, when the intent's prompt is an earlier one (the set reuses it). */
  resolvedFrom: string | null;
}

/**
 * The registry entry of a turn's prompt: the version itself, or (a prompt set's version reuses an intent's older file,
 * as loadPromptSet does) the intent's newest registered version below it.
 */
async function promptEntry(registry: Registry, key: EntryKey): Promise<{ entry: RegistryEntry | null; resolvedFrom: string | null }> {
  const exact = await registry.get(key);
  if (exact) return { entry: exact, resolvedFrom: null };
  const below = (await registry.list({ kind: 'prompt', name: key.name }))
    .filter((e) => compareVersions(e.version, key.version) < 0)
    .sort((a, b) => compareVersions(b.version, a.version));
  return { entry: below[0] ?? null, resolvedFrom: below[0] ? key.version : null };
}

/** The registry entries of a turn's versions: its prompt (per intent) and its model. */
export async function servedVersions(
  registry: Registry,
  turn: { intent: string | null; promptVersion: string | null; model: string | null; modelVersion: string | null },
  golden: Golden | null,
): Promise<ServedVersion[]> {
  const keys: EntryKey[] = [];
  if (turn.intent && turn.promptVersion) keys.push({ kind: 'prompt', name: turn.intent, version: turn.promptVersion.replace(/^v/i, '') });
  if (turn.model && turn.modelVersion) keys.push({ kind: 'model', name: turn.model, version: turn.modelVersion });
  const out: ServedVersion[] = [];
  for (const asked of keys) {
    const { entry, resolvedFrom } =
      asked.kind === 'prompt' ? await promptEntry(registry, asked) : { entry: await registry.get(asked), resolvedFrom: null };
    const key = entry ?? asked;
    const history = entry ? await registry.history(key) : [];
    out.push({
      key: { kind: key.kind, name: key.name, version: key.version },
      entry,
      resolvedFrom,
      evidence: entry && golden ? await versionEvidence(registry, entry, golden) : null,
      promotedBy: [...history].reverse().find((h) => h.to === 'production') ?? null,
    });
  }
  return out;
}

/** The lineage's registry lines, one a version. */
export function servedLines(versions: ServedVersion[]): [string, string][] {
  if (versions.length === 0) return [['registry', 'the turn names no prompt or model version']];
  return versions.map((v) => {
    const label = entryLabel(v.key);
    if (!v.entry) return ['registry', `${escapeTerminal(label)}: NOT IN THE REGISTRY (no metadata or evaluation is recorded for it)`];
    const promoted = v.promotedBy
      ? `, to production ${day(v.promotedBy.at)}${v.promotedBy.evalRunId ? ` on run ${v.promotedBy.evalRunId}` : ''}${v.promotedBy.override ? ` by OVERRIDE (${clean(v.promotedBy.override)})` : ''}`
      : '';
    const approved = v.evidence
      ? `; ${v.evidence.approved ? `approved by run ${v.evidence.approvingRun!.runId}` : `not approved: ${v.evidence.reason}`}`
      : '';
    const via = v.resolvedFrom ? ` (the prompt set's ${escapeTerminal(v.resolvedFrom)} reuses it)` : '';
    return [
      'registry',
      `${escapeTerminal(label)}${via}: ${v.entry.stage}, ${clean(v.entry.framework)} on ${clean(v.entry.hosting)}${promoted}${approved}`,
    ];
  });
}
