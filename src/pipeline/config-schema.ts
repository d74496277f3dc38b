import { z } from 'zod';
import { InputError } from './errors';
import { readJsonObject } from './json-file';

/** A JSON path as the messages write it: alerts[0].metric, categorizer.feedback_hints.vibes. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

/** The value a message shows: as JSON, or "nothing (the field is missing)". */
const got = (input: unknown) => JSON.stringify(input) ?? 'nothing (the field is missing)';

/** One problem in the words every config message uses: "must be a number, got \"many\"". */
function problem(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return `must be a whole number, got ${got(issue.input)}`;
      return `must be ${issue.expected === 'object' ? 'an object' : issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}, got ${got(issue.input)}`;
    case 'too_small':
      if (issue.origin === 'array') return `must list at least ${issue.minimum}, got ${got(issue.input)}`;
      if (issue.origin === 'string') return `must be a non-empty string, got ${got(issue.input)}`;
      return `must be ${issue.inclusive ? 'at least' : 'above'} ${issue.minimum}, got ${got(issue.input)}`;
    case 'too_big':
      return `must be ${issue.inclusive ? 'at most' : 'below'} ${issue.maximum}, got ${got(issue.input)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}, got ${got(issue.input)}`;
    case 'invalid_format':
      return `must be ${issue.format === 'regex' ? "written as the field's description says" : `a ${issue.format}`}, got ${got(issue.input)}`;
    default:
      return issue.message ?? `is not valid, got ${got(issue.input)}`;
  }
}

/** How a config's messages name the place of a problem. */
export interface CheckOptions {
  /**
   * Name the place apart from the problem, `file (temperature): must be ...`, and a list entry by its label:
   * `file (models[0] (claude-3-haiku)): input must be ...`. Without it: `file: spike.ratio must be ...`.
   */
  placed?: boolean;
  /** With `placed`: the field that names a list entry (model, metric, name), shown beside its index. */
  label?: string;
}

/** The value at a JSON path of a document, undefined where the path leaves it. */
function at(doc: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), doc);
}

/** An issue's place and problem in the placed style: the place up to the innermost list entry, the rest in the problem. */
function placed(doc: unknown, path: readonly PropertyKey[], message: string, label?: string): { place: string; problem: string } {
  let entry = -1;
  path.forEach((k, i) => {
    if (typeof k === 'number') entry = i;
  });
  if (entry < 0) return { place: jsonPath(path), problem: message };
  const name = label ? at(doc, [...path.slice(0, entry + 1), label]) : undefined;
  const place = `${jsonPath(path.slice(0, entry + 1))}${typeof name === 'string' && name !== '' ? ` (${name})` : ''}`;
  const rest = jsonPath(path.slice(entry + 1));
  return { place, problem: rest ? `${rest} ${message}` : message };
}

/**
 * Checks a parsed JSON document against a config schema and returns what the schema makes of it (its defaults,
 * names and types). Every config file of the project has one schema (zod), checked once at the top of a job.
 * @throws InputError naming the file, the JSON path and the problem of the first issue, e.g.
 * `config/cost.json: spike.ratio must be above 0, got -1` (or, placed, `config/bedrock.json (temperature): ...`).
 */
export function checkConfig<S extends z.ZodType>(schema: S, doc: unknown, file: string, options: CheckOptions = {}): z.output<S> {
  const r = schema.safeParse(doc, { error: (issue) => problem(issue) });
  if (r.success) return r.data;
  const first = r.error.issues[0]!;
  if (options.placed) {
    const { place, problem: p } = placed(doc, first.path, first.message, options.label);
    throw new InputError(file, p, place);
  }
  const path = jsonPath(first.path);
  throw new InputError(file, path ? `${path} ${first.message}` : first.message);
}

/** Reads a config file (a JSON object) and checks it (see checkConfig). @throws InputError naming file, path and problem. */
export function loadConfigFile<S extends z.ZodType>(schema: S, file: string, what: string, options: CheckOptions = {}): z.output<S> {
  return checkConfig(schema, readJsonObject(file, what), file, options);
}

/** A message for every way a value can miss a schema: its type, its range, its format (`got` the value). */
export function saying(words: string) {
  return { error: (issue: { input?: unknown }) => `${words}, got ${got(issue.input)}` };
}

/** A number in a range, in the messages' words (`above` is exclusive, `min`/`max` inclusive). */
export function num(range: { min?: number; max?: number; above?: number; integer?: boolean } = {}) {
  let s = range.integer ? z.number().int() : z.number();
  if (range.min !== undefined) s = s.min(range.min);
  if (range.above !== undefined) s = s.gt(range.above);
  if (range.max !== undefined) s = s.max(range.max);
  return s;
}

/** A share: above 0, at most 1. */
export const share = () => num({ above: 0, max: 1 });

/** A non-empty string. */
export const text = () => z.string().min(1);

/** The file's `version` string, "unversioned" when it has none. */
export const version = () =>
  z
    .string()
    .optional()
    .transform((v) => v ?? 'unversioned');

export { z };
