/** The kinds of personal data redactPii finds. */
export type PiiType = 'email' | 'ssn' | 'card' | 'phone' | 'address';

export const PII_TYPES: readonly PiiType[] = ['email', 'ssn', 'card', 'phone', 'address'];

/**
 * One pattern per kind, applied in this order (a later kind never sees text an earlier one replaced). Written in the
 * regular-expression subset JavaScript, RE2 (DuckDB) and Redshift's Perl mode share (no lookbehind), case-insensitive,
 * so the warehouse can apply the very same patterns: src/pipeline/queries.ts expands `@redact_pii(expr)` from them.
 */
export const PII_PATTERNS: readonly { type: PiiType; tag: string; source: string }[] = [
  { type: 'email', tag: '[EMAIL]', source: '[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}' },
  { type: 'ssn', tag: '[SSN]', source: '\\b\\d{3}-\\d{2}-\\d{4}\\b' },
  { type: 'card', tag: '[CARD]', source: '\\b(?:\\d[ -]?){12,15}\\d\\b' },
  {
    type: 'phone',
    tag: '[PHONE]',
    source: '\\+\\d{1,3}[ .-]?\\(?\\d{1,4}\\)?[ .-]?\\d{3,4}[ .-]?\\d{4}\\b|\\(?\\b\\d{3}\\)?[ .-]?\\d{3}[ .-]?\\d{4}\\b',
  },
  {
    type: 'address',
    tag: '[ADDRESS]',
    source:
      '\\b\\d{1,6} (?:[a-z]+ ){1,3}(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace|highway|hwy)\\b\\.?',
  },
];

export interface PiiMatch {
  type: PiiType;
  /** Offsets into the text the pattern ran on (after earlier kinds were replaced). */
  start: number;
  end: number;
}

/** What redactPii returned: the text with each finding replaced by its tag, counts by kind, and the findings. */
export interface Redaction {
  text: string;
  counts: Record<PiiType, number>;
  found: PiiMatch[];
}

export interface RedactOptions {
  /** Kinds to redact (default: all five). */
  types?: readonly PiiType[];
  /**
   * Require card numbers to pass the Luhn check (default true). The warehouse cannot run Luhn, so its SQL redacts
   * every 13 to 16 digit run; `luhn: false` gives the same result here.
   */
  luhn?: boolean;
}

/** Luhn (mod 10) check of a digit string. */
function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * Replaces personal data in free text by a tag per kind: e-mail addresses [EMAIL], US social security numbers
 * (3-2-4 digits) [SSN], payment card numbers (13 to 16 digits, spaces or dashes allowed, Luhn-valid) [CARD], phone numbers
 * (3-3-4 digits with optional separators and parentheses, or a +country number such as +81 90-1234-5678) [PHONE], and street addresses (a house
 * number, up to three words and a street suffix such as St or Avenue) [ADDRESS], in that order; and lists what it
 * found. A pattern filter, not a classifier: it does not find names, and an address without a street suffix passes.
 * Reference: the PII kinds of MangaAssist US-7.1 and US-10.3 (../shared/seeds); Luhn: ISO/IEC 7812-1 annex B.
 *
 * @throws never: empty text gives empty text and no findings.
 * @example
 * redactPii('Mail jane.doe@example.com or call +1 (206) 555-0100').text // => 'Mail [EMAIL] or call [PHONE]'
 */
export function redactPii(text: string, options: RedactOptions = {}): Redaction {
  const types = new Set(options.types ?? PII_TYPES);
  const luhn = options.luhn ?? true;
  const counts: Record<PiiType, number> = { email: 0, ssn: 0, card: 0, phone: 0, address: 0 };
  const found: PiiMatch[] = [];
  let out = text;
  for (const p of PII_PATTERNS) {
    if (!types.has(p.type)) continue;
    out = out.replace(new RegExp(p.source, 'gi'), (match: string, offset: number) => {
      if (p.type === 'card' && luhn && !luhnValid(match.replace(/[ -]/g, ''))) return match;
      counts[p.type]++;
      found.push({ type: p.type, start: offset, end: offset + match.length });
      return p.tag;
    });
  }
  return { text: out, counts, found };
}
