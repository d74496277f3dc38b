import { describe, expect, it } from 'vitest';
import { errorSummary, type CategoryCount } from '../src/analysis/errorSummary';

const opts = { averageOrderValueUsd: 40, escalationCostUsd: 5, baselineConversion: 0.1 };
const c = (
  period: 'current' | 'previous',
  category: CategoryCount['category'],
  turns: number,
  escalations = 0,
  unconvertedSessions = 0,
  examples: string[] = [],
): CategoryCount => ({ period, category, turns, escalations, unconvertedSessions, examples });

describe('errorSummary', () => {
  it('ranks by count and by dollar impact, with shares and week-over-week change (worked by hand)', () => {
    const s = errorSummary(
      [
        c('current', 'hallucination', 10, 2, 5, ['h1', 'h2']),
        c('current', 'hallucination', 5, 0, 5, ['h2', 'h3', 'h4']),
        c('current', 'slow_response', 30, 0, 1),
        c('current', 'out_of_scope', 20, 20, 0),
        c('previous', 'hallucination', 10),
        c('previous', 'other', 4),
        ...(['wrong_intent', 'bad_retrieval', 'missing_info', 'format_issue'] as const).map((k, i) => c('current', k, 4 - i)),
      ],
      opts,
    );
    expect(s.total).toBe(15 + 30 + 20 + 4 + 3 + 2 + 1);
    expect(s.previousTotal).toBe(14);
    expect(s.byFrequency.map((x) => x.category)).toEqual([
      'slow_response',
      'out_of_scope',
      'hallucination',
      'wrong_intent',
      'bad_retrieval',
    ]);
    const h = s.categories.find((x) => x.category === 'hallucination')!;
    // 2 escalations x $5 + 10 unconverted sessions x 0.1 x $40 = $50; 15 against 10 turns = +50%.
    expect(h).toMatchObject({
      turns: 15,
      previousTurns: 10,
      escalations: 2,
      unconvertedSessions: 10,
      impactUsd: 50,
      examples: ['h1', 'h2', 'h3'],
    });
    expect(h.change).toBeCloseTo(0.5, 12);
    expect(h.share).toBeCloseTo(15 / 75, 12);
    // out_of_scope: 20 x $5 = $100; slow_response: 1 x 0.1 x 40 = $4.
    expect(s.byImpact.map((x) => [x.category, x.impactUsd])).toEqual([
      ['out_of_scope', 100],
      ['hallucination', 50],
      ['slow_response', 4],
      ['wrong_intent', 0],
      ['bad_retrieval', 0],
    ]);
    expect(s.categories.find((x) => x.category === 'other')).toMatchObject({ turns: 0, previousTurns: 4, change: -1 });
    expect(s.categories.find((x) => x.category === 'slow_response')!.change).toBeNull();
    expect(s.totalImpactUsd).toBeCloseTo(154, 12);
  });

  it('gives empty lists and zero totals without negative signals, and refuses negative counts and options', () => {
    expect(errorSummary([], opts)).toEqual({
      total: 0,
      previousTotal: 0,
      categories: [],
      byFrequency: [],
      byImpact: [],
      totalImpactUsd: 0,
    });
    expect(() => errorSummary([c('current', 'other', -1)], opts)).toThrow(/other \(current\): turns must be a non-negative number, got -1/);
    expect(() => errorSummary([], { ...opts, baselineConversion: Number.NaN })).toThrow(/baselineConversion/);
  });
});
