import { isFailureCategory, type FailureCategory } from './failureCategories';

export interface ParsedCategories {
  /** The category of each id the answer named, `other` for a label outside the list. */
  categories: Map<string, FailureCategory>;
  /** Ids whose label was outside the list (counted as other), with what the model wrote. */
  invalid: { id: string; label: string }[];
  /** Ids the answer did not mention (or mentioned twice, the first kept). */
  missing: string[];
  /** Lines that named no expected id. */
  stray: string[];
}

/**
 * Strict parse of a categorizer model's answer: one `id: category` line per failure. A category is read after
 * lower-casing and turning spaces and dashes into underscores; anything outside FAILURE_CATEGORIES becomes `other`
 * and is listed in `invalid`; ids never answered are listed in `missing`, and lines naming no expected id in `stray`.
 * Nothing is guessed from free prose. Reference: the output contract of prompts/error-categorizer (MangaAssist US-8.2).
 *
 * @throws never.
 * @example
 * parseFailureCategories('t1: hallucination\nt2: Bad Retrieval\nt3: vibes', ['t1', 't2', 't3', 't4']).invalid // => [{ id: 't3', label: 'vibes' }]
 */
export function parseFailureCategories(answer: string, ids: readonly string[]): ParsedCategories {
  const expected = new Set(ids);
  const categories = new Map<string, FailureCategory>();
  const invalid: ParsedCategories['invalid'] = [];
  const stray: string[] = [];
  for (const raw of answer.split('\n')) {
    const line = raw.trim().replace(/^[-*]\s*/, '');
    if (line === '') continue;
    const m = /^([^:\s]+)\s*:\s*(.+)$/.exec(line);
    const id = m?.[1];
    if (!m || !id || !expected.has(id)) {
      stray.push(line.slice(0, 200));
      continue;
    }
    if (categories.has(id)) continue;
    const label = m[2]!
      .trim()
      .toLowerCase()
      .replace(/[`'".]/g, '')
      .replace(/[\s-]+/g, '_');
    if (isFailureCategory(label)) {
      categories.set(id, label);
    } else {
      categories.set(id, 'other');
      invalid.push({ id, label: m[2]!.trim().slice(0, 80) });
    }
  }
  return { categories, invalid, missing: ids.filter((id) => !categories.has(id)), stray };
}
