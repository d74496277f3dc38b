// A small re-run of the calibration table in docs/monitoring.md (bench/calibration.ts runs the full one): each
// detector's false-alarm rate on no-change data within its promised bound, and the powers the table claims.
import { describe, expect, it } from 'vitest';
import { calibrateDetectors } from '../src/analysis/calibrateDetectors';
import { binomialUpperTail } from '../src/analysis/binomialUpperTail';

describe('calibrateDetectors', () => {
  it('keeps every detector within its false-alarm bound on no-change data, and finds the changes it is rated for', () => {
    const rule = {
      id: 'error_rate_hard',
      metric: 'error_rate',
      kind: 'above' as const,
      threshold: 0.01,
      windowMinutes: 60,
      tier: 'hard' as const,
    };
    const rows = calibrateDetectors({
      seed: 7,
      trials: 40,
      vectors: 120,
      dims: 16,
      permutations: 499,
      samplesGrid: [30, 400],
      gridTrials: 10,
      alerts: [
        {
          rule: { ...rule, alpha: 1 / 8760, confirmMinutes: 120 },
          samplesPerWindow: 1490,
          family: 'proportion',
          change: { level: 0.03, windows: 3, label: '3x the line for 3 windows' },
        },
      ],
    });
    for (const r of rows.filter((x) => x.kind === 'false_alarm' && x.bound !== undefined)) {
      // A rate within its bound: the chance of this many false alarms in these trials at the bound is above 0.1%.
      expect(binomialUpperTail(r.fired, r.trials, r.bound!), `${r.detector}: ${r.fired} of ${r.trials}`).toBeGreaterThan(0.001);
    }
    const rate = (detector: string, scenario: string) => rows.find((r) => r.detector === detector && r.scenario === scenario)!.rate;
    expect(rate('embedding: per_dimension', 'one dimension +1 sd')).toBeGreaterThan(0.8);
    expect(rate('embedding: centroid_ks', 'one dimension +1 sd')).toBeLessThan(0.2); // the blind spot of US-4.2's detector
    expect(rate('embedding: mmd', 'spread +30%')).toBeGreaterThan(0.8);
    expect(rate('embedding: verdict', '1 sd spread over all dimensions')).toBeGreaterThan(0.8);
    expect(rate('intent share > 5pp', 'an intent +9pp')).toBe(1);
    expect(rate('intent share > 5pp', 'no change')).toBe(0);
    expect(rate('alert error_rate_hard', '3x the line for 3 windows')).toBe(1);
    expect(rate('alert error_rate_hard', 'a day exactly on the line')).toBeLessThan(0.05);
    // Samples needed for 80% power: the smallest size tried that reached it, or null when none did.
    const needed = Object.fromEntries(rows.filter((r) => r.kind === 'samples_needed').map((r) => [r.detector, r.samples]));
    expect(Object.keys(needed)).toEqual([
      'embedding: centroid_ks',
      'embedding: per_dimension',
      'embedding: domain_classifier',
      'embedding: mmd',
      'alert error_rate_hard',
    ]);
    expect(needed['embedding: per_dimension']).toBe(400); // 30 a side is too few for a 0.5-sd shift of one dimension
    expect(needed['alert error_rate_hard']).toBeLessThanOrEqual(1490);
  });
});
