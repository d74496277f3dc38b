// Cohen's kappa (quadratic) and Spearman's rho with its p-value on 1,000,000 pairs of 1-5 ratings (a fixed LCG, the
// second rater off by one a third of the time): mangalab against the scikit-learn / SciPy child on the same values,
// median of 5 after a warm-up. Writes the values when asked. Prints one JSON line.
import { readFileSync, writeFileSync } from 'node:fs';
import { cohenKappa } from '../src/analysis/cohenKappa';
import { spearman } from '../src/analysis/spearman';
import { timeRuns } from './timing';

const [mode, file] = process.argv.slice(2);
const N = 1_000_000;
if (mode === 'write') {
  let s = 7;
  const u = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const out = new Float64Array(2 * N);
  for (let i = 0; i < N; i++) {
    const a = 1 + Math.floor(u() * 5);
    out[i] = a;
    out[N + i] = Math.max(1, Math.min(5, a + (u() < 1 / 3 ? (u() < 0.5 ? -1 : 1) : 0)));
  }
  writeFileSync(file!, Buffer.from(out.buffer));
  process.stdout.write('{}\n');
} else {
  const buf = readFileSync(file!);
  const all = new Float64Array(buf.buffer, buf.byteOffset, 2 * N);
  const a = Array.from(all.subarray(0, N));
  const b = Array.from(all.subarray(N));
  let kappa = cohenKappa(a, b, { weights: 'quadratic' });
  let rho = spearman(a, b);
  const k = await timeRuns(5, async () => {
    kappa = cohenKappa(a, b, { weights: 'quadratic' });
  });
  const r = await timeRuns(5, async () => {
    rho = spearman(a, b);
  });
  process.stdout.write(`${JSON.stringify({ kappaS: k.median, spearmanS: r.median, kappa, rho: rho.rho, pValue: rho.pValue })}\n`);
}
