import { describe, expect, it } from 'vitest';
import { goldenRefresh, type RefreshCandidate, type RefreshEntry } from '../src/analysis/goldenRefresh';

const opts = { targets: { faq: 0.5, recommendation: 0.5 }, minEntries: 1, minAdversarial: 1, tolerance: 0.02 };
const entries: RefreshEntry[] = [
  { queryId: 'q1', category: 'faq', adversarial: false, products: ['B01', 'B02'] },
  { queryId: 'q2', category: 'faq', adversarial: true, products: ['B03'] },
  { queryId: 'q3', category: 'recommendation', adversarial: false, products: ['B04', 'B04'] },
  { queryId: 'q4', category: 'recommendation', adversarial: false, products: [] },
];
const candidates: RefreshCandidate[] = [
  { traceId: 't1', category: 'recommendation', message: 'like Monster?', why: 'thumbs-down' },
  { traceId: 't2', category: 'faq', message: 'ship to Canada?', why: 'escalated' },
  { traceId: 't3', category: 'recommendation', message: 'like Berserk?', why: 'escalated' },
];

describe('goldenRefresh', () => {
  it('finds entries naming products the catalog lost and swaps each for the first unused candidate of its category (by hand)', () => {
    const plan = goldenRefresh(entries, new Set(['B01', 'B03']), candidates, opts);
    expect(plan.stale).toEqual([
      { queryId: 'q1', category: 'faq', missing: ['B02'] },
      { queryId: 'q3', category: 'recommendation', missing: ['B04'] },
    ]);
    expect(plan.swaps).toEqual([
      { queryId: 'q1', traceId: 't2', category: 'faq' },
      { queryId: 'q3', traceId: 't1', category: 'recommendation' },
    ]);
    expect(plan.unreplaced).toEqual([]);
    expect(plan.after.entries).toBe(4);
    expect(plan.after.adversarial).toBe(1);
  });

  it('lists stale entries left without a candidate, and shows the adversarial count falling when one is swapped', () => {
    const plan = goldenRefresh(entries, new Set(['B04']), candidates.slice(1), opts);
    expect(plan.stale.map((s) => s.queryId)).toEqual(['q1', 'q2']);
    expect(plan.swaps).toEqual([{ queryId: 'q1', traceId: 't2', category: 'faq' }]);
    expect(plan.unreplaced).toEqual(['q2']);
    const three = goldenRefresh(
      entries,
      new Set(['B01', 'B02', 'B04']),
      [{ traceId: 't9', category: 'faq', message: 'x', why: 'escalated' }],
      opts,
    );
    expect(three.before.adversarial).toBe(1);
    expect(three.after.adversarial).toBe(0);
    expect(three.after.adversarialOk).toBe(false);
  });

  it('is empty for an empty set, and an empty catalog makes every entry with products stale', () => {
    expect(goldenRefresh([], new Set(), candidates, opts)).toMatchObject({ stale: [], swaps: [], unreplaced: [] });
    expect(goldenRefresh(entries, new Set(), [], opts).stale.map((s) => s.queryId)).toEqual(['q1', 'q2', 'q3']);
  });
});
