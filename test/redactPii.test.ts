import { describe, expect, it } from 'vitest';
import { redactPii } from '../src/analysis/redactPii';

describe('redactPii', () => {
  it('replaces e-mail addresses, card numbers and phone numbers, and counts them (by hand)', () => {
    const r = redactPii('Mail jane.doe@example.com or call +1 (206) 555-0100; card 4111 1111 1111 1111, order 123-4567.');
    expect(r.text).toBe('Mail [EMAIL] or call [PHONE]; card [CARD], order 123-4567.');
    expect(r.counts).toEqual({ email: 1, phone: 1, card: 1 });
  });

  it('leaves volume numbers, prices, dates and short order ids alone', () => {
    const text = 'One Piece volume 105 is $9.99, ships 2026-11-04; order #A-1234.';
    expect(redactPii(text)).toEqual({ text, counts: { email: 0, phone: 0, card: 0 } });
  });

  it('returns an empty string unchanged', () => {
    expect(redactPii('')).toEqual({ text: '', counts: { email: 0, phone: 0, card: 0 } });
  });
});
