import { describe, expect, it } from 'vitest';
import { retrainingTrigger } from '../src/analysis/retrainingTrigger';

const asOf = new Date('2026-11-16T00:00:00Z');
const data = [
  { intent: 'faq_simple', labelled: 400, production: 9000 },
  { intent: 'chitchat', labelled: 100, production: 2000 },
];

describe('retrainingTrigger', () => {
  it('fires on accuracy under 0.88, on a shift over 5pp, and on a model older than 90 days, each with its reason', () => {
    const r = retrainingTrigger({
      accuracy: { correct: 870, labelled: 1000 },
      intentShifts: [
        { intent: 'order_tracking', shiftPp: 7.04 },
        { intent: 'faq_simple', shiftPp: 4.9 },
      ],
      lastTrainedAt: new Date('2026-08-01T00:00:00Z'),
      asOf,
      trainingData: data,
    });
    expect(r.retrain).toBe(true);
    expect(r.reasons).toEqual([
      'intent accuracy 87.0% over the latest 1000 labelled turns is under 88.0%',
      'intent share moved more than 5pp from the training baseline: order_tracking +7.0pp',
      'the classifier was trained 107 days ago (more than 90)',
    ]);
    expect(r.totals).toEqual({ labelled: 500, production: 11000 });
    expect(r.action).toMatch(/Nothing is deployed automatically/);
  });

  it('does not fire at the bounds, and lists rules it could not judge', () => {
    const r = retrainingTrigger({
      accuracy: { correct: 880, labelled: 1000 },
      intentShifts: [{ intent: 'a', shiftPp: -5 }],
      lastTrainedAt: new Date('2026-08-18T00:00:00Z'),
      asOf,
      trainingData: [],
    });
    expect(r.retrain).toBe(false);
    expect(r.ageDays).toBe(90);
    const unknown = retrainingTrigger({
      accuracy: { correct: 50, labelled: 60 },
      intentShifts: [],
      lastTrainedAt: null,
      asOf,
      trainingData: [],
    });
    expect(unknown.notJudged).toEqual([
      'accuracy: only 60 labelled turns (at least 200 needed)',
      'model age: the last training date is not configured',
    ]);
    expect(unknown.accuracy).toBeNull();
    expect(() =>
      retrainingTrigger({ accuracy: { correct: 5, labelled: 4 }, intentShifts: [], lastTrainedAt: null, asOf, trainingData: [] }),
    ).toThrow(/0 <= correct <= labelled/);
  });
});
