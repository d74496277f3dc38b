// Child process: times the full cost readout of 2026-W46 (attribution, daily spikes, sessions, token distribution,
// bypass and quality, prompt cache, provisioned split, and the what-if re-pricing) through mangalab, against the
// very same SQL statements run raw on the same DuckDB connection with the same bound values (the floor: no query
// files read, no parameter checks, no Arrow, no assembly). Reports medians and peak memory as JSON.
import { costReadout } from '../src/jobs/cost/readout';
import { DuckDBSource } from '../src/pipeline/duckdb-source';
import type { PreparedQuery } from '../src/pipeline/queries';
import { recordStatements, timeRuns } from './timing';

const [path, mode, runsText] = [process.argv[2]!, process.argv[3] as 'mangalab' | 'raw', process.argv[4] ?? '5'];
const runs = Number(runsText);
const options = { week: '2026-W46', whatIf: 'config/whatif-product-question-haiku.json' };
const source = await DuckDBSource.open(path);

// Record the statements mangalab runs (one run, also the warm-up), so raw mode replays exactly them.
const statements = await recordStatements<DuckDBSource, PreparedQuery>(source, () => costReadout(source, options));

async function once(): Promise<void> {
  if (mode === 'raw') {
    for (const s of statements) await source.conn.runAndReadAll(s.sql, s.params as Record<string, string>);
  } else {
    await costReadout(source, options);
  }
}

const timing = await timeRuns(runs, once);
const requests = Number((await source.conn.runAndReadAll('SELECT count(*) FROM requests')).getRows()[0]![0]);
await source.close();
process.stdout.write(
  `${JSON.stringify({ mode, ...timing, statements: statements.length, requests, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
);
