// The whole weekly job on a warehouse, as the scheduled run does it: last week's report.json is in the output folder
// (written once, untimed), then 2026-W46's report, brief, JSON, Markdown, HTML, deck and PDF through Chromium, median
// of 3 after a warm-up. Also: the cold run (no report of last week, so it is recomputed), one pass timed stage by stage
// (each part's readout and wording, the brief, each writer, the PDF; in it, each statement's engine time), the sizes of deck.html and report.html, and the
// process's peak memory (Chromium's own processes are not counted). Prints one JSON line.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveWeek } from '../src/jobs/period';
import { renderDeck } from '../src/jobs/render/deck';
import { renderHtml } from '../src/jobs/render/html';
import { renderJson } from '../src/jobs/render/json';
import { renderMarkdown } from '../src/jobs/render/markdown';
import { writeReport } from '../src/jobs/render/write';
import { periodJson, type Report } from '../src/jobs/report';
import { weeklyBrief } from '../src/jobs/weekly/brief';
import { partSections } from '../src/jobs/weekly/part';
import { WEEKLY_PARTS, weeklyReport } from '../src/jobs/weekly/report';
import { htmlToPdf } from '../src/pipeline/browser';
import { DuckDBSource } from '../src/pipeline/duckdb-source';
import { readStoredWeek } from '../src/pipeline/report-history';
import { timeRuns } from './timing';

const FORMATS = ['json', 'md', 'html', 'deck', 'pdf'] as const;
const out = mkdtempSync(join(tmpdir(), 'bench-deck-'));
const source = await DuckDBSource.open(process.argv[2]!);
await writeReport(await weeklyReport(source, { week: '2026-W45' }), out, ['json']);
const once = async () => writeReport(await weeklyReport(source, { week: '2026-W46', outDir: out }), out, [...FORMATS]);
const written = await once();
const t = await timeRuns(3, once);
const cold = mkdtempSync(join(tmpdir(), 'bench-deck-cold-'));
const coldRun = await timeRuns(1, async () =>
  writeReport(await weeklyReport(source, { week: '2026-W46', outDir: cold }), cold, [...FORMATS]),
);

// One pass, stage by stage.
const stages: Record<string, number> = {};
const lap = async <T>(name: string, work: () => Promise<T> | T): Promise<T> => {
  const started = performance.now();
  const result = await work();
  stages[name] = (performance.now() - started) / 1000;
  return result;
};
// The engine's own time per statement in that pass (query files by name, scratch tables by the table they fill).
const engine: Record<string, number> = {};
const clock = async <T>(name: string, work: Promise<T>): Promise<T> => {
  const started = performance.now();
  const result = await work;
  engine[name] = (engine[name] ?? 0) + (performance.now() - started) / 1000;
  return result;
};
const execute = source.execute.bind(source);
source.execute = (prepared, options) => clock(prepared.file.name, execute(prepared, options));
const create = source.scratch.create;
source.scratch.create = (table, prepared) => clock(`scratch ${table} (${prepared.file.name})`, create(table, prepared));
const period = await lap('resolve week', () => resolveWeek(source, '2026-W46'));
const report: Report = { job: 'weekly', source: source.description, period: periodJson(period), generatedAt: '', sections: [] };
for (const part of WEEKLY_PARTS) report.sections.push(...(await lap(`part ${part.id}`, () => partSections(part, source, period))));
const stored = readStoredWeek(out, 'weekly', '2026-W45', source.description);
if (!stored.ok) throw new Error(stored.problem);
report.brief = await lap('brief', () => weeklyBrief(report, { week: stored.week, origin: 'report' }));
await lap('render json', () => renderJson(report));
await lap('render md', () => renderMarkdown(report));
await lap('render html', () => renderHtml(report));
const deck = await lap('render deck', () => renderDeck(report));
await lap('pdf (Chromium)', () => htmlToPdf(deck));
source.execute = execute;
source.scratch.create = create;

const size = (name: string) => statSync(written.find((f) => f.endsWith(name))!).size;
const sizes = { deckHtml: size('deck.html'), reportHtml: size('report.html'), deckPdf: size('deck.pdf'), reportJson: size('report.json') };
await source.close();
rmSync(out, { recursive: true, force: true });
rmSync(cold, { recursive: true, force: true });
process.stdout.write(
  `${JSON.stringify({ medianS: t.median, coldS: coldRun.median, stages, engine, sizes, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
);
