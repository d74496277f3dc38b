// Child process: builds the 10M-session experiment warehouse (bench/scale_experiment.sql) from a seeded one and
// prints {seconds, sessions} as JSON. Usage: scale-child.ts SOURCE.duckdb OUT.duckdb
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync, rmSync } from 'node:fs';

const [from, out] = [process.argv[2]!, process.argv[3]!];
rmSync(out, { force: true });
const instance = await DuckDBInstance.create(out);
const conn = await instance.connect();
await conn.run(`ATTACH '${from.replaceAll("'", "''")}' AS src (READ_ONLY)`);
const t = performance.now();
const statements = readFileSync('bench/scale_experiment.sql', 'utf8')
  .replace(/--[^\n]*/g, '')
  .split(';')
  .map((s) => s.trim())
  .filter(Boolean);
for (const sql of statements) await conn.run(sql);
const seconds = (performance.now() - t) / 1000;
const sessions = Number(
  (await conn.runAndReadAll(`SELECT count(*) FROM sessions WHERE experiment_id = 'exp-prompt-v24'`)).getRows()[0]![0],
);
const requests = Number((await conn.runAndReadAll('SELECT count(*) FROM requests')).getRows()[0]![0]);
conn.closeSync();
instance.closeSync();
process.stdout.write(`${JSON.stringify({ seconds, sessions, requests })}\n`);
