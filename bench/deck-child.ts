// The whole weekly deck on a warehouse: every section (weeklyReport) rendered as JSON, Markdown, HTML, the slide deck
// and its PDF through Chromium, median of 3 after a warm-up, and the process's peak memory. Prints one JSON line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { weeklyReport } from '../src/jobs/weekly/report';
import { writeReport } from '../src/jobs/render/write';
import { DuckDBSource } from '../src/pipeline/duckdb-source';
import { timeRuns } from './timing';

const out = mkdtempSync(join(tmpdir(), 'bench-deck-'));
const source = await DuckDBSource.open(process.argv[2]!);
const once = async () => writeReport(await weeklyReport(source, { week: '2026-W46' }), out, ['json', 'md', 'html', 'deck', 'pdf']);
await once();
const t = await timeRuns(3, once);
await source.close();
rmSync(out, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify({ medianS: t.median, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
