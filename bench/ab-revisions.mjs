// Same machine, same run: the weekly error job and the weekly Overview (mangalab against raw DuckDB) of another
// checkout and of this one, interleaved three rounds, on the warehouses `npm run bench` seeded in bench/.work.
// Usage: git worktree add /tmp/old REV && ln -s "$PWD/node_modules" /tmp/old/ && node bench/ab-revisions.mjs /tmp/old
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
const here = resolve(new URL('..', import.meta.url).pathname);
const revs = { old: resolve(process.argv[2] ?? '/tmp/old'), new: here };
const dbs = { '1M': `${here}/bench/.work/w1000000.duckdb`, '10M': `${here}/bench/.work/w10000000.duckdb` };
const run = (cwd, script, ...args) => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', MANGALAB_HOME: cwd },
  });
  return JSON.parse(out.trim().split('\n').at(-1));
};
const res = {};
const add = (k, v) => (res[k] ??= []).push(v);
for (let round = 0; round < 3; round++) {
  for (const [size, db] of Object.entries(dbs)) {
    for (const [rev, cwd] of Object.entries(revs)) {
      const runs = size === '10M' ? '5' : '9';
      add(`${rev} overview ${size} raw`, run(cwd, 'bench/overview-child.ts', db, 'raw', runs).median);
      add(`${rev} overview ${size} ours`, run(cwd, 'bench/overview-child.ts', db, 'mangalab', runs).median);
      add(`${rev} errors ${size} raw`, run(cwd, 'bench/errors-child.ts', db, 'raw').median);
      add(`${rev} errors ${size} ours`, run(cwd, 'bench/errors-child.ts', db, 'mangalab').median);
      process.stderr.write(`round ${round} ${size} ${rev} done\n`);
    }
  }
}
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const job of ['overview', 'errors'])
  for (const size of Object.keys(dbs))
    for (const rev of Object.keys(revs)) {
      const o = med(res[`${rev} ${job} ${size} ours`]);
      const r = med(res[`${rev} ${job} ${size} raw`]);
      process.stdout.write(
        `${job} ${size} ${rev}: mangalab ${o.toFixed(3)} s, raw ${r.toFixed(3)} s, ratio ${(o / r).toFixed(2)}x  [ours ${res[`${rev} ${job} ${size} ours`].map((x) => x.toFixed(3)).join(' ')}; raw ${res[`${rev} ${job} ${size} raw`].map((x) => x.toFixed(3)).join(' ')}]\n`,
      );
    }
