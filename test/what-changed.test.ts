// Issue 27's "what changed" on the sample warehouse at its real volume (1M requests, seeded here): the planted week
// (2026-W46) against the week before, read back from 2026-W45's report.json in the output folder, lists W46's planted
// incidents as new and W45's planted stale return-policy answers as resolved (docs/sample-data.md). A corrupt or
// foreign W45 report is said in one line on the slide and in the log, and the deck is still built.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDeck } from '../src/jobs/render/deck';
import { writeReport } from '../src/jobs/render/write';
import type { Report } from '../src/jobs/report';
import { weeklyReport } from '../src/jobs/weekly/report';
import { DuckDBSource } from '../src/pipeline/duckdb-source';
import { seedWarehouse } from '../src/pipeline/seed';

let dir: string;
let out: string;
let warehouse: string;
let source: DuckDBSource;
let w45: Report;
let w46: Report;
const ids = (xs: { id: string }[]) => xs.map((x) => x.id);
const w45File = () => join(out, 'weekly', '2026-W45', 'report.json');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mangalab-changes-'));
  out = join(dir, 'reports');
  warehouse = join(dir, 'warehouse.duckdb');
  await seedWarehouse({ out: warehouse });
  source = await DuckDBSource.open(warehouse);
  w45 = await weeklyReport(source, { week: '2026-W45', outDir: out });
  await writeReport(w45, out, ['json']);
  w46 = await weeklyReport(source, { week: '2026-W46', outDir: out });
}, 180_000);

afterAll(async () => {
  await source?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('what changed since last week (1M-request sample)', () => {
  it("reads last week's report back and lists the planted week's incidents as new and last week's as resolved", () => {
    const c = w46.brief!.changes;
    expect(c.origin).toBe('report');
    expect(c.note).toBeUndefined();
    expect(ids(c.new)).toEqual(
      expect.arrayContaining([
        'monitoring.canary',
        'drift.intent.order_tracking',
        'drift.intent.recommendation',
        'drift.embedding',
        'drift.retraining',
        'cost.spike.2026-11-11',
        'monitoring.shadow.sonnet-v2.1-rc1 vs sonnet-v2.0',
      ]),
    );
    expect(c.new[0]!.id).toBe('monitoring.canary'); // the critical one first
    expect(ids(c.resolved)).toEqual(['feedback.low.intent.return_request']);
    // Open both weeks: W45's own comparison (recomputed W44) started their streaks, W46 continues them.
    const open = Object.fromEntries(c.open.map((o) => [o.id, o]));
    expect(w45.brief!.changes.streaks['human.agreement']).toEqual({ weeks: 2, atLeast: true });
    expect(open['human.agreement']).toMatchObject({ weeks: 3, atLeast: true });
    expect(open['feedback.low.intent.escalation']).toMatchObject({ weeks: 3, atLeast: true });
    expect(Object.keys(c.streaks).sort()).toEqual(
      [...ids(c.new), ...ids(c.open)].map((id) => id.replace(/\.2026-(W\d\d|\d\d-\d\d)$/, '')).sort(),
    );
  });

  it('recomputes the week before when its report is not in the output folder, with the same lists', async () => {
    const again = await weeklyReport(source, { week: '2026-W46' });
    expect(again.brief!.changes.origin).toBe('recomputed');
    expect(ids(again.brief!.changes.new)).toEqual(ids(w46.brief!.changes.new));
    expect(ids(again.brief!.changes.resolved)).toEqual(ids(w46.brief!.changes.resolved));
  }, 60_000);

  it("the source's first week has nothing to compare with: no lists, and a note saying why", async () => {
    const first = await weeklyReport(source, { week: '2026-W43', outDir: out });
    const c = first.brief!.changes;
    expect(c.origin).toBe('none');
    expect([c.new, c.resolved, c.open]).toEqual([[], [], []]);
    expect(c.note).toContain('No comparison with 2026-W42');
    expect(c.note).toContain('no requests between 2026-10-12 and 2026-10-19');
  }, 60_000);

  it('says in one line when last week is from another source, recomputes it, and the slide shows that line', async () => {
    const foreign = { ...w45, source: 'redshift:cluster=other,database=dev' };
    writeFileSync(w45File(), JSON.stringify(foreign));
    const r = await weeklyReport(source, { week: '2026-W46', outDir: out });
    const note = r.brief!.changes.note!;
    expect(note).toContain('was computed from another source (redshift:cluster=other,database=dev');
    expect(note.split('\n')).toHaveLength(1);
    expect(ids(r.brief!.changes.resolved)).toEqual(['feedback.low.intent.return_request']);
    expect(await renderDeck(r)).toContain(`<p class="warn-line">Last week&#39;s report was not used: ${w45File()}`);
  }, 60_000);

  it('a corrupt previous report: one warning in the log, the deck and its PDF still written, exit 0', () => {
    writeFileSync(w45File(), '{"job": "weekly", "sections": [');
    const cli = spawnSync(
      process.execPath,
      [
        resolve('bin/mangalab.mjs'),
        'report',
        'weekly',
        '--week',
        '2026-W46',
        '--source',
        warehouse,
        '--out',
        out,
        '--format',
        'json,deck,pdf',
      ],
      { encoding: 'utf8', env: { ...process.env, CI: 'true' } },
    );
    expect(cli.status, cli.stderr).toBe(0);
    const warnings = cli.stderr.split('\n').filter((l) => l.includes('was not used'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${w45File()} is not valid JSON`);
    const deck = readFileSync(join(out, 'weekly', '2026-W46', 'deck.html'), 'utf8');
    expect(deck).toContain('is not valid JSON');
    expect(
      readFileSync(join(out, 'weekly', '2026-W46', 'deck.pdf'))
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  }, 120_000);
});
