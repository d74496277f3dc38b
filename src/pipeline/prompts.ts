import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { InputError } from './errors';
import { compileTemplate, type CompiledTemplate } from './template';
import { paths } from './paths';

/** A prompt file's YAML front matter (US-2.1). */
export interface PromptMeta {
  version: string;
  author: string;
  date: string;
  description: string;
  eval_run_id: string | null;
  intent: string;
}

export interface PromptFile {
  path: string;
  meta: PromptMeta;
  /** The Jinja-style template body (src/pipeline/template.ts: a logic-light subset that cannot run code). */
  template: string;
}

/** The prompt a candidate version resolves to: the shared base plus one template per intent. */
export interface PromptSet {
  dir: string;
  version: string;
  base: PromptFile;
  intents: Map<string, PromptFile>;
  /** sha256 over every file used: a run records it, and the response cache is keyed by the rendered prompt. */
  sha256: string;
}

const compiled = new Map<string, CompiledTemplate>();

/** A template compiled once (src/pipeline/template.ts: logic-light, cannot run code). @throws SyntaxError. */
function template(text: string): CompiledTemplate {
  let t = compiled.get(text);
  if (!t) compiled.set(text, (t = compileTemplate(text)));
  return t;
}

const render = (text: string, vars: object) => template(text)(vars as Record<string, unknown>);

/** Compares dotted versions numerically ("1.10" > "1.9"), a leading v ignored ("v2.4" = "2.4"); non-numeric parts compare as text. */
export function compareVersions(a: string, b: string): number {
  const pa = a.replace(/^v/i, '').split('.');
  const pb = b.replace(/^v/i, '').split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0';
    const y = pb[i] ?? '0';
    const nx = Number(x);
    const ny = Number(y);
    const c = Number.isFinite(nx) && Number.isFinite(ny) ? nx - ny : x.localeCompare(y);
    if (c !== 0) return Math.sign(c);
  }
  return 0;
}

/**
 * Reads one prompt file: `---` YAML front matter `---`, then the template.
 * @throws InputError naming the file and the field for missing front matter, a missing field, or a template that
 * does not compile.
 */
export function readPromptFile(path: string): PromptFile {
  const text = readFileSync(path, 'utf8');
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!m) throw new InputError(path, 'must start with YAML front matter between --- lines');
  let meta: Record<string, unknown>;
  try {
    meta = parseYaml(m[1]!) as Record<string, unknown>;
  } catch (e) {
    throw new InputError(path, `front matter is not YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (typeof meta !== 'object' || meta === null) throw new InputError(path, 'front matter must be a mapping');
  for (const key of ['version', 'author', 'date', 'description', 'intent']) {
    const v = meta[key];
    if (typeof v !== 'string' || v.trim() === '')
      throw new InputError(path, `must be a non-empty string, got ${JSON.stringify(v ?? null)}`, `front matter ${key}`);
  }
  if (meta.eval_run_id !== undefined && meta.eval_run_id !== null && typeof meta.eval_run_id !== 'string') {
    throw new InputError(path, 'must be a string or null', 'front matter eval_run_id');
  }
  try {
    template(m[2]!);
  } catch (e) {
    throw new InputError(path, `template does not compile: ${(e as Error).message.split('\n')[0]}`);
  }
  return {
    path,
    meta: { ...(meta as unknown as PromptMeta), eval_run_id: (meta.eval_run_id as string | undefined) ?? null },
    template: m[2]!,
  };
}

/**
 * Resolves prompt version `version` under prompts/: for the base and for each intent folder, the newest file whose
 * front-matter version is at most `version` (so a version that changed one intent's prompt reuses the others').
 * @throws InputError when the folder or the base is missing, when no intent has a file at or below the version,
 * or when a file's front matter disagrees with its folder.
 */
export function loadPromptSet(version: string, dir: string = paths.prompts()): PromptSet {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError(dir, 'no prompts folder');
  const pick = (folder: string): PromptFile | null => {
    const files = readdirSync(join(dir, folder))
      .filter((f) => f.endsWith('.md'))
      .map((f) => readPromptFile(join(dir, folder, f)));
    for (const f of files) {
      if (f.meta.intent !== folder)
        throw new InputError(f.path, `says intent ${f.meta.intent} but lives in folder ${folder}`, 'front matter intent');
    }
    const eligible = files
      .filter((f) => compareVersions(f.meta.version, version) <= 0)
      .sort((a, b) => compareVersions(b.meta.version, a.meta.version));
    return eligible[0] ?? null;
  };
  // prompts/tools/ holds the workbench's own prompts (the error categorizer), not the assistant's intents.
  const folders = readdirSync(dir)
    .filter((f) => f !== 'tools' && statSync(join(dir, f)).isDirectory())
    .sort();
  if (!folders.includes('base')) throw new InputError(dir, 'has no base/ folder (the shared system prompt)');
  const base = pick('base');
  if (!base) throw new InputError(join(dir, 'base'), `has no prompt at or below version ${version}`);
  const intents = new Map<string, PromptFile>();
  for (const folder of folders.filter((f) => f !== 'base')) {
    const p = pick(folder);
    if (p) intents.set(folder, p);
  }
  if (intents.size === 0) throw new InputError(dir, `no intent has a prompt at or below version ${version}`);
  const hash = createHash('sha256');
  for (const f of [base, ...intents.values()]) hash.update(relative(dir, f.path)).update('\0').update(readFileSync(f.path)).update('\0');
  return { dir, version, base, intents, sha256: hash.digest('hex') };
}

/** The variables a template sees: the query and the golden entry's context. */
export interface PromptVars {
  query: string;
  intent: string;
  context: Record<string, unknown>;
}

/**
 * Renders the system prompt (base) and the user turn (the intent's template) for one query.
 * @throws InputError when the set has no template for the intent.
 */
export function renderPrompt(set: PromptSet, vars: PromptVars): { system: string; user: string; files: string[] } {
  const t = set.intents.get(vars.intent);
  if (!t)
    throw new InputError(
      `intent ${vars.intent}`,
      `prompt version ${set.version} has no template for it (has: ${[...set.intents.keys()].join(', ')})`,
    );
  return {
    system: render(set.base.template, vars).trim(),
    user: render(t.template, vars).trim(),
    files: [set.base.path, t.path],
  };
}

/** Renders one prompt file's template with the given variables (the workbench's own prompts under prompts/tools/). */
export function renderPromptFile(file: PromptFile, vars: Record<string, unknown>): string {
  return render(file.template, vars).trim();
}
