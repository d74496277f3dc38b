// How often the paired tests of an eval diff cry wolf, and how often they see a real change (issue 26): seeded
// simulations of 520-entry golden sets drawn from a generator the sample does not use (skewed per-entry levels, two
// noise sources), same responder on both sides (no change) or the candidate shifted. Prints one JSON line; the table
// is in docs/evaluation.md. Usage: node --import tsx bench/paired-calibration.ts [SIMS]
import { mulberry32 } from '../src/analysis/aaSimulation';
import { comparePaired, type PairedKind } from '../src/analysis/comparePaired';

/** Share of simulated diffs the test calls beyond noise at alpha 0.05, and the share of those that read "worse". */
export function rejectionRate(o: { n: number; shift: number; kind: PairedKind; sims: number; resamples: number; seed: number }) {
  const r = mulberry32(o.seed);
  const level = () => {
    const a = -Math.log(r());
    const b = -Math.log(r()) * 0.4;
    return a / (a + b);
  };
  const draw = (l: number, d: number) =>
    o.kind === 'rate'
      ? r() < Math.min(1, Math.max(0, l + d))
        ? 1
        : 0
      : Math.min(1, Math.max(0, l + d + 0.12 * (r() - 0.5) + 0.1 * (r() - 0.5)));
  let rejected = 0;
  let worse = 0;
  for (let s = 0; s < o.sims; s++) {
    const levels = Array.from({ length: o.n }, level);
    const p = comparePaired(
      levels.map((l) => draw(l, 0)),
      levels.map((l) => draw(l, -o.shift)),
      o.kind,
      { resamples: o.resamples, seed: o.seed + s },
    );
    if (p.significant) {
      rejected++;
      if (p.delta < 0) worse++;
    }
  }
  return { rejected: rejected / o.sims, worse: worse / o.sims };
}

if (process.argv[1]?.endsWith('paired-calibration.ts')) {
  const sims = Number(process.argv[2] ?? 400);
  const run = (kind: PairedKind, shift: number) => rejectionRate({ n: 520, shift, kind, sims, resamples: 1000, seed: 77 });
  process.stdout.write(
    `${JSON.stringify({
      sims,
      mean: { noChange: run('mean', 0), drop005: run('mean', 0.005), drop01: run('mean', 0.01) },
      rate: { noChange: run('rate', 0), drop3pp: run('rate', 0.03), drop5pp: run('rate', 0.05) },
    })}\n`,
  );
}
