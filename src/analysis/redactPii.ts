/** The kinds of personal data redactPii finds. */
export type PiiType = 'email' | 'ssn' | 'card' | 'phone' | 'address' | 'name';

export const PII_TYPES: readonly PiiType[] = ['email', 'ssn', 'card', 'phone', 'address', 'name'];

/**
 * One pattern per kind, applied in this order (a later kind never sees text an earlier one replaced). Written in the
 * regular-expression subset JavaScript, RE2 (DuckDB) and Redshift's Perl mode share (no lookbehind), case-insensitive,
 * so the warehouse can apply the very same patterns: src/pipeline/queries.ts expands `@redact_pii(expr)` from them.
 */
export const PII_PATTERNS: readonly { type: PiiType; tag: string; source: string }[] = [
  { type: 'email', tag: '[EMAIL]', source: '[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}' },
  { type: 'ssn', tag: '[SSN]', source: '\\b\\d{3}-\\d{2}-\\d{4}\\b' },
  // Cards by their issuers' number ranges: Visa, Mastercard, JCB and Discover (16 digits in groups of four), American
  // Express (4-6-5) and Diners (4-6-4). ISBN-13 (978, 979) and JAN/EAN-13 barcodes (45, 49) are none of them.
  {
    type: 'card',
    tag: '[CARD]',
    source:
      '\\b(?:4\\d{3}|5[1-5]\\d{2}|2[2-7]\\d{2}|35\\d{2}|6(?:011|5\\d{2}))(?:[ -]?\\d{4}){3}\\b|\\b3[47]\\d{2}[ -]?\\d{6}[ -]?\\d{5}\\b|\\b3(?:0[0-5]|[68]\\d)\\d[ -]?\\d{6}[ -]?\\d{4}\\b',
  },
  // Phones: +country numbers; US 3-3-4 with separators or (3) 3-4; Japanese domestic numbers (0 and 1 to 4 digits,
  // then two groups: 090-1234-5678, 03-1234-5678, 03(1234)5678, 0120-123-456), bare mobiles (09012345678) and full-width digits.
  {
    type: 'phone',
    tag: '[PHONE]',
    source:
      '\\+\\d{1,3}[ .-]?\\(?\\d{1,4}\\)?[ .-]?\\d{3,4}[ .-]?\\d{4}\\b|\\(\\d{3}\\) ?\\d{3}[ .-]\\d{4}\\b|\\b\\d{3}[ .-]\\d{3}[ .-]\\d{4}\\b|\\b0\\d{1,4}[ -]\\d{1,4}[ -]\\d{3,4}\\b|\\b0\\d{1,4}\\(\\d{1,4}\\)\\d{3,4}\\b|\\b0[789]0\\d{8}\\b|[0０][0-9０-９]{1,4}[－ー‐][0-9０-９]{1,4}[－ー‐][0-9０-９]{3,4}',
  },
  // Addresses: US street addresses (a house number, up to three words, a street suffix); romanised Japanese ones
  // (1-2-3 District, Ward-ku, City with an optional postal code, and a "Given Family, " name right before); and
  // Japanese ones (a postal code 〒150-0002, and/or prefecture, city or ward, district and 丁目-番-号 numbers).
  {
    type: 'address',
    tag: '[ADDRESS]',
    source:
      '\\b\\d{1,6} (?:[a-z]+ ){1,3}(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace|highway|hwy)\\b\\.?|(?:[a-z]+ [a-z]+, )?\\b\\d{1,4}(?:-\\d{1,4}){1,2},? [a-z]+, [a-z]+-(?:ku|shi|cho|machi|gun)\\b(?:, [a-z]+)?(?: \\d{3}-\\d{4}\\b)?|〒 ?[0-9０-９]{3}[-－]?[0-9０-９]{4}(?: ?(?:(?:東京都|北海道|京都府|大阪府|[一-龯]{2,3}県)(?:[一-龯ぁ-んァ-ヶ]{1,6}?(?:市|区|郡)){1,2}|(?:[一-龯ァ-ヶ][一-龯ぁ-んァ-ヶ]{0,5}?(?:市|区|郡)){1,2})[一-龯ぁ-んァ-ヶー]{0,8}?[0-9０-９一二三四五六七八九十]{1,4}(?:(?:[-－ー‐の]|丁目|番地|番|号)[0-9０-９一二三四五六七八九十]{1,4}){1,3}号?)?|(?:(?:東京都|北海道|京都府|大阪府|[一-龯]{2,3}県)(?:[一-龯ぁ-んァ-ヶ]{1,6}?(?:市|区|郡)){1,2}|(?:[一-龯ァ-ヶ][一-龯ぁ-んァ-ヶ]{0,5}?(?:市|区|郡)){1,2})[一-龯ぁ-んァ-ヶー]{0,8}?[0-9０-９一二三四五六七八九十]{1,4}(?:(?:[-－ー‐の]|丁目|番地|番|号)[0-9０-９一二三四五六七八九十]{1,4}){1,3}号?',
  },
  // Names, where the text marks them: a Japanese name with the honorific 様 (two kanji at least, so お客様 and 皆様
  // pass), or an English title (Mr, Ms, Dr) and the name after it. Other names are beyond a pattern.
  { type: 'name', tag: '[NAME]', source: '[一-龯]{2,4}[一-龯ぁ-ん]{0,3}(?:様|さま)|\\b(?:mr|mrs|ms|miss|dr)\\.? [a-z]+(?: [a-z]+)?\\b' },
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
  /** Kinds to redact (default: all six). */
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
 * (3-2-4 digits) [SSN], payment card numbers (in the issuers' ranges, spaces or dashes allowed, Luhn-valid) [CARD],
 * phone numbers (US 3-3-4, Japanese domestic 090-1234-5678 / 03-1234-5678 in half- or full-width digits, +country)
 * [PHONE], addresses (US street addresses, Japanese ones by postal code 〒150-0002 or prefecture, city or ward and
 * 丁目-番-号 numbers, romanised ones such as 1-2-3 Jingumae, Shibuya-ku) [ADDRESS], and names the text marks (a
 * Japanese name with 様, a title such as Mr, a romanised name right before an address) [NAME], in that order; and
 * lists what it found. A pattern filter, not a classifier: a name without such a mark passes (docs/privacy.md has
 * its measured recall and precision).
 * Reference: the PII kinds of MangaAssist US-7.1 and US-10.3 (../shared/seeds); Luhn: ISO/IEC 7812-1 annex B.
 *
 * @throws never: empty text gives empty text and no findings.
 * @example
 * redactPii('Mail jane.doe@example.com or call +1 (206) 555-0100').text // => 'Mail [EMAIL] or call [PHONE]'
 */
export function redactPii(text: string, options: RedactOptions = {}): Redaction {
  const types = new Set(options.types ?? PII_TYPES);
  const luhn = options.luhn ?? true;
  const counts: Record<PiiType, number> = { email: 0, ssn: 0, card: 0, phone: 0, address: 0, name: 0 };
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
