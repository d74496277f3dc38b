import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/analysis/aaSimulation';
import { aucFromRanks, rocAuc } from '../src/analysis/rocAuc';
import { pythonReference } from './helpers';

describe('rocAuc', () => {
  it('equals scikit-learn roc_auc_score, ties included', () => {
    const r = mulberry32(5);
    const labels = Array.from({ length: 500 }, () => r() < 0.4);
    const scores = labels.map((l) => Math.round((r() + (l ? 0.3 : 0)) * 20) / 20); // rounded: many ties
    // Expected value: test/reference/embedding_detectors.py (scikit-learn roc_auc_score).
    const ref = pythonReference<{ auc: number }>('embedding_detectors.py', { auc: { labels: labels.map(Number), scores } }).auc;
    expect(rocAuc(scores, labels)).toBeCloseTo(ref, 12);
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [false, false, true, true])).toBe(0.75);
    expect(() => rocAuc([1, 2], [true, true])).toThrow(/both classes/);
  });
});

describe('aucFromRanks', () => {
  it('gives the same AUC from ranks that rocAuc gives from scores', () => {
    expect(aucFromRanks([1, 3, 2, 4], [false, false, true, true])).toBe(rocAuc([0.1, 0.4, 0.35, 0.8], [false, false, true, true]));
    expect(() => aucFromRanks([1, 2], [false, false])).toThrow(/both classes/);
  });
});
