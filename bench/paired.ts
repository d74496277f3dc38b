// The paired analysis of an evaluation diff (issue 26): every compared metric of a 520-entry run against its
// baseline with 10,000 resamples, as evalRun does it, against SciPy's bootstrap and permutation_test on the same
// differences, same machine, same run. Usage: node --import tsx bench/paired.ts. Prints one JSON line.
import { spawnSync } from 'node:child_process';
import { mulberry32 } from '../src/analysis/aaSimulation';
import { comparePaired, type PairedKind } from '../src/analysis/comparePaired';
import { timeRuns } from './timing';

const n = 520;
const r = mulberry32(11);
const rate = () => {
  const baseline = Array.from({ length: n }, () => (r() < 0.95 ? 1 : 0));
  return { kind: 'rate' as PairedKind, baseline, candidate: baseline.map((b) => (r() < 0.03 ? 1 - b : b)) };
};
const mean = () => {
  const baseline = Array.from({ length: n }, () => r());
  return { kind: 'mean' as PairedKind, baseline, candidate: baseline.map((b) => b + 0.05 * (r() - 0.5)) };
};
const count = () => ({
  kind: 'sum' as PairedKind,
  baseline: Array.from({ length: n }, () => (r() < 0.01 ? 1 : 0)),
  candidate: Array.from({ length: n }, () => (r() < 0.01 ? 1 : 0)),
});
// The eight tested metrics of a diff: four rates, three means, one sum.
const metrics = [rate(), rate(), rate(), rate(), mean(), mean(), mean(), count()];
comparePaired(metrics[0]!.baseline, metrics[0]!.candidate, 'rate'); // warm-up
const ours = await timeRuns(5, async () => {
  for (const m of metrics) comparePaired(m.baseline, m.candidate, m.kind, { resamples: 10_000 });
});
const script = `
import json, sys, time
import numpy as np
from scipy import stats
ms = json.load(sys.stdin)
def once():
    for m in ms:
        x = np.array(m["baseline"], float); y = np.array(m["candidate"], float)
        stats.bootstrap((y - x,), np.mean, method="percentile", n_resamples=10000, random_state=1)
        stats.permutation_test((y, x), lambda a, b, axis=-1: np.mean(a - b, axis=axis), permutation_type="samples",
                               n_resamples=10000, vectorized=True, random_state=1)
once()
ts = []
for _ in range(5):
    t = time.perf_counter(); once(); ts.append(time.perf_counter() - t)
ts.sort(); print(json.dumps({"median": ts[2]}))
`;
const py = spawnSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify(metrics), encoding: 'utf8' });
if (py.status !== 0) throw new Error(py.stderr);
const scipy = (JSON.parse(py.stdout) as { median: number }).median;
process.stdout.write(
  `${JSON.stringify({ entries: n, metrics: metrics.length, resamples: 10_000, mangalab: ours.median, scipy, scipyOverMangalab: scipy / ours.median })}\n`,
);
