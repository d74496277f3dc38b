// Experiment-engine benchmarks (issue 25), printed as JSON; docs/benchmarks.md keeps the table.
// 1. Incremental rollup refresh: a copy of WAREHOUSE without its last day is rolled up in full, the day is loaded, and
//    the extension is timed against a full refresh of the whole warehouse (median of 3 each).
// 2. The three-arm readout (exp-output-length: CUPED, ratio metrics, corrections) over at least 10M sessions: the
//    warehouse with that experiment's sessions copied (bench/scale_experiment.sql), rolled up once, then read from
//    the rollup, median of 3 after a warm-up.
// Usage: node --import tsx bench/experiment-engine.ts WAREHOUSE.duckdb WORKDIR [COPIES]
import { spawnSync } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { refreshRollups } from '../src/jobs/actions/rollup';
import { experimentReadout } from '../src/jobs/experiments/readout';
import { DuckDBSource } from '../src/pipeline/duckdb-source';

const [warehouse, work, copiesText] = [process.argv[2]!, process.argv[3]!, process.argv[4] ?? '11'];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const seconds = async (f: () => Promise<unknown>) => {
  const t = performance.now();
  await f();
  return (performance.now() - t) / 1000;
};
const say = (s: string) => process.stderr.write(`bench: ${s}\n`);

// 1. Incremental against full refresh.
const full = join(work, 'full.duckdb');
copyFileSync(warehouse, full);
const whole = await DuckDBSource.open(full, { readWrite: true });
const fullTimes: number[] = [];
for (let i = 0; i < 3; i++) fullTimes.push(await seconds(() => refreshRollups(whole, { full: true })));
const requests = Number((await whole.conn.runAndReadAll('SELECT count(*) FROM requests')).getRows()[0]![0]);
const lastDay = String(
  (await whole.conn.runAndReadAll('SELECT CAST(max(CAST(ts AS DATE)) - 1 AS VARCHAR) FROM requests')).getRows()[0]![0],
);
await whole.close();
say(`full refresh ${median(fullTimes).toFixed(2)} s; extending by ${lastDay}`);
const day = `TIMESTAMP '${lastDay} 00:00:00'`;
const incTimes: number[] = [];
let since = '';
for (let i = 0; i < 3; i++) {
  const inc = join(work, 'inc.duckdb');
  copyFileSync(warehouse, inc);
  const db = await DuckDBSource.open(inc, { readWrite: true });
  for (const sql of [
    `DELETE FROM requests WHERE ts >= ${day}`,
    `DELETE FROM feedback WHERE ts >= ${day}`,
    `DELETE FROM sessions WHERE started_at >= ${day}`,
  ])
    await db.conn.run(sql);
  await refreshRollups(db);
  await db.conn.run(`ATTACH '${warehouse.replaceAll("'", "''")}' AS wh (READ_ONLY)`);
  await db.conn.run(`INSERT INTO requests SELECT * FROM wh.requests WHERE ts >= ${day}`);
  await db.conn.run(`INSERT INTO feedback SELECT * FROM wh.feedback WHERE ts >= ${day}`);
  await db.conn.run(`INSERT INTO sessions SELECT * FROM wh.sessions WHERE started_at >= ${day}`);
  await db.conn.run('DETACH wh');
  await db.conn.run('CHECKPOINT'); // the load's own work, as a loader commits it: not the refresh's
  let result: Awaited<ReturnType<typeof refreshRollups>> = [];
  incTimes.push(await seconds(async () => (result = await refreshRollups(db))));
  if (result.some((r) => r.mode !== 'incremental')) throw new Error('the refresh after one day was not incremental');
  since = result[0]!.since.toISOString();
  await db.close();
  rmSync(inc, { force: true });
}
rmSync(full, { force: true });
say(`incremental refresh ${median(incTimes).toFixed(2)} s`);

// 2. The three-arm readout over 10M sessions, from the rollup.
const scaled = join(work, 'three-arm.duckdb');
const built = spawnSync(process.execPath, ['--import', 'tsx', 'bench/scale-child.ts', warehouse, scaled, 'exp-output-length', copiesText], {
  encoding: 'utf8',
});
if (built.status !== 0) throw new Error(built.stderr);
const build = JSON.parse(built.stdout) as { seconds: number; sessions: number; requests: number };
say(`built ${build.sessions} sessions in ${build.seconds.toFixed(0)} s`);
const source = await DuckDBSource.open(scaled, { readWrite: true });
const refreshSeconds = await seconds(() => refreshRollups(source, { id: 'exp-output-length' }));
let readout = await experimentReadout(source, 'exp-output-length');
if (!readout.rollup.used) throw new Error(`readout ${readout.rollup.reason}`);
const readTimes: number[] = [];
for (let i = 0; i < 3; i++) readTimes.push(await seconds(async () => (readout = await experimentReadout(source, 'exp-output-length'))));
await source.close();
rmSync(scaled, { force: true });

process.stdout.write(
  `${JSON.stringify({
    incremental: { requests, extendedDay: lastDay, since, fullSeconds: median(fullTimes), incrementalSeconds: median(incTimes) },
    threeArm: {
      build,
      refreshSeconds,
      readoutSeconds: median(readTimes),
      arms: readout.arms.length + 1,
      metrics: readout.arms[0]!.metrics.length,
      cupedMetrics: readout.cuped.metrics.filter((m) => m.applied).length,
      comparisons: readout.corrections.comparisons,
      decision: readout.decision,
    },
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
