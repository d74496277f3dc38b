import { describe, expect, it } from 'vitest';
import { sampleRatioMismatch } from '../src/analysis/sampleRatioMismatch';
import { sequentialSrm } from '../src/analysis/sequentialSrm';
import { mulberry32 } from '../src/analysis/aaSimulation';

describe('sequentialSrm', () => {
  // Expected: the Dirichlet-multinomial log Bayes factor of Lindon & Malek (2022) with k = 100, in Python 3.11 with
  // SciPy 1.10's gammaln, look by look, and its running-minimum p-value.
  it('gives the log Bayes factor and the always-valid p-value after each look', () => {
    const r = sequentialSrm(
      [
        [5100, 4900],
        [10300, 9700],
        [15600, 14400],
        [21000, 19000],
      ],
      [50, 50],
    );
    const logBf = [-0.3295119015365344, 6.302860078061713, 21.07135479481076, 46.89778109033796];
    r.logBayesFactors.forEach((l, i) => expect(l).toBeCloseTo(logBf[i]!, 9));
    const p = [1, 0.0018310603053956415, 7.060360659601125e-10, 4.290940168977119e-21];
    r.pValues.forEach((v, i) => expect(v / p[i]! - 1).toBeCloseTo(0, 8));
    const three = sequentialSrm(
      [
        [3400, 3300, 3300],
        [6900, 6500, 6600],
      ],
      [34, 33, 33],
    );
    expect(three.logBayesFactors[0]).toBeCloseTo(-4.621722425195912, 9);
    expect(three.logBayesFactors[1]).toBeCloseTo(-3.823890609142836, 9);
    expect(three.pValues).toEqual([1, 1]);
  });

  it('keeps its false alarms under 5% when read every day, where the daily chi-square does not', () => {
    // 1,000 A/A experiments split 50/50, 500 sessions a day each, 28 daily looks; alarm at p < 0.05.
    const rand = mulberry32(20261203); // helpers' lcg is too correlated for binomial draws
    let sequential = 0;
    let daily = 0;
    let power = 0;
    for (let e = 0; e < 1000; e++) {
      for (const share of [0.5, 0.52]) {
        const counts = [0, 0];
        const looks: number[][] = [];
        let peeked = false;
        for (let d = 0; d < 28; d++) {
          for (let s = 0; s < 500; s++) counts[rand() < share ? 0 : 1]! += 1;
          looks.push([...counts]);
          if (share === 0.5 && sampleRatioMismatch(counts, [50, 50]).pValue < 0.05) peeked = true;
        }
        const alarm = sequentialSrm(looks, [50, 50]).pValues.at(-1)! < 0.05;
        if (share === 0.5) {
          sequential += alarm ? 1 : 0;
          daily += peeked ? 1 : 0;
        } else power += alarm ? 1 : 0;
      }
    }
    expect(sequential / 1000).toBeLessThanOrEqual(0.05);
    expect(daily / 1000).toBeGreaterThan(0.15);
    // A 52/48 split (a real mismatch) over 14,000 sessions is found in most experiments.
    expect(power / 1000).toBeGreaterThan(0.8);
  });

  it('refuses bad looks and weights, naming the look and the arm', () => {
    expect(() => sequentialSrm([[1, 2]], [1])).toThrow('at least two arms');
    expect(() => sequentialSrm([[1, 2, 3]], [1, 1])).toThrow('look 0 has 3 counts for 2 arms');
    expect(() => sequentialSrm([[1, -2]], [1, 1])).toThrow('look 0: count 1 must be a non-negative whole number, got -2');
    expect(() =>
      sequentialSrm(
        [
          [5, 5],
          [4, 6],
        ],
        [1, 1],
      ),
    ).toThrow('look 1: count 0 fell from 5 to 4; looks hold cumulative counts');
    expect(() => sequentialSrm([[1, 1]], [1, 0])).toThrow('weights[1] must be positive, got 0');
    expect(() => sequentialSrm([[1, 1]], [1, 1], { concentration: 0 })).toThrow('concentration must be a positive number');
  });
});
