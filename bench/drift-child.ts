// The daily drift job on a warehouse: driftReport for 2026-11-15 (alerts on the day's windows; intent, numeric and
// embedding drift, accuracy, retraining, canary and shadow over the trailing week), median of 3 after a warm-up, and
// peak memory. Prints one JSON line.
import { driftReport } from '../src/jobs/monitoring/report';
import { DuckDBSource } from '../src/pipeline/duckdb-source';
import { timeRuns } from './timing';

const source = await DuckDBSource.open(process.argv[2]!);
const once = () => driftReport(source, { day: '2026-11-15' });
await once();
const t = await timeRuns(3, once);
await source.close();
process.stdout.write(`${JSON.stringify({ medianS: t.median, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
