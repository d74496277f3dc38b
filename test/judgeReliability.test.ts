import { describe, expect, it } from 'vitest';
import { judgeReliability } from '../src/analysis/judgeReliability';
import { mcnemarExact } from '../src/analysis/mcnemarExact';
import { lcg, pythonReference } from './helpers';

const CATS = ['hallucination', 'wrong_intent', 'bad_retrieval', 'missing_info', 'other'];

/** A judge that gives the human label with probability `p`, else a random one. */
function noisyCategories(seed: number, n: number, p: number) {
  const rnd = lcg(seed);
  const human = Array.from({ length: n }, () => CATS[Math.floor(rnd() * CATS.length)]!);
  const judged = human.map((c) => (rnd() < p ? c : CATS[Math.floor(rnd() * CATS.length)]!));
  return { human, judged, rnd };
}

describe('judgeReliability', () => {
  it('measures a category judge as scikit-learn does, with a bootstrap interval as SciPy gives it, and trusts it above the floor', () => {
    const { human, judged } = noisyCategories(3, 300, 0.75);
    const codes = (xs: string[]) => xs.map((x) => CATS.indexOf(x));
    // Expected values: test/reference/agreement_reference.py (scikit-learn cohen_kappa_score; SciPy stats.bootstrap).
    const [k, interval] = pythonReference<[{ kappa: number }, { lower: number; upper: number }]>('agreement_reference.py', [
      { kind: 'kappa', a: human, b: judged },
      { kind: 'kappa_interval', a: codes(human), b: codes(judged), resamples: 4000 },
    ]);
    const r = judgeReliability({ kind: 'category', human, judged }, { resamples: 4000 });
    expect(r.kappa).toBeCloseTo(k!.kappa, 12);
    expect(r.agreement).toBeCloseTo(human.filter((h, i) => h === judged[i]).length / 300, 12);
    expect(r.weightedKappa).toBeNull();
    expect(r.spearman).toBeNull();
    // Two seeded bootstraps of 4,000 resamples: the percentiles agree to Monte Carlo error (about 0.01 here).
    expect(r.interval!.lower).toBeCloseTo(interval!.lower, 1);
    expect(Math.abs(r.interval!.lower - interval!.lower)).toBeLessThan(0.02);
    expect(Math.abs(r.interval!.upper - interval!.upper)).toBeLessThan(0.02);
    expect(r.kappa!).toBeGreaterThan(0.6);
    expect(r.trusted).toBe(true);
    expect(r.reason).toMatch(/^trusted: kappa 0\.\d\d reaches the floor 0\.6 on 300 items$/);
  });

  it('reads a score judge by quadratic-weighted kappa and Spearman, as scikit-learn and SciPy compute them', () => {
    const rnd = lcg(17);
    const human = Array.from({ length: 250 }, () => 1 + Math.floor(rnd() * 5));
    const judged = human.map((x) => Math.max(1, Math.min(5, x + (rnd() < 0.5 ? (rnd() < 0.5 ? -1 : 1) : 0))));
    const [unweighted, quadratic, rank] = pythonReference<[{ kappa: number }, { kappa: number }, { rho: number }]>(
      'agreement_reference.py',
      [
        { kind: 'kappa', a: human, b: judged },
        { kind: 'kappa', a: human, b: judged, weights: 'quadratic' },
        { kind: 'spearman', x: human, y: judged },
      ],
    );
    const r = judgeReliability({ kind: 'score', human, judged });
    expect(r.kappa).toBeCloseTo(unweighted!.kappa, 12);
    expect(r.weightedKappa).toBeCloseTo(quadratic!.kappa, 12);
    expect(r.spearman).toBeCloseTo(rank!.rho, 12);
    expect(r.trustMeasure).toBe('quadratic-weighted kappa');
    // The trust decision reads the weighted kappa: high here although the unweighted one is below the floor.
    expect(r.kappa!).toBeLessThan(0.6);
    expect(r.trusted).toBe(true);
  });

  it('measures test-retest and order sensitivity as agreement and kappa between the passes', () => {
    const { human, judged, rnd } = noisyCategories(5, 200, 0.8);
    const retest = judged.map((c) => (rnd() < 0.9 ? c : CATS[Math.floor(rnd() * CATS.length)]!));
    const shuffled = judged.map((c, i) => (i % 10 === 0 ? null : rnd() < 0.7 ? c : CATS[Math.floor(rnd() * CATS.length)]!));
    const pairs = judged.map((c, i) => [c, shuffled[i]] as const).filter(([, s]) => s !== null);
    const [rk, ok] = pythonReference<[{ kappa: number }, { kappa: number }]>('agreement_reference.py', [
      { kind: 'kappa', a: judged, b: retest },
      { kind: 'kappa', a: pairs.map((p) => p[0]), b: pairs.map((p) => p[1]) },
    ]);
    const r = judgeReliability({ kind: 'category', human, judged, retest, shuffled });
    expect(r.retest!.n).toBe(200);
    expect(r.retest!.changed).toBe(judged.filter((c, i) => c !== retest[i]).length);
    expect(r.retest!.kappa).toBeCloseTo(rk!.kappa, 12);
    expect(r.order!.n).toBe(180); // every tenth item unanswered in the shuffled pass
    expect(r.order!.changed).toBe(pairs.filter(([a, b]) => a !== b).length);
    expect(r.order!.kappa).toBeCloseTo(ok!.kappa, 12);
  });

  it('does not trust a judge below the floor, on too few items, or whose kappa cannot be computed, and says why', () => {
    const { human, judged } = noisyCategories(9, 200, 0.3);
    const low = judgeReliability({ kind: 'category', human, judged });
    expect(low.kappa!).toBeLessThan(0.6);
    expect(low.trusted).toBe(false);
    expect(low.reason).toMatch(/^not trusted: kappa 0\.\d\d is below the floor 0\.6$/);

    const few = judgeReliability({ kind: 'category', human: human.slice(0, 20), judged: human.slice(0, 20) });
    expect(few.kappa).toBe(1);
    expect(few.trusted).toBe(false);
    expect(few.reason).toBe('not trusted: 20 answered items are fewer than the 30 a record needs');

    const gaps = judgeReliability({ kind: 'category', human: ['a', 'b', 'a'], judged: [null, null, null] });
    expect(gaps.answered).toBe(0);
    expect(gaps.kappa).toBeNull();
    expect(gaps.reason).toBe('not trusted: its kappa against the humans could not be computed');
    expect(gaps.notes).toContain('3 of 3 items got no answer from the judge and are left out');
  });

  it('flags self-preference: a same-family score judge scoring above the humans, a category judge blaming the responder less', () => {
    const rnd = lcg(23);
    const human = Array.from({ length: 120 }, () => 1 + Math.floor(rnd() * 5));
    const generous = human.map((x) => Math.min(5, x + (rnd() < 0.5 ? 1 : 0)));
    const scored = judgeReliability({ kind: 'score', human, judged: generous, sameFamily: true });
    const rise = generous.reduce((s, x, i) => s + x - human[i]!, 0) / 120;
    expect(scored.selfPreference!.estimate).toBeCloseTo(rise, 12);
    expect(scored.selfPreference!.lower!).toBeGreaterThan(0);
    expect(scored.selfPreference!.flagged).toBe(true);
    expect(scored.notes.join(' ')).toMatch(/self-preference/);
    // Not run when the families differ.
    expect(judgeReliability({ kind: 'score', human, judged: generous }).selfPreference).toBeNull();

    // A category judge that moves a third of the humans' hallucinations to bad_retrieval: it blames the answer less.
    const { human: cats } = noisyCategories(29, 240, 1);
    let moved = 0;
    const lenient = cats.map((c, i) => (c === 'hallucination' && i % 3 === 0 ? (moved++, 'bad_retrieval') : c));
    const blamed = ['hallucination', 'missing_info'];
    const c = judgeReliability({ kind: 'category', human: cats, judged: lenient, sameFamily: true }, { blamed });
    expect(c.selfPreference!.estimate).toBeCloseTo(-moved / 240, 12);
    expect(c.selfPreference!.pValue).toBe(mcnemarExact(moved, 0).pValue);
    expect(c.selfPreference!.flagged).toBe(moved >= 6); // McNemar exact: 2 * 0.5^6 < 0.05
    expect(moved).toBeGreaterThanOrEqual(6);
  });

  it('measures the self-preference check: how often it cries wolf on an unbiased judge, how often it finds a lenient one', () => {
    // 1,000 simulated samples of 131 turns (the sample warehouse's size), the judge right 70% of the time. Unbiased:
    // its mistakes are random categories. Lenient: it also moves a quarter of the humans' blamed turns to bad_retrieval.
    const blamed = ['hallucination', 'missing_info'];
    const rnd = lcg(31);
    let falseAlarms = 0;
    let found = 0;
    const runs = 1000;
    for (let r = 0; r < runs; r++) {
      const human = Array.from({ length: 131 }, () => CATS[Math.floor(rnd() * CATS.length)]!);
      const fair = human.map((c) => (rnd() < 0.7 ? c : CATS[Math.floor(rnd() * CATS.length)]!));
      const lenient = fair.map((c, i) => (blamed.includes(human[i]!) && rnd() < 0.25 ? 'bad_retrieval' : c));
      const check = (judged: string[]) =>
        judgeReliability({ kind: 'category', human, judged, sameFamily: true }, { blamed, resamples: 100 });
      if (check(fair).selfPreference!.flagged) falseAlarms++;
      if (check(lenient).selfPreference!.flagged) found++;
    }
    // Measured at this seed: false alarms 3.5%, power 37.7% (docs/errors.md).
    expect(falseAlarms / runs).toBeLessThan(0.05);
    expect(found / runs).toBeGreaterThan(0.3);
  });

  it('refuses lists that do not line up and an empty sample', () => {
    expect(() => judgeReliability({ kind: 'category', human: ['a'], judged: [] })).toThrow(/1 human labels and 0 judge labels/);
    expect(() => judgeReliability({ kind: 'category', human: ['a'], judged: ['a'], retest: [] })).toThrow(
      /retest pass has 0 labels for 1 items/,
    );
    expect(() => judgeReliability({ kind: 'category', human: [], judged: [] })).toThrow(/no items/);
  });
});
