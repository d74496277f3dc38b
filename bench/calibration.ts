// The calibration table of docs/monitoring.md (issue 24): every drift detector and every alert rule of
// config/monitoring.json on seeded simulated data, no change and changes of stated sizes, at the volumes the sample
// warehouse sees (1M requests over 28 days). Prints Markdown rows and a JSON summary on stderr.
// Usage: node --import tsx bench/calibration.ts [TRIALS] [VECTORS]
import { calibrateDetectors, type AlertScenario } from '../src/analysis/calibrateDetectors';
import { loadMonitoringConfig } from '../src/pipeline/monitoring-config';

const trials = Number(process.argv[2] ?? '200');
const vectors = Number(process.argv[3] ?? '400');
const config = loadMonitoringConfig();
/** Traffic per window at the sample's volume, and the change each rule should catch. */
const traffic: Record<string, Omit<AlertScenario, 'rule'>> = {
  hallucination_rate: {
    samplesPerWindow: 830,
    family: 'proportion',
    change: { level: 0.1, windows: 3, label: 'double the line for 3 windows' },
  },
  escalation_rate: { samplesPerWindow: 1490, family: 'proportion', change: { level: 0.3, windows: 3, label: 'line + 10pp for 3 windows' } },
  error_rate: { samplesPerWindow: 1490, family: 'proportion', change: { level: 0.03, windows: 3, label: '3x the line for 3 windows' } },
  latency_p99_ms: {
    samplesPerWindow: 370,
    family: 'quantile',
    q: 0.99,
    change: { level: 0.04, windows: 8, label: '4% of turns past the line for 2 h' },
  },
  guardrail_pass_rate: {
    samplesPerWindow: 1490,
    family: 'proportion',
    change: { level: 0.85, windows: 3, label: 'line - 5pp for 3 windows' },
  },
  csat_mean: { samplesPerWindow: 2000, family: 'mean', sd: 0.9, change: { level: 3.85, windows: 1, label: 'a day at line - 0.15' } },
  thumbs_down_rate: {
    samplesPerWindow: 206,
    family: 'proportion',
    baseline: 0.36,
    change: { level: 0.5, windows: 3, label: 'baseline + 14pp for 3 windows' },
  },
  response_words_mean: {
    samplesPerWindow: 1490,
    family: 'mean',
    sd: 40,
    baseline: 75,
    change: { level: 110, windows: 3, label: 'baseline + 47% for 3 windows' },
  },
  ttft_p99_ms: {
    samplesPerWindow: 830,
    family: 'quantile',
    q: 0.99,
    change: { level: 0.04, windows: 3, label: '4% past the line for 3 windows' },
  },
  tps_p50: {
    samplesPerWindow: 830,
    family: 'quantile',
    q: 0.5,
    change: { level: 0.7, windows: 3, label: '70% under the line for 3 windows' },
  },
  unexpected_stop_rate: {
    samplesPerWindow: 830,
    family: 'proportion',
    change: { level: 0.04, windows: 3, label: '4x the line for 3 windows' },
  },
};
const alerts = config.alerts.map((rule) => ({ rule, ...traffic[rule.metric]! }));
const t = performance.now();
const rows = calibrateDetectors({
  trials,
  vectors,
  dims: 32,
  alpha: config.drift.embeddingPValue,
  turns: config.drift.minIntentTurns,
  alerts,
  samplesGrid: [25, 50, 100, 200, 400, 800],
  gridTrials: 50,
});
const seconds = (performance.now() - t) / 1000;
const pct = (x: number) => `${(100 * x).toFixed(x > 0 && x < 0.01 ? 2 : 1)}%`;
const count = (x: number | null, alert = false) =>
  x === null ? (alert ? 'more than 2x the stated traffic' : 'more than 800') : x.toLocaleString('en-US');
process.stdout.write(
  '| detector | scenario | samples | trials | fired | rate | promised at most |\n| --- | --- | --- | --- | --- | --- | --- |\n',
);
for (const r of rows.filter((x) => x.kind !== 'samples_needed'))
  process.stdout.write(
    `| ${r.detector} | ${r.scenario} | ${count(r.samples)} | ${r.trials} | ${r.fired} | ${pct(r.rate)} | ${r.bound === undefined ? '' : pct(r.bound)} |\n`,
  );
process.stdout.write(
  '\n| detector | change | samples for 80% power (vectors a side; turns a window for alerts) | power there (trials) |\n| --- | --- | --- | --- |\n',
);
for (const r of rows.filter((x) => x.kind === 'samples_needed'))
  process.stdout.write(
    `| ${r.detector} | ${r.scenario} | ${count(r.samples, r.detector.startsWith('alert'))} | ${pct(r.rate)} (${r.trials}) |\n`,
  );
process.stderr.write(`${JSON.stringify({ trials, vectors, seconds: Number(seconds.toFixed(1)), rows: rows.length })}\n`);
