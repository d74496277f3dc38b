import { describe, expect, it } from 'vitest';
import { nearDuplicates } from '../src/analysis/nearDuplicates';
import { lcg, pythonReference } from './helpers';

describe('nearDuplicates', () => {
  it('keeps and drops exactly what the exhaustive pairwise Jaccard pass does, on templated messages with small edits', () => {
    const rnd = lcg(17);
    const titles = ['One Piece', 'Naruto', 'Chainsaw Man', 'Spy x Family', 'Frieren', 'Blue Lock', 'Dandadan', 'Kaiju No. 8'];
    const templates = [
      'Recommend something like {t}',
      'Is {t} volume {n} in stock?',
      'When does {t} volume {n} ship?',
      'I loved {t}, what should I read next?',
      'Does {t} have a deluxe edition with color pages?',
    ];
    const texts = Array.from({ length: 600 }, () => {
      const t = templates[Math.floor(rnd() * templates.length)]!.replace('{t}', titles[Math.floor(rnd() * titles.length)]!).replace(
        '{n}',
        String(1 + Math.floor(rnd() * 30)),
      );
      return rnd() < 0.3 ? `${t}${rnd() < 0.5 ? ' please' : '!!'}` : rnd() < 0.1 ? t.toUpperCase() : t;
    });
    for (const threshold of [0.8, 0.6]) {
      // Expected values: test/reference/near_duplicates.py, exhaustive Jaccard over Python sets of shingles.
      const want = pythonReference<{ kept: number[]; dropped: { index: number; duplicateOf: number; jaccard: number }[] }>(
        'near_duplicates.py',
        { texts, threshold },
      );
      const got = nearDuplicates(texts, { threshold });
      expect(got.kept).toEqual(want.kept);
      expect(got.dropped.map((d) => [d.index, d.duplicateOf])).toEqual(want.dropped.map((d) => [d.index, d.duplicateOf]));
      got.dropped.forEach((d, i) => expect(d.jaccard).toBeCloseTo(want.dropped[i]!.jaccard, 12));
    }
  });

  it('keeps the first of exact duplicates, ignores case and punctuation, and keeps distinct texts', () => {
    expect(nearDuplicates(['Recommend manga like Naruto!', 'recommend manga like naruto', 'Where is my order?']).kept).toEqual([0, 2]);
    expect(nearDuplicates([]).kept).toEqual([]);
    expect(nearDuplicates(['', '']).dropped).toEqual([{ index: 1, duplicateOf: 0, jaccard: 1 }]);
  });

  it('refuses a threshold outside (0, 1] and a non-positive shingle length', () => {
    expect(() => nearDuplicates(['a'], { threshold: 0 })).toThrow(/threshold must be in \(0, 1\], got 0/);
    expect(() => nearDuplicates(['a'], { shingle: 0 })).toThrow(/shingle must be a positive whole number/);
  });
});
