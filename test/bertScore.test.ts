import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { bertScore, type TokenEmbedding } from '../src/analysis/bertScore';

const python = process.env.MANGALAB_REFERENCE_PYTHON ?? '/usr/bin/python3';

/** A deterministic stand-in for an encoder: [CLS] words [SEP], each word's vector its id's plus a contextual nudge. */
function toyEmbedder(dim = 8) {
  // Each word's vector comes from a generator seeded by the word, so that it does not depend on embedding order.
  const vec = (w: string) => {
    let state = [...w].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) % 2147483648, 7);
    return Array.from({ length: dim }, () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5);
  };
  const cls = vec('[CLS]');
  const sep = vec('[SEP]');
  return (text: string): TokenEmbedding => {
    const words = text.toLowerCase().split(/\s+/).filter(Boolean);
    const vectors = words.map((w, i) => vec(w).map((x, k) => x + 0.15 * Math.sin(i + k + w.length)));
    return { ids: ['[CLS]', ...words, '[SEP]'], vectors: [cls, ...vectors, sep], special: [true, ...words.map(() => false), true] };
  };
}

const CANDIDATES = [
  'one piece volume 105 ships in november',
  'try frieren if you liked mushishi',
  'your order was delivered yesterday',
  '',
  'returns are accepted within thirty days',
  'chainsaw man part two is darker',
];
const REFERENCES = [
  'volume 105 of one piece ships november 4',
  'if you enjoyed mushishi try frieren beyond journeys end',
  'order a1234 was delivered yesterday',
  'any reference at all',
  'unopened items can be returned within 30 days',
  'chainsaw man part 2 continues with darker themes',
];

function reference(idf: boolean, baseline: [number, number, number] | null): number[][] {
  const embed = toyEmbedder();
  const pairs = CANDIDATES.map((c, i) => ({ cand: embed(c), ref: embed(REFERENCES[i]!) }));
  return JSON.parse(
    execFileSync(python, ['test/reference/bertscore_reference.py'], { input: JSON.stringify({ pairs, idf, baseline }), encoding: 'utf8' }),
  ) as number[][];
}

describe('bertScore', () => {
  it.each([
    ['without idf', false, null],
    ['with idf over the references', true, null],
    ['with baseline rescaling', false, [0.3, 0.31, 0.305]],
    ['with idf and baseline rescaling', true, [0.3, 0.31, 0.305]],
  ] as const)('equals bert_score greedy matching %s', (_, idf, baseline) => {
    // Expected values: test/reference/bertscore_reference.py, a numpy transcription of bert_score's greedy_cos_idf and
    // get_idf_dict (bert_score/utils.py), over the same toy embeddings.
    const expected = reference(idf, baseline ? [...baseline] : null);
    const got = bertScore(CANDIDATES, REFERENCES, toyEmbedder(), {
      idf,
      baseline: baseline ? { precision: baseline[0], recall: baseline[1], f1: baseline[2] } : undefined,
    });
    expected.forEach(([p, r, f], i) => {
      expect(got.precision[i], `P ${i}`).toBeCloseTo(p!, 12);
      expect(got.recall[i], `R ${i}`).toBeCloseTo(r!, 12);
      expect(got.f1[i], `F ${i}`).toBeCloseTo(f!, 12);
    });
    expect(got.mean.f1).toBeCloseTo(expected.reduce((a, x) => a + x[2]!, 0) / expected.length, 12);
  });

  it('matches the worked example by hand: a b against a c with c at 45 degrees', () => {
    const table: Record<string, number[]> = { a: [1, 0], b: [0, 1], c: [1, 1] };
    const embed = (s: string) => ({
      ids: s.split(' '),
      vectors: s.split(' ').map((w) => table[w]!),
      special: s.split(' ').map(() => false),
    });
    const r = bertScore(['a b'], ['a c'], embed);
    // Candidate: a->a 1, b->c cos 45 = 0.70711; reference: a->a 1, c->a or b 0.70711. Both means 0.853553.
    expect(r.precision[0]).toBeCloseTo((1 + Math.SQRT1_2) / 2, 12);
    expect(r.recall[0]).toBeCloseTo((1 + Math.SQRT1_2) / 2, 12);
    expect(r.f1[0]).toBeCloseTo((1 + Math.SQRT1_2) / 2, 12);
  });

  it('scores identical texts 1 and an empty side 0, and lists the empty pairs', () => {
    const embed = toyEmbedder();
    const r = bertScore(['spy x family', ''], ['spy x family', 'something'], embed);
    expect(r.f1[0]).toBeCloseTo(1, 12);
    expect(r.f1[1]).toBe(0);
    expect(r.empty).toEqual([1]);
  });

  it('refuses mismatched lists, no pairs and malformed embeddings', () => {
    const embed = toyEmbedder();
    expect(() => bertScore(['a'], [], embed)).toThrow(/1 candidates but 0 references/);
    expect(() => bertScore([], [], embed)).toThrow(/no pairs/);
    const bad = () => ({
      ids: [1, 2],
      vectors: [
        [1, 0],
        [1, 0, 0],
      ],
      special: [false, false],
    });
    expect(() => bertScore(['x'], ['y'], bad)).toThrow(/token 1 has dimension 3, expected 2/);
    const zero = () => ({ ids: [1], vectors: [[0, 0]], special: [false] });
    expect(() => bertScore(['x'], ['y'], zero)).toThrow(/zero or non-finite vector/);
  });
});
