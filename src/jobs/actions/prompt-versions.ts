import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditLog } from '../../pipeline/audit';
import { InputError } from '../../pipeline/errors';
import { loadConfigFile, saying, z } from '../../pipeline/config-schema';
import { writeFileAtomically } from '../../pipeline/output';
import { paths } from '../../pipeline/paths';
import { compareVersions } from '../../pipeline/prompts';
import { approvalRecord, type Approval } from '../registry/registry';

const VERSIONS = { prompt_version: z.string(), model_version: z.string() };

/** config/active-prompts.json: per intent its live prompt and model version and their history (other fields kept). */
export const ACTIVE_PROMPTS_SCHEMA = z.looseObject({
  intents: z.record(
    z.string(),
    z.looseObject({ ...VERSIONS, history: z.array(z.looseObject(VERSIONS), saying('must be a list')) }),
    saying('must map intents to versions'),
  ),
});

type Active = z.output<typeof ACTIVE_PROMPTS_SCHEMA>['intents'][string];

/** The active-versions document (config/active-prompts.json by default). @throws InputError naming the file and intent. */
export function loadActivePrompts(file: string = join(paths.config(), 'active-prompts.json')): {
  file: string;
  doc: Record<string, unknown>;
  intents: Record<string, Active>;
} {
  const doc = loadConfigFile(ACTIVE_PROMPTS_SCHEMA, file, 'active prompt versions', { placed: true });
  return { file, doc, intents: doc.intents };
}

/** The prompt version a promotion change file names (what the registry's gate is asked about before applying it). */
export function promotionVersion(changeFile: string): string {
  return loadConfigFile(PROMOTION_SCHEMA, changeFile, 'promotion change', { placed: true }).prompt_version;
}

/** A promotion change file (`experiment report --promote`): the winner's versions and the readout's reason. */
const PROMOTION_SCHEMA = z.looseObject({
  kind: z.literal('experiment-promotion', {
    error: (issue) => `is not an experiment promotion (kind ${JSON.stringify(issue.input ?? null)})`,
  }),
  prompt_version: z.string({ error: 'names no prompt_version: the winner differs in something this command does not apply' }),
  model_version: z.string().optional().catch(undefined),
  experiment_id: z.unknown(),
  winner: z.unknown(),
  evidence: z
    .looseObject({ reason: z.string().optional().catch(undefined) })
    .optional()
    .catch(undefined),
});

export interface PromptChange {
  intent: string;
  from: { prompt_version: string; model_version: string };
  to: { prompt_version: string; model_version: string };
  changed: boolean;
  auditSeq: number | null;
}

type Versions = { prompt_version: string; model_version: string };

/**
 * One audited change of an intent's active versions: the file is read, changed and written, and the audit record
 * appended, as one step under the audit log's lock (see AuditLog.commit), so concurrent changes queue instead of
 * being lost or going live unaudited. `next` says the versions to make active and the history to keep, or null when
 * nothing changes.
 */
function changePrompt(
  intent: string,
  action: string,
  o: { file?: string; why?: string; ticket?: string; audit?: AuditLog; approval?: Approval },
  next: (active: Active, file: string) => { to: Versions; history: Versions[] } | null,
): PromptChange {
  let change: PromptChange | undefined;
  const entry = (o.audit ?? new AuditLog()).commit(`${action} ${intent}`, () => {
    const { file, doc, intents } = loadActivePrompts(o.file);
    const a = intents[intent];
    if (!a) throw new InputError(`intent ${intent}`, `is not in ${file} (intents: ${Object.keys(intents).join(', ')})`);
    const from = { prompt_version: a.prompt_version, model_version: a.model_version };
    const n = next(a, file);
    change = { intent, from, to: n?.to ?? from, changed: n !== null, auditSeq: null };
    if (!n) return null;
    const before = readFileSync(file);
    return {
      record: {
        component: `prompt:${intent}`,
        action,
        old: `${from.prompt_version}/${from.model_version}`,
        new: `${n.to.prompt_version}/${n.to.model_version}`,
        why: o.why ?? null,
        ticket: o.ticket ?? null,
        ...(o.approval ? approvalRecord(o.approval) : { evalRunId: null, evalPassed: null }),
        outcome: 'completed',
        details: { file, ...(o.approval ? approvalRecord(o.approval).details : {}) },
      },
      apply: () =>
        writeFileAtomically(
          file,
          `${JSON.stringify({ ...doc, intents: { ...intents, [intent]: { ...a, ...n.to, history: n.history } } }, null, 2)}\n`,
        ),
      undo: () => writeFileAtomically(file, before),
    };
  });
  return { ...change!, auditSeq: entry?.seq ?? null };
}

/**
 * `mangalab prompt rollback INTENT`: restores the intent's previous prompt and model version (the last of its history).
 * @throws InputError for an unknown intent or one with no earlier version; nothing is changed then.
 */
export function rollbackPrompt(intent: string, o: { file?: string; why?: string; ticket?: string; audit?: AuditLog } = {}): PromptChange {
  return changePrompt(intent, 'prompt-rollback', o, (a, file) => {
    const previous = a.history.at(-1);
    if (!previous) throw new InputError(`intent ${intent}`, `has no earlier version to roll back to in ${file}`);
    return { to: { prompt_version: previous.prompt_version, model_version: previous.model_version }, history: a.history.slice(0, -1) };
  });
}

/**
 * `mangalab prompt set INTENT --version V [--model M]`: makes V the intent's active prompt version (an experiment's
 * winner promoted to 100%); the version must exist under prompts/<intent>/. Setting the active version again changes
 * nothing. `approval` is the registry's gate (approveForProduction): the run that approved V, or the override; the
 * audit record carries it.
 * @throws InputError for an unknown intent or version.
 */
export function setPrompt(
  intent: string,
  version: string,
  o: { approval: Approval; model?: string; file?: string; promptsDir?: string; why?: string; ticket?: string; audit?: AuditLog },
): PromptChange {
  const { file, intents } = loadActivePrompts(o.file); // for the message only: the change reads the file again under the lock
  if (!intents[intent]) throw new InputError(`intent ${intent}`, `is not in ${file} (intents: ${Object.keys(intents).join(', ')})`);
  const dir = join(o.promptsDir ?? paths.prompts(), intent);
  const known = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.md'))
        .map((f) => f.replace(/^v/, '').replace(/\.md$/, ''))
    : [];
  if (!known.some((v) => compareVersions(v, version) === 0))
    throw new InputError('--version', `${version} is not a prompt version of ${intent} (prompts/${intent}: ${known.join(', ') || 'none'})`);
  return changePrompt(intent, 'prompt-set', o, (a) => {
    const to = { prompt_version: version.replace(/^v/, ''), model_version: o.model ?? a.model_version };
    const from = { prompt_version: a.prompt_version, model_version: a.model_version };
    if (from.prompt_version === to.prompt_version && from.model_version === to.model_version) return null;
    return { to, history: [...a.history, from] };
  });
}

/**
 * `mangalab prompt apply FILE --intent X`: applies the promotion change an experiment readout wrote on a ship decision
 * (kind experiment-promotion: the winner's prompt and model version) to the intent, with the readout's reason.
 * @throws InputError for a file that is not such a change or names no prompt version.
 */
export function applyPromotion(
  changeFile: string,
  intent: string,
  o: { approval: Approval; file?: string; promptsDir?: string; ticket?: string; audit?: AuditLog },
): PromptChange {
  const c = loadConfigFile(PROMOTION_SCHEMA, changeFile, 'promotion change', { placed: true });
  const evidence = c.evidence ?? {};
  return setPrompt(intent, c.prompt_version, {
    ...o,
    model: c.model_version,
    why: `experiment ${String(c.experiment_id)} winner ${String(c.winner)}${evidence.reason ? `: ${evidence.reason}` : ''}`,
  });
}

/** One line for a prompt change: from and to, with its audit number, or that nothing changed. */
export function describePromptChange(c: PromptChange): string {
  const v = (x: PromptChange['to']) => `${x.prompt_version}/${x.model_version}`;
  return c.changed
    ? `${c.intent}: ${v(c.from)} -> ${v(c.to)} (audit #${c.auditSeq})`
    : `${c.intent}: already ${v(c.to)}; nothing to change`;
}
