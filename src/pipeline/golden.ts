import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { ElementSpec } from '../analysis/matchElements';
import { GOLDEN_TARGET_SHARES } from '../analysis/goldenComposition';
import { InputError } from './errors';

/** A required or prohibited element (see matchElements). */
export type GoldenElement = ElementSpec;

/** One golden-set entry (US-3.1's schema, with the composition category in `tags` and the adversarial flag). */
export interface GoldenEntry {
  query_id: string;
  query: string;
  expected_intent: string;
  context: Record<string, unknown>;
  reference_response: string;
  required_elements: GoldenElement[];
  prohibited_elements: GoldenElement[];
  rubric: string;
  tags: string[];
  adversarial: boolean;
}

export interface GoldenSet {
  file: string;
  version: string;
  /** sha256 of the file's bytes: a run records it so that a result names the exact dataset it scored. */
  sha256: string;
  entries: GoldenEntry[];
}

/** One problem in a golden file: where (entry index and id) and which field. */
export interface GoldenIssue {
  file: string;
  index: number | null;
  queryId: string | null;
  field: string;
  problem: string;
}

export const ADVERSARIAL_TAGS = ['prompt_injection', 'jailbreak', 'off_topic', 'pii_bait'];

/** The composition category of an entry: its one tag that is a target category, or null. */
export function goldenCategory(tags: string[]): string | null {
  const found = tags.filter((t) => t in GOLDEN_TARGET_SHARES);
  return found.length === 1 ? found[0]! : null;
}

export function describeGoldenIssue(i: GoldenIssue): string {
  const where = i.index === null ? '' : ` (entry ${i.index}${i.queryId ? `, ${i.queryId}` : ''})`;
  return `${i.file}${where}: ${i.field}: ${i.problem}`;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkElements(v: unknown, field: string, issue: (field: string, problem: string) => void): void {
  if (!Array.isArray(v)) return issue(field, 'must be a list of phrases or {"pattern": ...} objects');
  v.forEach((e, k) => {
    if (typeof e === 'string') {
      if (e.trim() === '') issue(`${field}[${k}]`, 'is an empty phrase');
    } else if (isObject(e) && typeof e.pattern === 'string') {
      try {
        new RegExp(e.pattern, typeof e.flags === 'string' ? e.flags : '');
      } catch (err) {
        issue(`${field}[${k}].pattern`, `is not a valid regular expression: ${(err as Error).message}`);
      }
    } else issue(`${field}[${k}]`, 'must be a phrase or an object with a string "pattern"');
  });
}

/** Checks one parsed entry; pushes every problem found (not only the first). */
function checkEntry(raw: unknown, index: number, file: string, issues: GoldenIssue[]): GoldenEntry | null {
  const queryId = isObject(raw) && typeof raw.query_id === 'string' ? raw.query_id : null;
  const issue = (field: string, problem: string) => issues.push({ file, index, queryId, field, problem });
  if (!isObject(raw)) {
    issue('(entry)', 'must be a JSON object');
    return null;
  }
  const before = issues.length;
  for (const key of ['query_id', 'query', 'expected_intent', 'reference_response', 'rubric'] as const) {
    if (typeof raw[key] !== 'string' || (raw[key] as string).trim() === '')
      issue(key, raw[key] === undefined ? 'is missing' : 'must be a non-empty string');
  }
  if (raw.context !== undefined && !isObject(raw.context)) issue('context', 'must be an object');
  checkElements(raw.required_elements, 'required_elements', issue);
  checkElements(raw.prohibited_elements, 'prohibited_elements', issue);
  if (!Array.isArray(raw.tags) || raw.tags.some((t) => typeof t !== 'string')) issue('tags', 'must be a list of strings');
  else if (goldenCategory(raw.tags as string[]) === null) {
    issue('tags', `must hold exactly one category of ${Object.keys(GOLDEN_TARGET_SHARES).join(', ')}`);
  }
  if (typeof raw.adversarial !== 'boolean') issue('adversarial', raw.adversarial === undefined ? 'is missing' : 'must be true or false');
  else if (raw.adversarial && Array.isArray(raw.tags) && !raw.tags.some((t) => ADVERSARIAL_TAGS.includes(t as string))) {
    issue('tags', `an adversarial entry needs one of ${ADVERSARIAL_TAGS.join(', ')}`);
  }
  if (issues.length > before) return null;
  return { ...(raw as unknown as GoldenEntry), context: (raw.context as Record<string, unknown> | undefined) ?? {} };
}

/**
 * Reads a golden file (`.jsonl`: one entry a line; `.json`: a list of entries or `{ "version", "entries" }`) and
 * checks every entry and the ids, collecting every problem rather than stopping at the first.
 * @throws InputError only when the file cannot be read or parsed at all.
 */
export function readGoldenSet(file: string): { set: GoldenSet; issues: GoldenIssue[] } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new InputError(file, `cannot read golden set: ${(e as Error).message}`);
  }
  const text = bytes.toString('utf8');
  const issues: GoldenIssue[] = [];
  let raws: { raw: unknown; line?: number }[] = [];
  let version = basename(file).replace(/\.(jsonl?|json)$/, '');
  if (file.endsWith('.jsonl')) {
    text.split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        raws.push({ raw: JSON.parse(line), line: i + 1 });
      } catch (e) {
        issues.push({
          file: `${file}:${i + 1}`,
          index: raws.length,
          queryId: null,
          field: '(line)',
          problem: `is not JSON: ${(e as Error).message}`,
        });
        raws.push({ raw: undefined, line: i + 1 });
      }
    });
  } else {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw new InputError(file, `is not JSON: ${(e as Error).message}`);
    }
    if (isObject(doc) && Array.isArray(doc.entries)) {
      if (typeof doc.version === 'string') version = doc.version;
      raws = doc.entries.map((raw) => ({ raw }));
    } else if (Array.isArray(doc)) raws = doc.map((raw) => ({ raw }));
    else throw new InputError(file, 'must hold a list of entries or an object with "entries"');
  }
  const entries: GoldenEntry[] = [];
  const seen = new Map<string, number>();
  raws.forEach(({ raw }, index) => {
    if (raw === undefined) return;
    const entry = checkEntry(raw, index, file, issues);
    const id = isObject(raw) && typeof raw.query_id === 'string' ? raw.query_id : null;
    if (id !== null) {
      const first = seen.get(id);
      if (first !== undefined) issues.push({ file, index, queryId: id, field: 'query_id', problem: `repeats the id of entry ${first}` });
      else seen.set(id, index);
    }
    if (entry) entries.push(entry);
  });
  if (raws.length === 0) issues.push({ file, index: null, queryId: null, field: '(file)', problem: 'holds no entries' });
  return { set: { file, version, sha256: createHash('sha256').update(bytes).digest('hex'), entries }, issues };
}

/**
 * Reads a golden file and refuses it when anything is wrong.
 * @throws InputError naming the first problem and how many there are (`mangalab golden check` lists them all).
 */
export function loadGoldenSet(file: string): GoldenSet {
  const { set, issues } = readGoldenSet(file);
  if (issues.length > 0) {
    const first = issues[0]!;
    throw new InputError(
      first.file,
      `${first.field}: ${first.problem}${issues.length > 1 ? ` (and ${issues.length - 1} more problems: run mangalab golden check)` : ''}`,
      first.index === null ? '' : `entry ${first.index}${first.queryId ? `, ${first.queryId}` : ''}`,
    );
  }
  return set;
}

const ASIN = /\bB0[A-Z0-9]{8}\b/g;

/** The products an entry refers to: every ASIN (B0 and 8 letters or digits) in its context, query or reference answer. */
export function referencedProducts(e: GoldenEntry): string[] {
  const text = `${JSON.stringify(e.context)} ${e.query} ${e.reference_response}`;
  return [...new Set(text.match(ASIN) ?? [])];
}

/** The composition category a production turn of this intent would fill in the golden set; null when none fits. */
export const INTENT_CATEGORY: Record<string, string> = {
  recommendation: 'recommendation',
  product_question: 'product_question',
  faq_simple: 'faq',
  faq_complex: 'faq',
  order_tracking: 'order_tracking',
  return_request: 'return',
  chitchat: 'chitchat',
};

/**
 * Reads a catalog list: one ASIN a line, or a CSV whose header has an `asin` column; blank lines and `#` comments
 * are skipped.
 * @throws InputError naming the file and line of a value that is not an ASIN, or a file that holds none.
 */
export function loadCatalog(file: string): Set<string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(file, `cannot read catalog: ${(e as Error).message}`);
  }
  const lines = text.split('\n');
  const header = lines.find((l) => l.trim() !== '' && !l.startsWith('#'));
  const cols = header?.split(',').map((c) => c.trim().toLowerCase()) ?? [];
  const col = cols.length > 1 || cols[0] === 'asin' ? cols.indexOf('asin') : 0;
  if (col < 0) throw new InputError(file, 'a CSV catalog needs an asin column', 'line 1');
  const out = new Set<string>();
  lines.forEach((line, i) => {
    if (line.trim() === '' || line.startsWith('#') || (line === header && cols[col] === 'asin')) return;
    const v = (line.split(',')[col] ?? '').trim();
    if (!/^B0[A-Z0-9]{8}$/.test(v)) throw new InputError(file, `is not an ASIN: ${JSON.stringify(v)}`, `line ${i + 1}`);
    out.add(v);
  });
  if (out.size === 0) throw new InputError(file, 'lists no ASIN');
  return out;
}
