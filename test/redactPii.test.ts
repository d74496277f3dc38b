import { describe, expect, it } from 'vitest';
import { PII_TYPES, redactPii } from '../src/analysis/redactPii';

const none = { email: 0, ssn: 0, card: 0, phone: 0, address: 0, name: 0 };

describe('redactPii', () => {
  it('replaces e-mail addresses, card numbers and phone numbers, and counts them (by hand)', () => {
    const r = redactPii('Mail jane.doe@example.com or call +1 (206) 555-0100; card 4111 1111 1111 1111, order 123-4567.');
    expect(r.text).toBe('Mail [EMAIL] or call [PHONE]; card [CARD], order 123-4567.');
    expect(r.counts).toEqual({ ...none, email: 1, phone: 1, card: 1 });
    expect(r.found.map((f) => f.type)).toEqual(['email', 'card', 'phone']);
  });

  it('finds social security numbers, Japanese mobile numbers and street addresses (by hand)', () => {
    const r = redactPii('ssn 078-05-1120, call me at +81 90-1234-5678, ship to 221 Baker Street or 12 ocean view dr.');
    expect(r.text).toBe('ssn [SSN], call me at [PHONE], ship to [ADDRESS] or [ADDRESS]');
    expect(r.counts).toEqual({ ...none, ssn: 1, phone: 1, address: 2 });
  });

  it('redacts only Luhn-valid card numbers unless luhn is off (Luhn sums worked by hand)', () => {
    // 4111 1111 1111 1111: doubled digits 8+2*7=22, undoubled 4+1*7... sum 30, valid; ...1112 sums to 31, invalid.
    expect(redactPii('4111 1111 1111 1112').text).toBe('4111 1111 1111 1112');
    expect(redactPii('4111 1111 1111 1112', { luhn: false }).text).toBe('[CARD]');
    expect(redactPii('5500-0000-0000-0004').text).toBe('[CARD]');
  });

  it('redacts only the configured kinds', () => {
    const r = redactPii('a@b.io 078-05-1120', { types: ['ssn'] });
    expect(r.text).toBe('a@b.io [SSN]');
    expect(r.counts).toEqual({ ...none, ssn: 1 });
    expect(PII_TYPES).toEqual(['email', 'ssn', 'card', 'phone', 'address', 'name']);
  });

  it('reports offsets into the text each pattern ran on', () => {
    const r = redactPii('x a@b.io');
    expect(r.found).toEqual([{ type: 'email', start: 2, end: 8 }]);
  });

  it('leaves volume numbers, prices, dates and short order ids alone', () => {
    const text = 'One Piece volume 105 is $9.99, ships 2026-11-04; order #A-1234, 3 more volumes.';
    expect(redactPii(text)).toEqual({ text, counts: none, found: [] });
  });

  it('returns an empty string unchanged', () => {
    expect(redactPii('')).toEqual({ text: '', counts: none, found: [] });
  });
});
