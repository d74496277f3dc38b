import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AuditLog } from '../../pipeline/audit';
import { InputError } from '../../pipeline/errors';
import { readJsonObject } from '../../pipeline/json-file';
import { writeFileAtomically } from '../../pipeline/output';
import { paths } from '../../pipeline/paths';
import { compareVersions } from '../../pipeline/prompts';

interface Active {
  prompt_version: string;
  model_version: string;
  history: { prompt_version: string; model_version: string }[];
}

/** The active-versions document (config/active-prompts.json by default). @throws InputError naming the file and intent. */
export function loadActivePrompts(file: string = join(paths.config(), 'active-prompts.json')): {
  file: string;
  doc: Record<string, unknown>;
  intents: Record<string, Active>;
} {
  const doc = readJsonObject(file, 'active prompt versions');
  const intents = doc.intents as Record<string, Active> | undefined;
  if (!intents || typeof intents !== 'object') throw new InputError(file, 'must map intents to versions', 'intents');
  for (const [intent, a] of Object.entries(intents)) {
    if (typeof a?.prompt_version !== 'string' || typeof a.model_version !== 'string' || !Array.isArray(a.history)) {
      throw new InputError(file, 'needs prompt_version, model_version and a history list', `intents.${intent}`);
    }
  }
  return { file, doc, intents };
}

export interface PromptChange {
  intent: string;
  from: { prompt_version: string; model_version: string };
  to: { prompt_version: string; model_version: string };
  changed: boolean;
  auditSeq: number | null;
}

function commit(
  file: string,
  doc: Record<string, unknown>,
  intents: Record<string, Active>,
  change: Omit<PromptChange, 'auditSeq'>,
  action: string,
  why: string | null,
  ticket: string | null,
  audit: AuditLog,
): PromptChange {
  writeFileAtomically(file, `${JSON.stringify({ ...doc, intents }, null, 2)}\n`);
  const entry = audit.append({
    component: `prompt:${change.intent}`,
    action,
    old: `${change.from.prompt_version}/${change.from.model_version}`,
    new: `${change.to.prompt_version}/${change.to.model_version}`,
    why,
    ticket,
    evalRunId: null,
    evalPassed: null,
    outcome: 'completed',
    details: { file },
  });
  return { ...change, auditSeq: entry.seq };
}

/**
 * `mangalab prompt rollback INTENT`: restores the intent's previous prompt and model version (the last of its history).
 * @throws InputError for an unknown intent or one with no earlier version; nothing is changed then.
 */
export function rollbackPrompt(intent: string, o: { file?: string; why?: string; ticket?: string; audit?: AuditLog } = {}): PromptChange {
  const { file, doc, intents } = loadActivePrompts(o.file);
  const a = intents[intent];
  if (!a) throw new InputError(`intent ${intent}`, `is not in ${file} (intents: ${Object.keys(intents).join(', ')})`);
  const previous = a.history.at(-1);
  if (!previous) throw new InputError(`intent ${intent}`, `has no earlier version to roll back to in ${file}`);
  const next = { ...intents, [intent]: { ...previous, history: a.history.slice(0, -1) } };
  return commit(
    file,
    doc,
    next,
    { intent, from: { prompt_version: a.prompt_version, model_version: a.model_version }, to: previous, changed: true },
    'prompt-rollback',
    o.why ?? null,
    o.ticket ?? null,
    o.audit ?? new AuditLog(),
  );
}

/**
 * `mangalab prompt set INTENT --version V [--model M]`: makes V the intent's active prompt version (an experiment's
 * winner promoted to 100%); the version must exist under prompts/<intent>/. Setting the active version again changes nothing.
 * @throws InputError for an unknown intent or version.
 */
export function setPrompt(
  intent: string,
  version: string,
  o: { model?: string; file?: string; promptsDir?: string; why?: string; ticket?: string; audit?: AuditLog } = {},
): PromptChange {
  const { file, doc, intents } = loadActivePrompts(o.file);
  const a = intents[intent];
  if (!a) throw new InputError(`intent ${intent}`, `is not in ${file} (intents: ${Object.keys(intents).join(', ')})`);
  const dir = join(o.promptsDir ?? paths.prompts(), intent);
  const known = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.md'))
        .map((f) => f.replace(/^v/, '').replace(/\.md$/, ''))
    : [];
  if (!known.some((v) => compareVersions(v, version) === 0))
    throw new InputError('--version', `${version} is not a prompt version of ${intent} (prompts/${intent}: ${known.join(', ') || 'none'})`);
  const to = { prompt_version: version.replace(/^v/, ''), model_version: o.model ?? a.model_version };
  const from = { prompt_version: a.prompt_version, model_version: a.model_version };
  if (from.prompt_version === to.prompt_version && from.model_version === to.model_version)
    return { intent, from, to, changed: false, auditSeq: null };
  const next = { ...intents, [intent]: { ...to, history: [...a.history, from] } };
  return commit(
    file,
    doc,
    next,
    { intent, from, to, changed: true },
    'prompt-set',
    o.why ?? null,
    o.ticket ?? null,
    o.audit ?? new AuditLog(),
  );
}

/**
 * `mangalab prompt apply FILE --intent X`: applies the promotion change an experiment readout wrote on a ship decision
 * (kind experiment-promotion: the winner's prompt and model version) to the intent, with the readout's reason.
 * @throws InputError for a file that is not such a change or names no prompt version.
 */
export function applyPromotion(
  changeFile: string,
  intent: string,
  o: { file?: string; promptsDir?: string; ticket?: string; audit?: AuditLog } = {},
): PromptChange {
  const c = readJsonObject(changeFile, 'promotion change');
  if (c.kind !== 'experiment-promotion')
    throw new InputError(changeFile, `is not an experiment promotion (kind ${JSON.stringify(c.kind ?? null)})`, 'kind');
  if (typeof c.prompt_version !== 'string')
    throw new InputError(
      changeFile,
      'names no prompt_version: the winner differs in something this command does not apply',
      'prompt_version',
    );
  const evidence = (c.evidence ?? {}) as { reason?: string; readout_period?: string };
  return setPrompt(intent, c.prompt_version, {
    ...o,
    model: typeof c.model_version === 'string' ? c.model_version : undefined,
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
