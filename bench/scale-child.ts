// Child process: builds the 10M-session experiment warehouse (bench/scale_experiment.sql) from a seeded one and
// prints {seconds, sessions} as JSON. Usage: scale-child.ts SOURCE.duckdb OUT.duckdb [EXPERIMENT [COPIES]]
// (default exp-prompt-v24, 5 copies).
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync, rmSync } from 'node:fs';

const [from, out] = [process.argv[2]!, process.argv[3]!];
const experiment = process.argv[4] ?? 'exp-prompt-v24';
const copies = Number(process.argv[5] ?? '5');
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
for (const sql of statements) {
  const params = { experiment_id: experiment, copies: String(copies) };
  await conn.run(sql, sql.includes('$') ? Object.fromEntries(Object.entries(params).filter(([k]) => sql.includes(`$${k}`))) : undefined);
}
const seconds = (performance.now() - t) / 1000;
const sessions = Number(
  (await conn.runAndReadAll('SELECT count(*) FROM sessions WHERE experiment_id = $id', { id: experiment })).getRows()[0]![0],
);
const requests = Number((await conn.runAndReadAll('SELECT count(*) FROM requests')).getRows()[0]![0]);
conn.closeSync();
instance.closeSync();
process.stdout.write(`${JSON.stringify({ seconds, sessions, requests })}\n`);
