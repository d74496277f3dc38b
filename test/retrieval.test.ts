import { execFileSync } from 'node:child_process';
import { getEncoding } from 'js-tiktoken';
import { describe, expect, it } from 'vitest';
import { createBm25Index } from '../src/analysis/bm25Index';
import { chunkText, type Tokenizer } from '../src/analysis/chunkText';
import { chunkUsage } from '../src/analysis/chunkUsage';
import { reciprocalRankFusion } from '../src/analysis/reciprocalRankFusion';
import { retrievalMetrics } from '../src/analysis/retrievalMetrics';
import { staleChunks } from '../src/analysis/staleChunks';
import { rougeTokenize } from '../src/analysis/rougeTokenize';

const python = process.env.MANGALAB_REFERENCE_PYTHON ?? '/usr/bin/python3';
const reference = (mode: string, input: unknown) =>
  JSON.parse(execFileSync(python, ['test/reference/retrieval_reference.py', mode], { input: JSON.stringify(input), encoding: 'utf8' }));

/** One token a word (and the spaces before it), so that windows can be checked by hand. */
const words: Tokenizer = {
  encode: (text) => (text.match(/\s*\S+/g) ?? []).map((w) => vocab(w)),
  decode: (tokens) => tokens.map((t) => names[t]!).join(''),
};
const names: string[] = [];
const ids = new Map<string, number>();
function vocab(w: string): number {
  if (!ids.has(w)) {
    ids.set(w, names.length);
    names.push(w);
  }
  return ids.get(w)!;
}

describe('chunkText', () => {
  const text = Array.from({ length: 300 }, (_, i) => `w${i}`).join(' ');

  it('cuts token windows of size starting every size - overlap tokens, the last one ending at the text (by hand)', () => {
    const chunks = chunkText(text, { size: 128, overlap: 28 }, words);
    // 300 tokens, stride 100: windows [0,128), [100,228), [200,300).
    expect(chunks.map((c) => [c.tokens, c.text.split(' ')[0], c.text.split(' ').at(-1)])).toEqual([
      [128, 'w0', 'w127'],
      [128, 'w100', 'w227'],
      [100, 'w200', 'w299'],
    ]);
    expect(chunks.every((c) => text.slice(c.start, c.end) === c.text)).toBe(true);
    expect(chunkText(text, { size: 128, overlap: 0 }, words).map((c) => c.tokens)).toEqual([128, 128, 44]);
  });

  it('packs whole sentences up to size with a real tokenizer, carries overlap as whole sentences, and covers the text', () => {
    const enc = getEncoding('cl100k_base');
    const doc =
      Array.from(
        { length: 40 },
        (_, i) => `Volume ${i + 1} of Frieren follows the elf mage through chapter ${i * 9} of her long journey.`,
      ).join(' ') + '\n\nShipping is free on orders over thirty-five dollars. Returns are accepted within thirty days!';
    const chunks = chunkText(doc, { size: 128, overlap: 40, mode: 'sentences' }, enc);
    for (const c of chunks) {
      expect(enc.encode(c.text).length).toBe(c.tokens);
      expect(c.tokens).toBeLessThanOrEqual(128);
      expect(c.text).toMatch(/^(Volume|Shipping|Returns)/); // every chunk starts at a sentence
      expect(c.text).toMatch(/[.!]$/); // and ends at one
    }
    // Consecutive chunks share whole sentences worth at most 40 tokens.
    for (let i = 1; i < chunks.length; i++) {
      const shared = chunks[i - 1]!.end - chunks[i]!.start;
      expect(shared).toBeGreaterThan(0);
      expect(enc.encode(doc.slice(chunks[i]!.start, chunks[i - 1]!.end)).length).toBeLessThanOrEqual(40);
    }
    expect(chunks[0]!.start).toBe(0);
    expect(chunks.at(-1)!.end).toBe(doc.length);
  });

  it('gives no chunk for empty text and refuses sizes and overlaps out of range, naming them', () => {
    expect(chunkText('   ', { size: 256, overlap: 25 }, words)).toEqual([]);
    expect(() => chunkText(text, { size: 100, overlap: 0 }, words)).toThrow(
      'chunk size must be a whole number of tokens from 128 to 1024, got 100',
    );
    expect(() => chunkText(text, { size: 2048, overlap: 0 }, words)).toThrow('got 2048');
    expect(() => chunkText(text, { size: 256, overlap: 101 }, words)).toThrow(
      'overlap must be a whole number of tokens from 0 to 100, got 101',
    );
  });
});

describe('createBm25Index', () => {
  const corpus = [
    'One Piece volume 105 ships in November with a new Wano arc cover.',
    "Frieren: Beyond Journey's End volume 10 is a quiet fantasy about an elf mage.",
    'Returns are accepted within 30 days of delivery for unopened manga volumes.',
    'Shipping to Canada takes 5 to 7 business days; express shipping is available.',
    'Chainsaw Man part 2 continues in volume 12.',
    'Our return policy covers damaged volumes: we ship a replacement for free.',
  ].map((d) => rougeTokenize(d));
  const queries = [
    'return damaged volume',
    'shipping to canada',
    'one piece november',
    'elf mage fantasy volume',
    'nothing matches zzz',
  ].map((q) => rougeTokenize(q));

  it.each([
    [1.2, 0.75],
    [1.5, 0.75],
    [2.0, 0.3],
  ])('scores every document as the BM25 formula does (k1 %s, b %s)', (k1, b) => {
    // Expected values: test/reference/retrieval_reference.py bm25, the formula written out with numpy.
    const expected = reference('bm25', { docs: corpus, queries, k1, b }) as number[][];
    const index = createBm25Index(corpus, { k1, b });
    queries.forEach((q, i) => corpus.forEach((_, d) => expect(index.score(q, d)).toBeCloseTo(expected[i]![d]!, 12)));
    const top = index.search(queries[0]!, 3);
    const want = expected[0]!
      .map((s, d) => ({ d, s }))
      .filter((x) => x.s > 0)
      .sort((x, y) => y.s - x.s || x.d - y.d)
      .slice(0, 3)
      .map((x) => x.d);
    expect(top.map((h) => h.doc)).toEqual(want);
  });

  it('returns nothing for a query with no known term, and the worked example by hand', () => {
    expect(createBm25Index(corpus).search(queries[4]!, 3)).toEqual([]);
    // N=2, df=1: idf = ln 2; dl=2, avgdl=1.5: 1.2 * (0.25 + 0.75 * 2 / 1.5) = 1.5; score = ln 2 * 2.2 / 2.5.
    expect(createBm25Index([['one', 'piece'], ['naruto']]).search(['piece'], 1)[0]!.score).toBeCloseTo(Math.LN2 * 0.88, 14);
    expect(() => createBm25Index([], { b: 2 })).toThrow('b must be from 0 to 1, got 2');
  });
});

describe('retrievalMetrics', () => {
  const results = [
    { queryId: 'q1', retrieved: ['a', 'b', 'c', 'd'], relevant: new Set(['b']) },
    { queryId: 'q2', retrieved: ['e', 'f', 'g'], relevant: new Set(['x', 'g']) },
    { queryId: 'q3', retrieved: ['h', 'i', 'j'], relevant: new Set(['z']) },
    { queryId: 'q4', retrieved: ['k', 'l', 'm'], relevant: new Set(['k', 'm', 'n', 'o']) },
  ];

  it('gives Recall@3 as the hit rate and MRR@3 as US-5.3 defines them (by hand)', () => {
    const m = retrievalMetrics(results, 3);
    expect(m.recallAtK).toBe(0.75);
    expect(m.mrrAtK).toBeCloseTo((1 / 2 + 1 / 3 + 0 + 1) / 4, 15);
    expect(m.perQuery.map((q) => q.firstRelevantRank)).toEqual([2, 3, null, 1]);
    expect(m.meanRerankerScore).toBeNull();
  });

  it("gives nDCG@k as scikit-learn's ndcg_score with binary relevance", () => {
    for (const k of [1, 2, 3]) {
      // no deeper than the shortest list, so the unretrieved relevant items rank below k as they should
      // Each query as sklearn sees it: its retrieved items scored by rank, then its relevant items not retrieved, scored 0.
      const rows = results.map((r) => {
        const missed = [...r.relevant].filter((id) => !r.retrieved.includes(id));
        const items = [...r.retrieved, ...missed];
        return {
          relevance: items.map((id) => (r.relevant.has(id) ? 1 : 0)),
          scores: items.map((_, i) => (i < r.retrieved.length ? r.retrieved.length - i : 0)),
          k,
        };
      });
      // Expected values: scikit-learn 1.2 ndcg_score (test/reference/retrieval_reference.py ndcg).
      const expected = reference('ndcg', rows) as number[];
      const m = retrievalMetrics(results, k);
      m.perQuery.forEach((q, i) => expect(q.ndcg, `k=${k} ${q.queryId}`).toBeCloseTo(expected[i]!, 12));
    }
  });

  it('scores a query with nothing relevant 0 on every metric, and refuses no queries and k below 1', () => {
    expect(() => retrievalMetrics([], 3)).toThrow('no queries to score');
    const none = retrievalMetrics([
      { queryId: 'q9', retrieved: ['a'], relevant: new Set() },
      { queryId: 'q1', retrieved: ['b'], relevant: new Set(['b']) },
    ]);
    expect(none.perQuery[0]).toEqual({ queryId: 'q9', hit: false, reciprocalRank: 0, ndcg: 0, firstRelevantRank: null });
    expect(none.recallAtK).toBe(0.5);
    expect(() => retrievalMetrics(results, 0)).toThrow('k must be a whole number of at least 1, got 0');
  });
});

describe('reciprocalRankFusion, chunkUsage and staleChunks', () => {
  it('fuses ranks as 1 / (60 + rank) summed over lists (by hand)', () => {
    const fused = reciprocalRankFusion([
      ['a', 'b', 'c'],
      ['c', 'a', 'd'],
    ]);
    expect(fused.map((x) => x.id)).toEqual(['a', 'c', 'b', 'd']);
    expect(fused[0]!.score).toBeCloseTo(1 / 61 + 1 / 62, 15);
    expect(fused[1]!.score).toBeCloseTo(1 / 63 + 1 / 61, 15);
  });

  it('finds dead chunks and noisy chunks, noisiest first', () => {
    const u = chunkUsage(
      ['a', 'b', 'c', 'd', 'e'],
      [
        { queryId: 'q1', retrieved: ['a', 'b', 'c'], relevant: new Set(['a']) },
        { queryId: 'q2', retrieved: ['b', 'a', 'e', 'd'], relevant: new Set(['e']) },
      ],
      3,
    );
    expect(u.dead).toEqual(['d']);
    expect(u.noisy).toEqual([
      { id: 'b', queries: 2, queryIds: ['q1', 'q2'] },
      { id: 'a', queries: 1, queryIds: ['q2'] },
      { id: 'c', queries: 1, queryIds: ['q1'] },
    ]);
    expect(u.retrieved).toBe(4);
  });

  it('flags chunks of deleted and changed documents', () => {
    const indexed = [
      { chunkId: 'd1#0', docId: 'd1', docHash: 'h1' },
      { chunkId: 'd2#0', docId: 'd2', docHash: 'h2' },
      { chunkId: 'd3#0', docId: 'd3', docHash: 'h3' },
    ];
    expect(
      staleChunks(
        indexed,
        new Map([
          ['d1', 'h1'],
          ['d2', 'h2-new'],
        ]),
      ),
    ).toEqual([
      { chunkId: 'd2#0', docId: 'd2', docHash: 'h2', reason: 'changed' },
      { chunkId: 'd3#0', docId: 'd3', docHash: 'h3', reason: 'deleted' },
    ]);
  });
});
