/** The response-format rules of the evaluation config. */
export interface FormatRules {
  /** Longest response allowed, in characters. */
  maxChars: number;
  /** Refuse emoji (Unicode Extended_Pictographic). */
  noEmoji: boolean;
  /** A response with list items must mark them all the same way ("- " bullets or "1." numbers), not mixed. */
  consistentLists: boolean;
}

export interface FormatCheck {
  compliant: boolean;
  violations: string[];
}

const EMOJI = /\p{Extended_Pictographic}/u;

/**
 * Checks one response against the format rules (US-3.2's format compliance): its length, emoji, and list shape.
 * Reference: MangaAssist US-3.2 (../shared/seeds); Unicode UTS #51 for Extended_Pictographic.
 *
 * @throws RangeError when maxChars is not a positive whole number.
 * @example
 * formatCompliance('Try Vinland Saga 📚', { maxChars: 500, noEmoji: true, consistentLists: true }) // => { compliant: false, violations: ['contains an emoji'] }
 */
export function formatCompliance(text: string, rules: FormatRules): FormatCheck {
  if (!Number.isInteger(rules.maxChars) || rules.maxChars <= 0)
    throw new RangeError(`maxChars must be a positive whole number, got ${rules.maxChars}`);
  const violations: string[] = [];
  const length = [...text].length;
  if (length > rules.maxChars) violations.push(`is ${length} characters, over ${rules.maxChars}`);
  if (rules.noEmoji && EMOJI.test(text)) violations.push('contains an emoji');
  if (rules.consistentLists) {
    const lines = text.split('\n').map((l) => l.trim());
    const bullets = lines.filter((l) => /^[-*•] /.test(l)).length;
    const numbers = lines.filter((l) => /^\d+[.)] /.test(l)).length;
    if (bullets > 0 && numbers > 0) violations.push('mixes bulleted and numbered list items');
  }
  return { compliant: violations.length === 0, violations };
}
