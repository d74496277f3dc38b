import { describe, expect, it } from 'vitest';
import { embeddingDrift } from '../src/analysis/embeddingDrift';
import { gaussianVectors } from './helpers';

describe('embeddingDrift', () => {
  it('names the detectors that fired, and fires on a single-dimension shift the centroid KS misses', () => {
    const center = (d: number) => 1.5 * Math.sin(d + 1);
    const reference = gaussianVectors(41, 300, 48, center);
    const current = gaussianVectors(42, 300, 48, (d) => center(d) + (d === 7 ? 1.4 : 0));
    const c = Array.from({ length: 48 }, (_, d) => reference.reduce((s, v) => s + v[d]!, 0) / reference.length);
    const cos = (v: number[]) => v.reduce((s, x, d) => s + x * c[d]!, 0) / (Math.hypot(...v) * Math.hypot(...c));
    const r = embeddingDrift(
      { reference, current, similarities: { reference: reference.map(cos), current: current.map(cos) } },
      { permutations: 499, mmdSample: 150, seed: 2 },
    );
    expect(r.detectorAlpha).toBe(0.0025);
    const byName = Object.fromEntries(r.detectors.map((d) => [d.detector, d]));
    expect(byName.centroid_ks!.fired).toBe(false); // the seed's detector is blind to it (issue 24)
    expect(byName.per_dimension!.fired).toBe(true);
    expect(byName.per_dimension!.detail).toMatch(/largest: dimension 8, \+1\.\d\d sd/);
    expect(r.drifted).toBe(true);
    expect(r.fired).toContain('per_dimension');
  });

  it('says "not computed" with the reason for too few vectors or no similarities, and never counts that as a pass', () => {
    const r = embeddingDrift({ reference: gaussianVectors(1, 30, 4), current: gaussianVectors(2, 10, 4), similarities: null });
    expect(r.detectors.map((d) => [d.detector, d.computed, d.reason])).toEqual([
      ['centroid_ks', false, 'no similarities from the warehouse'],
      ['per_dimension', false, 'needs 50 vectors a side, has 30 and 10'],
      ['domain_classifier', false, 'needs 50 vectors a side, has 30 and 10'],
      ['mmd', false, 'needs 50 vectors a side, has 30 and 10'],
    ]);
    expect([r.drifted, r.fired]).toEqual([false, []]);
  });
});

describe('embeddingDrift options', () => {
  it('refuses a permutation count whose smallest p-value cannot reach alpha / 4', () => {
    expect(() => embeddingDrift({ reference: [], current: [] }, { permutations: 399 })).toThrow(
      /399 permutations cannot give a p-value under 0.0025 \(the smallest is 1 \/ 400\): use at least 400/,
    );
  });
});
