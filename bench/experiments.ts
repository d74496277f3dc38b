// Experiment benchmarks, printed as JSON (bench/run.ts folds them into docs/benchmarks.md):
// 1,000 Beta-Binomial comparisons (probability, both expected losses, both 95% intervals), median of 7 runs after a
// warm-up; and, given a warehouse, the full readout of exp-prompt-v24 (every metric, decision, segment) read from the
// raw tables, then `rollup refresh` (timed once), then the readout read from the rollup: medians of RUNS after a warm-up.
// Usage: experiments.ts [WAREHOUSE.duckdb [RUNS]] (the warehouse is opened read-write: the refresh writes its rollup).
import { betaBinomialAB } from '../src/analysis/betaBinomialAB';
import { DuckDBSource } from '../src/pipeline/duckdb-source';
import { experimentReadout, type ReadoutOptions } from '../src/jobs/experiments/readout';
import { refreshRollups } from '../src/jobs/actions/rollup';

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

const [path, runsText] = [process.argv[2], process.argv[3] ?? '3'];
let readout: { rawSeconds: number; refreshSeconds: number; rollupSeconds: number; sessions: number } | null = null;
if (path) {
  const source = await DuckDBSource.open(path, { readWrite: true });
  const median = async (options: ReadoutOptions, expectRollup: boolean) => {
    const first = await experimentReadout(source, 'exp-prompt-v24', options);
    if (first.rollup.used !== expectRollup) throw new Error(`readout ${first.rollup.reason}`);
    const times: number[] = [];
    for (let i = 0; i < Number(runsText); i++) {
      const t = performance.now();
      await experimentReadout(source, 'exp-prompt-v24', options);
      times.push((performance.now() - t) / 1000);
    }
    times.sort((a, b) => a - b);
    return { seconds: times[Math.floor(times.length / 2)]!, sessions: Object.values(first.sessions).reduce((s, n) => s + n, 0) };
  };
  const raw = await median({ rollup: false }, false);
  const t = performance.now();
  await refreshRollups(source, { id: 'exp-prompt-v24' });
  const refreshSeconds = (performance.now() - t) / 1000;
  const rolled = await median({}, true);
  readout = { rawSeconds: raw.seconds, refreshSeconds, rollupSeconds: rolled.seconds, sessions: rolled.sessions };
  await source.close();
}
process.stdout.write(`${JSON.stringify({ comparisons1000Ms: runs[3], readout, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
