// A/A on a warehouse's own sessions (issue 25): exp-output-length's control sessions re-split into three arms by a
// salted hash, N times, each read by the full readout (CUPED, ratios, corrections, always-valid p, decision); every
// ship, keep-control, harm stop or discovery is false. Prints JSON; docs/experiments.md keeps the figures.
// Usage: node --import tsx bench/experiment-aa.ts WAREHOUSE.duckdb WORKDIR [N]
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBSource } from '../src/pipeline/duckdb-source';
import { experimentReadout } from '../src/jobs/experiments/readout';
const [warehouse, work] = [process.argv[2]!, process.argv[3]!];
const copy = join(work, 'experiment-aa.duckdb');
copyFileSync(warehouse, copy);
const db = await DuckDBSource.open(copy, { readWrite: true });
await db.conn.run("DELETE FROM sessions WHERE experiment_id = 'exp-output-length' AND variant <> 'control'");
const n = Number(process.argv[4] ?? '200');
const tally: Record<string, number> = {};
let anyCorrected = 0,
  anyPlain = 0,
  anyAvp = 0;
for (let salt = 0; salt < n; salt++) {
  await db.conn.run(
    `UPDATE sessions SET variant = CASE WHEN hash(session_id || '${salt}') % 100 < 34 THEN 'control' WHEN hash(session_id || '${salt}') % 100 < 67 THEN 'short' ELSE 'long' END WHERE experiment_id = 'exp-output-length'`,
  );
  const r = await experimentReadout(db, 'exp-output-length', { rollup: false });
  tally[r.decision.overall] = (tally[r.decision.overall] ?? 0) + 1;
  const ms = r.arms.flatMap((a) => a.metrics);
  if (ms.some((m) => m.corrected?.significant)) anyCorrected++;
  if (ms.some((m) => (m.frequentistP ?? 1) < 0.05)) anyPlain++;
  if (ms.some((m) => (m.alwaysValidP ?? 1) < 0.05)) anyAvp++;
}
console.log(
  JSON.stringify({
    experiments: n,
    decisions: tally,
    anyCorrectedSignificant: anyCorrected / n,
    anyPlainP005: anyPlain / n,
    anyAlwaysValid005: anyAvp / n,
  }),
);
await db.close();
rmSync(copy, { force: true });
