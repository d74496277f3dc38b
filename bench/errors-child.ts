// Child process: times the weekly error-analysis job for 2026-W46 (errorsReport: negative signals grouped in the
// warehouse and categorized, impact, feedback rates with Wilson intervals, the labelled sample, human-evaluation
// agreement, trend and calibration) through mangalab, against the very same SQL statements run raw on the same DuckDB
// connection with the same bound values (the floor). Reports medians and peak memory as JSON.
import { errorsReport } from '../src/jobs/errors/report';
import { DuckDBSource } from '../src/pipeline/duckdb-source';
import type { PreparedQuery } from '../src/pipeline/queries';
import { recordStatements, timeRuns } from './timing';

const [path, mode] = [process.argv[2]!, process.argv[3] as 'mangalab' | 'raw'];
const source = await DuckDBSource.open(path);
// Record the statements mangalab runs (one run, also the warm-up), so raw mode replays exactly them.
const statements = await recordStatements<DuckDBSource, PreparedQuery>(source, () => errorsReport(source, { week: '2026-W46' }));

const timing = await timeRuns(3, async () => {
  if (mode === 'raw') {
    for (const s of statements) await source.conn.runAndReadAll(s.sql, s.params as Record<string, string>);
  } else {
    await errorsReport(source, { week: '2026-W46' });
  }
});
await source.close();
process.stdout.write(
  `${JSON.stringify({ mode, ...timing, statements: statements.length, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
);
