/** A required or prohibited element: a phrase (case-insensitive substring) or a regular expression. */
export type ElementSpec = string | { pattern: string; flags?: string; description?: string };

export interface ElementMatch {
  element: string;
  found: boolean;
}

/** How an element reads in a report: the phrase, or the pattern's description (else the pattern itself). */
export const elementLabel = (e: ElementSpec): string => (typeof e === 'string' ? e : (e.description ?? `/${e.pattern}/`));

/**
 * Which of the elements a response contains: a phrase matches case-insensitively anywhere in the text, a pattern
 * by its regular expression. Used for required-element coverage and the zero-tolerance prohibited-element check.
 * Reference: MangaAssist US-3.1 and US-3.2 (../shared/seeds).
 *
 * @throws SyntaxError for a pattern that is not a valid regular expression (golden check refuses those first).
 * @example
 * matchElements('Volume 3 ships today', ['volume 3', { pattern: '\\$\\d+' }]).map((m) => m.found) // => [true, false]
 */
export function matchElements(text: string, elements: ElementSpec[]): ElementMatch[] {
  const lower = text.toLowerCase();
  return elements.map((e) => ({
    element: elementLabel(e),
    found: typeof e === 'string' ? lower.includes(e.toLowerCase()) : new RegExp(e.pattern, e.flags ?? '').test(text),
  }));
}
