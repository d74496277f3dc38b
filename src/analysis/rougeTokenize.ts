import { porterStem } from './porterStem';

/**
 * Splits text into ROUGE tokens the way Google's rouge-score package does: lower-cased, every run of characters other
 * than a-z and 0-9 a separator, and (with `stem`, the default) tokens longer than three characters Porter-stemmed
 * (NLTK's stemmer). Text in other scripts, such as Japanese titles, gives no tokens, as in rouge-score.
 * Reference: https://github.com/google-research/google-research/tree/master/rouge (tokenize.py)
 *
 * @throws never: any string gives a list, possibly empty.
 * @example
 * rougeTokenize('Volumes 1-3 are shipping!') // => ['volum', '1', '3', 'are', 'ship']
 */
export function rougeTokenize(text: string, options: { stem?: boolean } = {}): string[] {
  const stem = options.stem ?? true;
  const tokens = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .split(/\s+/)
    .filter((t) => t.length > 0);
  return stem ? tokens.map((t) => (t.length > 3 ? porterStem(t) : t)) : tokens;
}
