import { describe, expect, it } from 'vitest';
import { parseFailureCategories } from '../src/analysis/parseFailureCategories';

describe('parseFailureCategories', () => {
  it('reads one id: category line per failure and normalises case, spaces and dashes', () => {
    const r = parseFailureCategories('t1: hallucination\n- t2: Bad Retrieval\nt3:slow-response.', ['t1', 't2', 't3']);
    expect([...r.categories]).toEqual([
      ['t1', 'hallucination'],
      ['t2', 'bad_retrieval'],
      ['t3', 'slow_response'],
    ]);
    expect(r).toMatchObject({ invalid: [], missing: [], stray: [] });
  });

  it('counts a label outside the list as other, lists missing ids and stray lines, keeps the first answer for an id', () => {
    const r = parseFailureCategories('Here are the categories:\nt1: vibes\nt9: hallucination\nt2: format_issue\nt2: other', [
      't1',
      't2',
      't3',
    ]);
    expect(r.categories.get('t1')).toBe('other');
    expect(r.categories.get('t2')).toBe('format_issue');
    expect(r.invalid).toEqual([{ id: 't1', label: 'vibes' }]);
    expect(r.missing).toEqual(['t3']);
    expect(r.stray).toEqual(['Here are the categories:', 't9: hallucination']);
  });

  it('returns every id missing for an empty answer', () => {
    expect(parseFailureCategories('', ['a', 'b']).missing).toEqual(['a', 'b']);
  });
});
