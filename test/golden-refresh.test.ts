import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { redactPii } from '../src/analysis/redactPii';
import { refreshReadout, refreshReport } from '../src/jobs/quality/golden-refresh';
import { tableToObjects } from '../src/pipeline/arrow';
import { DuckDBSource } from '../src/pipeline/duckdb-source';
import { loadCatalog, readGoldenSet, referencedProducts } from '../src/pipeline/golden';
import { writeSampleGolden } from '../src/pipeline/golden-seed';
import { renderMarkdown } from '../src/jobs/render/markdown';
import { mangalab } from './helpers';

const fixtures = inject('fixtures');
let dir: string;
let files: { golden: string; catalog: string };
let db: DuckDBSource;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mangalab-refresh-'));
  files = writeSampleGolden(dir);
  db = await DuckDBSource.open(fixtures.duckdb);
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('queries/golden/refresh_candidates', () => {
  it('redacts in the warehouse exactly as redactPii does, and returns flagged turns only', async () => {
    const rows = tableToObjects<{ trace_id: string; message: string; thumbs_down: number; escalated: number }>(
      await db.query('golden/refresh_candidates', { from_ts: '2026-10-01', to_ts: '2026-12-01', max_per_intent: 100_000 }),
    );
    expect(rows.length).toBeGreaterThan(0);
    const raw = new Map(
      (await db.conn.runAndReadAll(`SELECT trace_id, user_message FROM requests`)).getRows().map((r) => [r[0] as string, r[1] as string]),
    );
    let redacted = 0;
    for (const r of rows) {
      const want = redactPii(raw.get(r.trace_id)!, { luhn: false });
      expect(r.message, r.trace_id).toBe(want.text);
      redacted += want.found.length;
      expect(Number(r.thumbs_down) + Number(r.escalated)).toBeGreaterThan(0);
    }
    // The seed plants e-mails and phone numbers in some messages: some flagged turns carry them.
    expect(redacted).toBeGreaterThan(0);
    expect(rows.some((r) => /@|\(555\)/.test(r.message))).toBe(false);
  });
});

describe('the quarterly refresh', () => {
  it('finds the entries whose products left the catalog and proposes same-category candidates', async () => {
    const r = await refreshReadout(db, { golden: files.golden, catalog: files.catalog, days: 28 });
    const catalog = loadCatalog(files.catalog);
    const { set } = readGoldenSet(files.golden);
    // Independently: entries naming any product the catalog lacks.
    const stale = set.entries.filter((e) => referencedProducts(e).some((p) => !catalog.has(p))).map((e) => e.query_id);
    expect(r.plan.stale.map((s) => s.queryId)).toEqual(stale);
    expect(stale.length).toBeGreaterThan(5);
    for (const s of r.plan.swaps) expect(r.candidates.find((c) => c.traceId === s.traceId)!.category).toBe(s.category);
    expect(r.plan.after.entries).toBe(r.plan.before.entries);
    const md = renderMarkdown(refreshReport(r, new Date('2026-11-22T00:00:00Z')));
    expect(md).toContain(`${stale.length} of 520 entries name a product missing from the catalog`);
  });

  it('refuses a catalog line that is not an ASIN with exit 2, naming the file and line', () => {
    const bad = join(dir, 'bad-catalog.txt');
    writeFileSync(bad, 'B0ABCDEFGH\nnot-an-asin\n');
    const r = mangalab(
      'golden',
      'refresh',
      '--golden',
      files.golden,
      '--catalog',
      bad,
      '--source',
      fixtures.duckdb,
      '--out',
      join(dir, 'out'),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad} (line 2): is not an ASIN: "not-an-asin"`);
    expect(readFileSync(files.catalog, 'utf8')).toMatch(/^# Sample catalog/);
  });
});
