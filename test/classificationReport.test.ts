import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { classificationReport } from '../src/analysis/classificationReport';
import { mulberry32 } from '../src/analysis/aaSimulation';

const python = process.env.MANGALAB_REFERENCE_PYTHON ?? '/usr/bin/python3';
const sklearn = (truth: string[], predicted: string[], labels: string[] | null = null) =>
  JSON.parse(
    execFileSync(python, ['test/reference/eval_reference.py', 'classification'], {
      input: JSON.stringify({ truth, predicted, labels }),
      encoding: 'utf8',
    }),
  );

const INTENTS = ['recommendation', 'product_question', 'faq', 'order_tracking', 'multi_turn', 'edge_case', 'return_request', 'chitchat'];

function expectSame(got: ReturnType<typeof classificationReport>, want: ReturnType<typeof classificationReport>) {
  expect(got.labels).toEqual(want.labels);
  for (const key of ['accuracy', 'macroPrecision', 'macroRecall', 'macroF1', 'weightedF1'] as const)
    expect(got[key], key).toBeCloseTo(want[key], 12);
  for (const l of want.labels) {
    for (const k of ['precision', 'recall', 'f1'] as const) expect(got.perClass[l]![k], `${l}.${k}`).toBeCloseTo(want.perClass[l]![k], 12);
    expect(got.perClass[l]!.support).toBe(want.perClass[l]!.support);
  }
  expect(got.confusion).toEqual(want.confusion);
}

describe('classificationReport', () => {
  it('equals scikit-learn on 500 noisy intent predictions', () => {
    // Expected values: scikit-learn 1.2 (Debian python3-sklearn), precision_recall_fscore_support(zero_division=0).
    const rand = mulberry32(7);
    const truth = Array.from({ length: 500 }, () => INTENTS[Math.floor(rand() * INTENTS.length)]!);
    const predicted = truth.map((t) => (rand() < 0.85 ? t : INTENTS[Math.floor(rand() * INTENTS.length)]!));
    expectSame(classificationReport(truth, predicted), sklearn(truth, predicted));
  });

  it('equals scikit-learn when a class is never predicted, never true, or only in the label list', () => {
    const truth = ['a', 'a', 'b', 'b', 'c'];
    const predicted = ['a', 'b', 'b', 'b', 'd'];
    expectSame(classificationReport(truth, predicted), sklearn(truth, predicted));
    const labels = ['d', 'c', 'b', 'a', 'e'];
    expectSame(classificationReport(truth, predicted, labels), sklearn(truth, predicted, labels));
  });

  it('names the weakest class for the min_class_f1 gate', () => {
    // By hand: b has precision 2/3 and recall 1 (F1 0.8); a has F1 2/3; c and d score 0.
    const r = classificationReport(['a', 'a', 'b', 'b', 'c'], ['a', 'b', 'b', 'b', 'd'], ['a', 'b']);
    expect(r.minClassF1.label).toBe('a');
    expect(r.minClassF1.f1).toBeCloseTo(2 / 3, 12);
  });

  it('leaves classes with no true item out of min_class_f1 (an --intent subset), and lists them', () => {
    // By hand: every item is truly a; b and c are predicted by mistake and have no support, so their F1 of 0 does not
    // make a's F1 of 0.8 (precision 1, recall 2/3) the minimum's loser.
    const r = classificationReport(['a', 'a', 'a'], ['a', 'a', 'b']);
    expect(r.minClassF1).toEqual({ label: 'a', f1: 0.8 });
    expect(r.unsupported).toEqual(['b']);
    expect(r.macroF1).toBeCloseTo(0.4, 12); // scikit-learn's macro average still counts b at 0
    // No label with support at all: the minimum is over every label.
    expect(classificationReport(['x'], ['y'], ['y', 'z']).minClassF1).toEqual({ label: 'y', f1: 0 });
  });

  it('throws on unpaired or empty lists and a repeated label', () => {
    expect(() => classificationReport(['a'], [])).toThrow('truth has 1 items and predicted 0: they must pair up');
    expect(() => classificationReport([], [])).toThrow('no items to score');
    expect(() => classificationReport(['a'], ['a'], ['a', 'a'])).toThrow('label a is listed twice');
    expect(() => classificationReport(['a'], ['a'], [])).toThrow('labels is empty');
  });
});
