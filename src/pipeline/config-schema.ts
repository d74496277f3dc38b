import { z } from 'zod';
import { InputError } from './errors';
import { readJsonObject } from './json-file';

/** A JSON path as the messages write it: alerts[0].metric, categorizer.feedback_hints.vibes. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

const got = (input: unknown) => JSON.stringify(input) ?? 'nothing';

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

/**
 * Checks a parsed JSON document against a config schema and returns what the schema makes of it (its defaults,
 * names and types). Every config file of the project has one schema (zod), checked once at the top of a job.
 * @throws InputError naming the file, the JSON path and the problem of the first issue, e.g.
 * `config/cost.json: spike.ratio must be above 0, got -1`.
 */
export function checkConfig<S extends z.ZodType>(schema: S, doc: unknown, file: string): z.output<S> {
  const r = schema.safeParse(doc, { error: (issue) => problem(issue) });
  if (r.success) return r.data;
  const first = r.error.issues[0]!;
  const path = jsonPath(first.path);
  throw new InputError(file, path ? `${path} ${first.message}` : first.message);
}

/** Reads a config file (a JSON object) and checks it (see checkConfig). @throws InputError naming file, path and problem. */
export function loadConfigFile<S extends z.ZodType>(schema: S, file: string, what: string): z.output<S> {
  return checkConfig(schema, readJsonObject(file, what), file);
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
