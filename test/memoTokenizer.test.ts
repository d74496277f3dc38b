import { describe, expect, it } from 'vitest';
import { memoTokenizer } from '../src/analysis/memoTokenizer';
import { chunkTokenizer } from '../src/pipeline/retrieval-config';

describe('memoTokenizer', () => {
  it("gives cl100k's own tokens, encodes each text once, and hands out copies its caller may change", () => {
    const inner = chunkTokenizer();
    let calls = 0;
    const counted = { encode: (t: string) => (calls++, inner.encode(t)), decode: (x: number[]) => inner.decode(x) };
    const memo = memoTokenizer(counted);
    const text = 'ワンピース 108巻はいつ発売ですか? Volume 108 of One Piece.';
    const first = memo.encode(text);
    expect(first).toEqual(inner.encode(text));
    first.push(-1);
    const again = memo.encode(text);
    expect(again).toEqual(inner.encode(text));
    expect(calls).toBe(1);
    expect(memo.decode(again)).toBe(text);
    memo.encode(`${text} `);
    expect(calls).toBe(2);
  });
});
