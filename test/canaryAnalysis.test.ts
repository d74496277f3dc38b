import { describe, expect, it } from 'vitest';
import { binomialUpperTail } from '../src/analysis/binomialUpperTail';
import { canaryAnalysis } from '../src/analysis/canaryAnalysis';
import { pythonReference } from './helpers';

const BASE = { turns: 250000, escalations: 37500, errors: 750, slowTurns: 1800, latencyP99Ms: 2650 };

describe('canaryAnalysis', () => {
  it('recommends rollback when escalations rise more than 2pp and the rise is significant', () => {
    const r = canaryAnalysis(BASE, { turns: 2500, escalations: 500, errors: 8, slowTurns: 20, latencyP99Ms: 2700 });
    expect(r.verdict).toBe('rollback');
    const esc = r.rules.find((x) => x.metric === 'escalation_rate')!;
    expect(esc.breached).toBe(true);
    expect(esc.canary! - esc.baseline!).toBeCloseTo(0.05, 12);
    expect(r.summary).toMatch(/^Roll back: escalation_rate/);
  });

  it('does not trigger on noise: a 2.4pp rise on 300 canary turns is not significant at 0.01', () => {
    // 53 of 300 = 17.67% against 15%: past the 2pp line, but the one-sided z-test p is about 0.09.
    const r = canaryAnalysis(BASE, { turns: 300, escalations: 53, errors: 3, slowTurns: 3, latencyP99Ms: 2600 });
    const esc = r.rules.find((x) => x.metric === 'escalation_rate')!;
    expect(esc.canary! - esc.baseline!).toBeGreaterThan(0.02);
    expect(esc.pValue!).toBeGreaterThan(0.01);
    expect(esc.breached).toBe(false);
    expect(r.verdict).toBe('insufficient');
    expect(r.summary).toMatch(/300 turns of the \d+/);
  });

  it("sizes the minimum sample by the escalation rule's power calculation", () => {
    // n = (z_0.99 + z_0.8)^2 * p(1 - p) / 0.02^2 with p = 0.15 + 0.02: (2.3263 + 0.8416)^2 * 0.1411 / 0.0004 = 3541.
    const r = canaryAnalysis(BASE, { turns: 3600, escalations: 545, errors: 20, slowTurns: 30, latencyP99Ms: 2600 });
    expect(r.minTurns).toBe(3541);
    expect(r.verdict).toBe('healthy');
  });

  it('tests the error rate and the P99 exactly against their limits', () => {
    const r = canaryAnalysis(BASE, { turns: 4000, escalations: 600, errors: 70, slowTurns: 90, latencyP99Ms: 3400 });
    const err = r.rules.find((x) => x.metric === 'error_rate')!;
    const lat = r.rules.find((x) => x.metric === 'latency_p99_ms')!;
    // Expected p-values: SciPy binom.sf(69, 4000, 0.01) and binom.sf(89, 4000, 0.01), via test/reference/drift_reference.py.
    const [pe, pl] = pythonReference<{ sf: number }[]>('drift_reference.py', [
      { kind: 'binom_sf', k: 70, n: 4000, p: 0.01 },
      { kind: 'binom_sf', k: 90, n: 4000, p: 0.01 },
    ]);
    expect(err.pValue!).toBeCloseTo(pe!.sf, 12);
    expect(lat.pValue!).toBeCloseTo(pl!.sf, 12);
    expect(err.breached).toBe(true);
    expect(lat.breached).toBe(true);
    expect(r.verdict).toBe('rollback');
  });

  it('says what it cannot judge without canary traffic, and refuses impossible counts', () => {
    const r = canaryAnalysis(BASE, { turns: 0, escalations: 0, errors: 0, slowTurns: 0, latencyP99Ms: null });
    expect(r.verdict).toBe('insufficient');
    expect(r.rules.every((x) => x.pValue === null && !x.breached)).toBe(true);
    expect(() => canaryAnalysis(BASE, { turns: 10, escalations: 11, errors: 0, slowTurns: 0, latencyP99Ms: 1 })).toThrow(
      /canary.escalations must be a whole number from 0 to 10/,
    );
  });
});

describe('binomialUpperTail', () => {
  it('equals SciPy binom.sf(k - 1, n, p) and handles the edges', () => {
    // Expected values: test/reference/drift_reference.py, SciPy's stats.binom.sf.
    const cases = [
      { kind: 'binom_sf', k: 5, n: 100, p: 0.01 },
      { kind: 'binom_sf', k: 40, n: 2500, p: 0.01 },
      { kind: 'binom_sf', k: 1, n: 7, p: 0.3 },
    ];
    const expected = pythonReference<{ sf: number }[]>('drift_reference.py', cases);
    cases.forEach((c, i) => expect(binomialUpperTail(c.k, c.n, c.p)).toBeCloseTo(expected[i]!.sf, 12));
    expect(binomialUpperTail(0, 10, 0.5)).toBe(1);
    expect(binomialUpperTail(11, 10, 0.5)).toBe(0);
    expect(() => binomialUpperTail(1, 10, 2)).toThrow(/p must be between 0 and 1/);
  });
});
