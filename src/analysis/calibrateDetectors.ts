import { mulberry32 } from './aaSimulation';
import { embeddingDrift, EMBEDDING_DETECTORS } from './embeddingDrift';
import { evaluateAlertRule, type AlertRule, type WindowValue } from './evaluateAlertRule';
import { intentDrift } from './intentDrift';
import { ksTwoSample } from './ksTwoSample';
import type { WindowStatistic } from './thresholdTest';

/** One cell of the calibration table: how often a detector fired on simulated data of one scenario. */
export interface CalibrationRow {
  detector: string;
  scenario: string;
  /**
   * 'false_alarm' rows simulate no change; 'power' rows a change of the stated size; 'samples_needed' rows give the
   * smallest size of the grid reaching 80% power on that change (null: none of the grid did) and the power there.
   */
  kind: 'false_alarm' | 'power' | 'samples_needed';
  /** Samples per side (drift) or per window (alerts) the scenario simulates. */
  samples: number | null;
  trials: number;
  fired: number;
  rate: number;
  /** For false-alarm rows: the rate the detector promises at most (alpha, or false alarms a year / 365 a day). */
  bound?: number;
}

/** An alert rule and the traffic it sees: samples a window, the level the metric sits at, and a change to detect. */
export interface AlertScenario {
  rule: AlertRule & { alpha: number };
  samplesPerWindow: number;
  /** The statistic's family: a rate (of successes), a mean (with sd), or the share of values past a percentile's line. */
  family: 'proportion' | 'mean' | 'quantile';
  /** The quantile a percentile rule reads (0.99 for P99). */
  q?: number;
  /** The baseline level for increase rules. */
  baseline?: number;
  sd?: number;
  /** The changed level (a rate, a mean, or the share past the line) and for how many windows it lasts. */
  change: { level: number; windows: number; label: string };
}

export interface CalibrationOptions {
  seed?: number;
  /** Simulated windows (drift) or days (alerts) per scenario. */
  trials?: number;
  dims?: number;
  /** Vectors per side for the embedding detectors. */
  vectors?: number;
  permutations?: number;
  /** Turns per window for the intent-share detector. */
  turns?: number;
  alpha?: number;
  alerts?: AlertScenario[];
  /** Vectors a side to try, ascending, for the samples-needed rows (none: no such rows). */
  samplesGrid?: number[];
  /** Trials at each size of the grid (default trials / 4, at least 10). */
  gridTrials?: number;
}

const INTENTS = {
  recommendation: 0.3,
  product_question: 0.2,
  faq_simple: 0.15,
  order_tracking: 0.14,
  chitchat: 0.08,
  faq_complex: 0.06,
  return_request: 0.04,
  escalation: 0.03,
};

/**
 * The calibration harness: every drift detector and alert rule run on seeded simulated data, with no change (the
 * false-alarm rate, against the rate the detector promises) and with changes of stated sizes (the power):
 * - embeddings (each detector and the verdict): one dimension's mean shifted by 0.5 and 1 sd, a 1-sd shift spread
 *   over all dimensions, a new cluster of 10% of queries, every dimension's spread up 30%;
 * - intent shares: one intent gaining 3, 5 and 9 points; KS on a latency-like metric with a heavier tail;
 * - alerts: a day of windows with the metric exactly on its line (the worst quiet day), and with the stated change.
 * Pure and deterministic for a seed; docs/monitoring.md keeps one run's table (bench/calibration.ts).
 * Reference: https://sre.google/workbook/alerting-on-slos/ (precision, recall and detection time of an alert).
 * @example
 * calibrateDetectors({ trials: 5, vectors: 60, dims: 4, permutations: 399, alerts: [] }).length > 0 // => true
 */
export function calibrateDetectors(options: CalibrationOptions = {}): CalibrationRow[] {
  const random = mulberry32(options.seed ?? 20261203);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const trials = options.trials ?? 200;
  const dims = options.dims ?? 32;
  const n = options.vectors ?? 400;
  const alpha = options.alpha ?? 0.01;
  const rows: CalibrationRow[] = [];
  const center = Float64Array.from({ length: dims }, () => 1.5 * normal());
  const draw = (shift: (d: number) => number, scale = 1) =>
    Float64Array.from({ length: dims }, (_, d) => center[d]! + shift(d) + 0.9 * scale * normal());
  const cluster = Float64Array.from({ length: dims }, () => normal());
  const norm = Math.hypot(...cluster);
  const scenarios: { scenario: string; kind: CalibrationRow['kind']; current: () => Float64Array }[] = [
    { scenario: 'no change', kind: 'false_alarm', current: () => draw(() => 0) },
    { scenario: 'one dimension +0.5 sd', kind: 'power', current: () => draw((d) => (d === 0 ? 0.45 : 0)) },
    { scenario: 'one dimension +1 sd', kind: 'power', current: () => draw((d) => (d === 0 ? 0.9 : 0)) },
    { scenario: '1 sd spread over all dimensions', kind: 'power', current: () => draw(() => 0.9 / Math.sqrt(dims)) },
    {
      scenario: 'new cluster, 10% of queries',
      kind: 'power',
      current: () => (random() < 0.1 ? draw((d) => (3 * 0.9 * cluster[d]!) / norm) : draw(() => 0)),
    },
    { scenario: 'spread +30%', kind: 'power', current: () => draw(() => 0, 1.3) },
  ];
  const embeddingRates = (scenario: (typeof scenarios)[number], size: number, count: number) => {
    const fired = new Map<string, number>();
    for (let t = 0; t < count; t++) {
      const reference = Array.from({ length: size }, () => draw(() => 0));
      const current = Array.from({ length: size }, scenario.current);
      const c = reference.reduce((acc, v) => acc.map((a, d) => a + v[d]! / size), new Float64Array(dims));
      const cos = (v: ArrayLike<number>, own: boolean) => {
        // As the warehouse computes it: a training vector against the centroid of the others (leave one out).
        const m = own ? c.map((x, d) => (size * x - v[d]!) / (size - 1)) : c;
        let dot = 0;
        for (let d = 0; d < dims; d++) dot += v[d]! * m[d]!;
        return dot / (Math.hypot(...Array.from(v)) * Math.hypot(...m));
      };
      const r = embeddingDrift(
        {
          reference,
          current,
          similarities: { reference: reference.map((v) => cos(v, true)), current: current.map((v) => cos(v, false)) },
        },
        { alpha, permutations: options.permutations ?? 499, seed: t + 1, classifierSample: size, mmdSample: Math.min(size, 150) },
      );
      for (const d of r.detectors) if (d.fired) fired.set(d.detector, (fired.get(d.detector) ?? 0) + 1);
      if (r.drifted) fired.set('verdict', (fired.get('verdict') ?? 0) + 1);
    }
    return fired;
  };
  for (const s of scenarios) {
    const fired = embeddingRates(s, n, trials);
    for (const detector of [...EMBEDDING_DETECTORS, 'verdict']) {
      const f = fired.get(detector) ?? 0;
      rows.push({
        detector: `embedding: ${detector}`,
        scenario: s.scenario,
        kind: s.kind,
        samples: n,
        trials,
        fired: f,
        rate: f / trials,
        ...(s.kind === 'false_alarm' ? { bound: detector === 'verdict' ? alpha : alpha / EMBEDDING_DETECTORS.length } : {}),
      });
    }
  }
  // Samples needed: the smallest size of the grid at which each detector reaches 80% power on the change it is for.
  const grid = options.samplesGrid ?? [];
  const gridTrials = options.gridTrials ?? Math.max(10, Math.round(trials / 4));
  const target: Record<(typeof EMBEDDING_DETECTORS)[number], string> = {
    centroid_ks: 'spread +30%',
    per_dimension: 'one dimension +0.5 sd',
    domain_classifier: '1 sd spread over all dimensions',
    mmd: 'spread +30%',
  };
  for (const detector of grid.length ? EMBEDDING_DETECTORS : []) {
    const scenario = scenarios.find((x) => x.scenario === target[detector])!;
    let found: CalibrationRow | null = null;
    for (const size of grid) {
      const f = embeddingRates(scenario, size, gridTrials).get(detector) ?? 0;
      found = {
        detector: `embedding: ${detector}`,
        scenario: scenario.scenario,
        kind: 'samples_needed',
        samples: size,
        trials: gridTrials,
        fired: f,
        rate: f / gridTrials,
      };
      if (f / gridTrials >= 0.8) break;
    }
    if (found) rows.push(found.rate >= 0.8 ? found : { ...found, samples: null });
  }
  rows.push(...intentRows(random, trials, options.turns ?? 1000));
  rows.push(...tailRows(random, normal, trials, alpha));
  for (const a of options.alerts ?? []) rows.push(...alertRows(random, normal, trials, a, grid.length ? gridTrials : null));
  return rows;
}

function multinomial(random: () => number, shares: Record<string, number>, n: number): Record<string, number> {
  const keys = Object.keys(shares);
  const out = Object.fromEntries(keys.map((k) => [k, 0]));
  for (let i = 0; i < n; i++) {
    let u = random();
    for (const k of keys) {
      u -= shares[k]!;
      if (u < 0 || k === keys[keys.length - 1]) {
        out[k]!++;
        break;
      }
    }
  }
  return out;
}

function intentRows(random: () => number, trials: number, turns: number): CalibrationRow[] {
  const rows: CalibrationRow[] = [];
  for (const pp of [0, 3, 5, 9]) {
    const shares = { ...INTENTS, recommendation: INTENTS.recommendation - pp / 100, order_tracking: INTENTS.order_tracking + pp / 100 };
    let shift = 0;
    let psiHigh = 0;
    for (let t = 0; t < trials; t++) {
      const r = intentDrift(INTENTS, multinomial(random, shares, turns), { thresholdPp: 5 });
      if (r.alerts.length > 0) shift++;
      if (r.psi.band === 'significant') psiHigh++;
    }
    const base = {
      scenario: pp === 0 ? 'no change' : `an intent +${pp}pp`,
      kind: pp === 0 ? ('false_alarm' as const) : ('power' as const),
      samples: turns,
      trials,
    };
    rows.push({ detector: 'intent share > 5pp', ...base, fired: shift, rate: shift / trials });
    rows.push({ detector: 'intent PSI > 0.25', ...base, fired: psiHigh, rate: psiHigh / trials });
  }
  return rows;
}

function tailRows(random: () => number, normal: () => number, trials: number, alpha: number): CalibrationRow[] {
  const latency = (slow: number) => Math.exp(7.1 + 0.5 * normal()) * (random() < slow ? 1.5 + 1.5 * random() : 1);
  const rows: CalibrationRow[] = [];
  for (const [scenario, slow] of [
    ['no change', 0.01],
    ['tail heavier: 1% to 3% of turns slowed', 0.03],
  ] as const) {
    let fired = 0;
    const n = 2000;
    for (let t = 0; t < trials; t++) {
      const a = Array.from({ length: n }, () => latency(0.01));
      const b = Array.from({ length: n }, () => latency(slow));
      if (ksTwoSample(b, a).pValue < alpha) fired++;
    }
    const kind = slow === 0.01 ? ('false_alarm' as const) : ('power' as const);
    rows.push({
      detector: 'KS on latency',
      scenario,
      kind,
      samples: n,
      trials,
      fired,
      rate: fired / trials,
      ...(kind === 'false_alarm' ? { bound: alpha } : {}),
    });
  }
  return rows;
}

function binomial(random: () => number, normal: () => number, n: number, p: number): number {
  if (n * p < 40 && n * (1 - p) >= 40) {
    // Inversion by geometric waiting times: exact, and fast when n p is small.
    let k = 0;
    let i = 0;
    const log1p = Math.log(1 - p);
    for (;;) {
      i += Math.floor(Math.log(1 - random()) / log1p) + 1;
      if (i > n) return k;
      k++;
    }
  }
  if (n <= 200) {
    let k = 0;
    for (let i = 0; i < n; i++) if (random() < p) k++;
    return k;
  }
  return Math.min(n, Math.max(0, Math.round(n * p + Math.sqrt(n * p * (1 - p)) * normal())));
}

function alertRows(
  random: () => number,
  normal: () => number,
  trials: number,
  a: AlertScenario,
  gridTrials: number | null,
): CalibrationRow[] {
  const perDay = 1440 / a.rule.windowMinutes;
  const lead = (a.rule.confirmMinutes ?? 0) / a.rule.windowMinutes;
  const line =
    a.rule.kind === 'increase'
      ? a.baseline! + a.rule.threshold
      : a.rule.kind === 'relative_change'
        ? a.baseline! * (1 + a.rule.threshold)
        : a.rule.threshold;
  const onLine = a.family === 'quantile' ? (a.rule.kind === 'below' ? a.q! : 1 - a.q!) : line;
  let m = a.samplesPerWindow;
  const stat = (level: number): WindowStatistic => {
    if (a.family === 'mean') return { type: 'mean', n: m, mean: level + (a.sd! / Math.sqrt(m)) * normal(), sd: a.sd! };
    const k = binomial(random, normal, m, level);
    if (a.family === 'proportion') return { type: 'proportion', successes: k, trials: m };
    return { type: 'quantile', q: a.q!, n: m, value: null, above: a.rule.kind === 'below' ? 0 : k, below: a.rule.kind === 'below' ? k : 0 };
  };
  const day = (changed: boolean) => {
    const start = 0;
    const windows: WindowValue[] = [];
    const changeFrom = Math.floor(perDay / 2);
    for (let w = -lead; w < perDay; w++) {
      const level = changed && w >= changeFrom && w < changeFrom + a.change.windows ? a.change.level : onLine;
      windows.push({
        start: new Date(start + w * a.rule.windowMinutes * 60_000),
        end: new Date(start + (w + 1) * a.rule.windowMinutes * 60_000),
        stat: stat(level),
      });
    }
    return evaluateAlertRule(a.rule, windows, a.baseline ?? null, { judgeFrom: new Date(start) }).fired;
  };
  const rows: CalibrationRow[] = [];
  for (const changed of [false, true]) {
    let fired = 0;
    for (let t = 0; t < trials; t++) if (day(changed)) fired++;
    rows.push({
      detector: `alert ${a.rule.id}`,
      scenario: changed ? a.change.label : 'a day exactly on the line',
      kind: changed ? 'power' : 'false_alarm',
      samples: a.samplesPerWindow,
      trials,
      fired,
      rate: fired / trials,
      ...(changed ? {} : { bound: a.rule.alpha * perDay }),
    });
  }
  // Samples needed: the smallest traffic per window (1/8 to 2 times the stated one) catching the change 80% of days.
  if (gridTrials !== null) {
    let found: CalibrationRow | null = null;
    for (const scale of [0.125, 0.25, 0.5, 1, 2]) {
      m = Math.max(2, Math.round(a.samplesPerWindow * scale));
      let fired = 0;
      for (let t = 0; t < gridTrials; t++) if (day(true)) fired++;
      found = {
        detector: `alert ${a.rule.id}`,
        scenario: a.change.label,
        kind: 'samples_needed',
        samples: m,
        trials: gridTrials,
        fired,
        rate: fired / gridTrials,
      };
      if (found.rate >= 0.8) break;
    }
    rows.push(found!.rate >= 0.8 ? found! : { ...found!, samples: null });
  }
  return rows;
}
