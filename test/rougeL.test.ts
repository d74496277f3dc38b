import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { rougeL } from '../src/analysis/rougeL';
import { rougeTokenize } from '../src/analysis/rougeTokenize';

const python = process.env.MANGALAB_REFERENCE_PYTHON ?? '/usr/bin/python3';

const PAIRS: [string, string][] = [
  ['The cat sat on the mat.', 'The cat lay on the mat'],
  ['One Piece volume 105 ships on November 4th and costs $5.99.', 'Volume 105 of One Piece is shipping November 4, priced at $5.99!'],
  [
    "I recommend Frieren: Beyond Journey's End if you enjoyed Mushishi.",
    "If you liked Mushishi, try Frieren - Beyond Journey's End; it is quietly beautiful.",
  ],
  ['Your order #A-1234 was delivered yesterday.', 'Order A1234 has been delivered.'],
  ['Returns are accepted within 30 days of delivery for unopened items.', 'Unopened items can be returned within thirty days.'],
  ['ワンピース 105巻', 'One Piece vol. 105'],
  ['', 'anything at all'],
  ['generalizations of relational hopefulness', 'generalization relate hopeful'],
  ['a a a b b', 'b a b a a'],
  [
    'Chainsaw Man Part 2 continues the story with new characters and darker themes.',
    'Chainsaw Man part two continues with darker themes and new characters.',
  ],
];

describe('rougeL', () => {
  it('scores as rouge-score rougeL with use_stemmer=True does', () => {
    // Expected values: test/reference/eval_reference.py rougel, rouge-score's tokenizer and _score_lcs over
    // nltk.stem.porter.PorterStemmer() (Debian python3-nltk 3.8).
    const expected = JSON.parse(
      execFileSync(python, ['test/reference/eval_reference.py', 'rougel'], { input: JSON.stringify(PAIRS), encoding: 'utf8' }),
    ) as { precision: number; recall: number; fmeasure: number }[];
    PAIRS.forEach(([ref, cand], i) => {
      const got = rougeL(ref, cand);
      expect(got.precision, `${i}`).toBeCloseTo(expected[i]!.precision, 12);
      expect(got.recall, `${i}`).toBeCloseTo(expected[i]!.recall, 12);
      expect(got.fmeasure, `${i}`).toBeCloseTo(expected[i]!.fmeasure, 12);
    });
  });

  it('is 1 for identical text and 0 when either side has no tokens', () => {
    expect(rougeL('Spy x Family', 'spy X family')).toEqual({ precision: 1, recall: 1, fmeasure: 1 });
    expect(rougeL('ワンピース', 'ワンピース')).toEqual({ precision: 0, recall: 0, fmeasure: 0 });
    expect(rougeL('text', '')).toEqual({ precision: 0, recall: 0, fmeasure: 0 });
  });

  it('counts the longest common subsequence, not the overlap (by hand: "a b c d" vs "d c b a" share one in order)', () => {
    expect(rougeL('a b c d', 'd c b a', { stem: false }).fmeasure).toBeCloseTo(0.25, 12);
    expect(rougeL('a b c d', 'a x c y', { stem: false })).toEqual({ precision: 0.5, recall: 0.5, fmeasure: 0.5 });
  });
});

describe('rougeTokenize', () => {
  it('splits on anything but a-z0-9 and stems tokens longer than three characters', () => {
    expect(rougeTokenize('Volumes 1-3 are SHIPPING!')).toEqual(['volum', '1', '3', 'are', 'ship']);
    expect(rougeTokenize('Volumes 1-3 are SHIPPING!', { stem: false })).toEqual(['volumes', '1', '3', 'are', 'shipping']);
  });
});
