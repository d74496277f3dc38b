import { describe, expect, it } from 'vitest';
import { bypassSavings } from '../src/analysis/bypassSavings';

describe('bypassSavings', () => {
  it('prices bypassed turns at the intent average, or the all-intent average below minLlmTurns', () => {
    const r = bypassSavings(
      [
        { intent: 'faq', turns: 100, bypassedTurns: 60, llmTurns: 40, llmCostUsd: 0.4 },
        { intent: 'recommendation', turns: 200, bypassedTurns: 10, llmTurns: 190, llmCostUsd: 3.8 },
        { intent: 'chitchat', turns: 50, bypassedTurns: 50, llmTurns: 0, llmCostUsd: 0 },
      ],
      { minLlmTurns: 30 },
    );
    // By hand: faq 0.4/40 = 0.01 per turn x 60 = 0.6; recommendation 3.8/190 = 0.02 x 10 = 0.2;
    // chitchat has no LLM turns, so the all-intent average (0.4 + 3.8) / 230 per turn x 50 = 0.913043...
    expect(r.intents.map((i) => i.basis)).toEqual(['intent', 'intent', 'all_intents']);
    expect(r.intents[0]!.estimatedSavingsUsd).toBeCloseTo(0.6, 12);
    expect(r.intents[1]!.estimatedSavingsUsd).toBeCloseTo(0.2, 12);
    expect(r.intents[2]!.estimatedSavingsUsd).toBeCloseTo((4.2 / 230) * 50, 12);
    expect(r.estimatedSavingsUsd).toBeCloseTo(0.8 + (4.2 / 230) * 50, 12);
    expect(r.bypassRate).toBeCloseTo(120 / 350, 12);
    expect(r.savingsShare).toBeCloseTo(r.estimatedSavingsUsd! / (4.2 + r.estimatedSavingsUsd!), 12);
  });

  it('uses the all-intent average for an intent with some, but too few, LLM turns', () => {
    const r = bypassSavings(
      [
        { intent: 'returns', turns: 40, bypassedTurns: 30, llmTurns: 10, llmCostUsd: 1 },
        { intent: 'product', turns: 100, bypassedTurns: 0, llmTurns: 100, llmCostUsd: 2 },
      ],
      { minLlmTurns: 30 },
    );
    expect(r.intents[0]).toMatchObject({ basis: 'all_intents', costPerTurnUsd: 3 / 110 });
    expect(r.intents[0]!.estimatedSavingsUsd).toBeCloseTo(30 * (3 / 110), 12);
  });

  it('says the savings cannot be estimated when no LLM turn was priced, and gives null rates for no turns', () => {
    const r = bypassSavings([{ intent: 'chitchat', turns: 5, bypassedTurns: 5, llmTurns: 0, llmCostUsd: 0 }]);
    expect(r.intents[0]).toMatchObject({ costPerTurnUsd: null, basis: null, estimatedSavingsUsd: null });
    expect(r.intents[0]!.reason).toMatch(/no LLM turn in the period was priced/);
    expect(r.estimatedSavingsUsd).toBeNull();
    expect(r.savingsShare).toBeNull();
    // No turns: nothing was bypassed, so nothing was saved; the rate and the share have no denominator.
    expect(bypassSavings([])).toEqual({
      intents: [],
      turns: 0,
      bypassedTurns: 0,
      bypassRate: null,
      llmCostUsd: 0,
      estimatedSavingsUsd: 0,
      savingsShare: null,
    });
  });

  it('throws on impossible counts, negative cost or a repeated intent', () => {
    expect(() => bypassSavings([{ intent: 'a', turns: 1, bypassedTurns: 2, llmTurns: 0, llmCostUsd: 0 }])).toThrow(
      'a: bypassed and LLM turns cannot exceed the 1 turns',
    );
    expect(() => bypassSavings([{ intent: 'a', turns: 1.5, bypassedTurns: 0, llmTurns: 0, llmCostUsd: 0 }])).toThrow(
      'a: turns must be a whole number from 0, got 1.5',
    );
    expect(() => bypassSavings([{ intent: 'a', turns: 1, bypassedTurns: 0, llmTurns: 1, llmCostUsd: -1 }])).toThrow(
      'a: llmCostUsd must be a non-negative number, got -1',
    );
    const row = { intent: 'a', turns: 1, bypassedTurns: 0, llmTurns: 1, llmCostUsd: 1 };
    expect(() => bypassSavings([row, row])).toThrow('intent a is listed twice');
  });
});
