// Experiment benchmarks, printed as JSON (bench/run.ts folds them into docs/benchmarks.md):
// 1,000 Beta-Binomial comparisons (probability, both expected losses, both 95% intervals), median of 7 runs after a
// warm-up; and the full readout of exp-prompt-v24 on a warehouse (SQL aggregates through every metric and decision).
import { betaBinomialAB } from '../src/analysis/betaBinomialAB';
import { DuckDBSource } from '../src/pipeline/duckdb-source';
import { experimentReadout } from '../src/jobs/experiment';

function comparisons(): number {
  const t = performance.now();
  for (let i = 0; i < 1000; i++) {
    const n = 2000 + ((i * 7919) % 50000);
    betaBinomialAB({ successes: Math.round(n * 0.6), trials: n }, { successes: Math.round(n * 0.62) + (i % 13), trials: n + (i % 101) });
  }
  return performance.now() - t;
}
comparisons();
const runs = Array.from({ length: 7 }, comparisons).sort((a, b) => a - b);

const path = process.argv[2];
let readout: { medianSeconds: number; sessions: number } | null = null;
if (path) {
  const source = await DuckDBSource.open(path);
  const r = await experimentReadout(source, 'exp-prompt-v24');
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await experimentReadout(source, 'exp-prompt-v24');
    times.push((performance.now() - t) / 1000);
  }
  times.sort((a, b) => a - b);
  readout = { medianSeconds: times[1]!, sessions: Object.values(r.sessions).reduce((s, n) => s + n, 0) };
  await source.close();
}
process.stdout.write(`${JSON.stringify({ comparisons1000Ms: runs[3], readout, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
