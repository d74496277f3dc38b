import { describe, expect, it } from 'vitest';
import { assignVariant, checkVariantWeights, sessionBucket } from '../src/analysis/assignVariant';

// Expected buckets and arms from the orchestrator's Python (US-2.3), run with Python 3.11:
// int(hashlib.sha256(id.encode()).hexdigest(), 16) % 100 against cumulative weights.
const fifty = [
  { name: 'control', weight: 50 },
  { name: 'treatment', weight: 50 },
];
const three = [
  { name: 'a', weight: 10 },
  { name: 'b', weight: 30 },
  { name: 'c', weight: 60 },
];

describe('assignVariant', () => {
  it.each([
    ['S000000001', 38, 'control', 'b'],
    ['S000000002', 20, 'control', 'b'],
    ['sess-42', 91, 'treatment', 'c'],
    ['セッション-7', 46, 'control', 'c'],
    ['', 49, 'control', 'c'],
    ['S000012345', 37, 'control', 'b'],
  ])('puts %j in bucket %i, as Python does', (id, bucket, two, threeArm) => {
    expect(sessionBucket(id)).toBe(bucket);
    expect(assignVariant(id, fifty)).toBe(two);
    expect(assignVariant(id, three)).toBe(threeArm);
  });

  it('splits traffic close to the weights over many sessions', () => {
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 20_000; i++) counts[assignVariant(`S${i}`, three)]! += 1;
    expect(counts.a! / 20_000).toBeCloseTo(0.1, 1);
    expect(counts.c! / 20_000).toBeCloseTo(0.6, 1);
  });

  it('refuses weights that do not sum to 100, duplicates and a single arm', () => {
    expect(() =>
      checkVariantWeights([
        { name: 'a', weight: 50 },
        { name: 'b', weight: 40 },
      ]),
    ).toThrow('variant weights must sum to 100, got 90 (a 50, b 40)');
    expect(() =>
      checkVariantWeights([
        { name: 'a', weight: 50 },
        { name: 'a', weight: 50 },
      ]),
    ).toThrow(/appears twice/);
    expect(() => checkVariantWeights([{ name: 'a', weight: 100 }])).toThrow(/at least two variants/);
    expect(() =>
      assignVariant('x', [
        { name: 'a', weight: 50.5 },
        { name: 'b', weight: 49.5 },
      ]),
    ).toThrow(/whole number/);
  });
});
