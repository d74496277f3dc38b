// 1,000 Beta-Binomial comparisons (probability, both expected losses, both 95% intervals), without and with the
// relative-lift interval, median of 7 runs after a warm-up, for this checkout and, given its path, another one (an
// older revision with node_modules), interleaved. Printed as JSON; docs/benchmarks.md keeps the table.
// Usage: node --import tsx bench/beta-binomial.ts [OTHER_CHECKOUT]
import { resolve } from 'node:path';

type AB = typeof import('../src/analysis/betaBinomialAB').betaBinomialAB;

function comparisons(ab: AB, lift: boolean): number {
  const t = performance.now();
  for (let i = 0; i < 1000; i++) {
    const n = 2000 + ((i * 7919) % 50000);
    ab(
      { successes: Math.round(n * 0.6), trials: n },
      { successes: Math.round(n * 0.62) + (i % 13), trials: n + (i % 101) },
      { liftInterval: lift },
    );
  }
  return performance.now() - t;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const checkouts = [resolve('.'), ...(process.argv[2] ? [resolve(process.argv[2])] : [])];
const fns: AB[] = [];
for (const dir of checkouts) fns.push((await import(`${dir}/src/analysis/betaBinomialAB.ts`)).betaBinomialAB as AB);
const times = fns.map(() => ({ plain: [] as number[], lift: [] as number[] }));
fns.forEach((ab) => comparisons(ab, false));
for (let round = 0; round < 7; round++) {
  fns.forEach((ab, k) => {
    times[k]!.plain.push(comparisons(ab, false));
    times[k]!.lift.push(round < 3 || fns.length === 1 || k === 0 ? comparisons(ab, true) : NaN);
  });
}
const out = checkouts.map((dir, k) => ({
  checkout: dir,
  comparisons1000Ms: median(times[k]!.plain),
  withLift1000Ms: median(times[k]!.lift.filter((x) => !Number.isNaN(x))),
}));
process.stdout.write(`${JSON.stringify(out)}\n`);
