/** What redactPii replaced, by kind. */
export interface Redaction {
  text: string;
  counts: { email: number; phone: number; card: number };
}

// The same three patterns as queries/golden/refresh_candidates.sql, so text redacted in the warehouse and text
// redacted here read alike.
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const CARD = /\b(?:\d[ -]?){13,16}\b/g;
const PHONE = /(?:\+\d{1,3}[ .-]?)?\(?\b\d{3}\)?[ .-]?\d{3}[ .-]?\d{4}\b/g;

/**
 * Replaces e-mail addresses, payment-card-like digit runs (13 to 16 digits, spaces or dashes allowed) and phone
 * numbers (ten digits as 3-3-4 with optional separators, parentheses and a +country prefix) by [EMAIL], [CARD] and [PHONE], in that order, and counts them. A pattern
 * filter, not a classifier: it errs towards redacting long digit runs, and does not find names or addresses.
 * Reference: the PII kinds of MangaAssist US-7.1's guardrail stage (../shared/seeds).
 *
 * @throws never.
 * @example
 * redactPii('Mail jane.doe@example.com or call +1 (206) 555-0100').text // => 'Mail [EMAIL] or call [PHONE]'
 */
export function redactPii(text: string): Redaction {
  const counts = { email: 0, phone: 0, card: 0 };
  const out = text
    .replace(EMAIL, () => (counts.email++, '[EMAIL]'))
    .replace(CARD, () => (counts.card++, '[CARD]'))
    .replace(PHONE, () => (counts.phone++, '[PHONE]'));
  return { text: out, counts };
}
