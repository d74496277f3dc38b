// KS on 1M against 1M values: mangalab's ksTwoSample (sort both, merge walk, asymptotic p-value) on the same two
// samples the SciPy child reads, median of 5 after a warm-up. Writes the samples when asked (so both sides use the
// same numbers). Prints one JSON line.
import { readFileSync, writeFileSync } from 'node:fs';
import { ksTwoSample } from '../src/analysis/ksTwoSample';
import { timeRuns } from './timing';

const [mode, file] = process.argv.slice(2);
const N = 1_000_000;
if (mode === 'write') {
  // Two lognormal-ish latency samples, the second shifted 2%, from a fixed LCG: float64 little-endian, a then b.
  let s = 42;
  const u = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s + 0.5) / 2147483648;
  };
  const out = new Float64Array(2 * N);
  for (let i = 0; i < 2 * N; i++) {
    const z = Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
    out[i] = Math.round(800 * Math.exp(0.5 * z) * (i >= N ? 1.02 : 1) * 10) / 10;
  }
  writeFileSync(file!, Buffer.from(out.buffer));
  process.stdout.write('{}\n');
} else {
  const buf = readFileSync(file!);
  const all = new Float64Array(buf.buffer, buf.byteOffset, 2 * N);
  const a = all.subarray(0, N);
  const b = all.subarray(N);
  let r = ksTwoSample(a, b);
  const t = await timeRuns(5, async () => {
    r = ksTwoSample(a, b);
  });
  process.stdout.write(`${JSON.stringify({ median: t.median, statistic: r.statistic, pValue: r.pValue })}\n`);
}
