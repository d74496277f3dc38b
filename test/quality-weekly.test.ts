import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { isoWeek } from '../src/analysis/isoWeek';
import { recordSampleRuns } from '../src/jobs/quality/sample-runs';
import { qualityPart } from '../src/jobs/quality/weekly';
import { qualitySections } from '../src/jobs/quality/sections';
import { partSections } from '../src/jobs/weekly/part';
import { DuckDBSource } from '../src/pipeline/duckdb-source';
import { writeSampleGolden } from '../src/pipeline/golden-seed';
import { ResultsStore } from '../src/pipeline/results-store';

const fixtures = inject('fixtures');
let dir: string;
let store: string;
let ids: string[];
let source: DuckDBSource;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mangalab-quality-'));
  store = join(dir, 'results.duckdb');
  const { golden } = writeSampleGolden(dir);
  ids = await recordSampleRuns(dir, golden, store);
  source = await DuckDBSource.open(fixtures.duckdb);
});
afterAll(async () => {
  await source.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the weekly Quality section', () => {
  it("shows the latest run before the week's end with its gates, and the trend over earlier runs", async () => {
    const s = (await partSections(qualityPart(store), source, isoWeek('2026-W45')))[0]!;
    const runs = await ResultsStore.open(store);
    const latest = (await runs.find(ids[2]!))!;
    const stored = await Promise.all(ids.slice(0, 3).map(async (id) => (await runs.find(id))!));
    runs.close();
    expect(s.findings[0]!.message).toBe(
      `Latest run ${ids[2]} on 2026-11-06: PASS on 520 entries of golden-v1, prompts 2.4, model claude-3.5-sonnet.`,
    );
    expect(s.findings[1]!.message).toBe('3 runs up to 2026-11-08; 1 did not pass their gates.');
    expect(s.tables[0]!.rows.map((r) => [r.gate, r.status, r.value])).toEqual(latest.gates.map((g) => [g.metric, g.status, g.value]));
    const trend = s.tables[1]!;
    expect(trend.rows.map((r) => [r.day, r.status])).toEqual([
      ['2026-10-23', 'PASS'],
      ['2026-10-30', 'FAIL'],
      ['2026-11-06', 'PASS'],
    ]);
    expect(trend.rows.map((r) => r.avg_rouge_l)).toEqual(stored.map((r) => r.metrics.avg_rouge_l!.value));
    expect(trend.rows.map((r) => r.intent_accuracy)).toEqual(stored.map((r) => r.metrics.intent_accuracy!.value));
    expect(trend.rows.every((r) => r.avg_bertscore_f1 === null)).toBe(true);
    expect(s.charts[0]!.id).toBe('quality.trend');
  });

  it('names the failing gates of a failed latest run as critical', async () => {
    const s = (await partSections(qualityPart(store), source, isoWeek('2026-W44')))[0]!;
    expect(s.findings[0]!.severity).toBe('critical');
    expect(s.findings[0]!.message).toMatch(new RegExp(`^Latest run ${ids[1]} on 2026-10-30: FAIL .*; blocking: rouge_l_delta FAIL\\.$`));
  });

  it('judges the week by the latest complete run: a newer incomplete one is listed, not shown as the week', async () => {
    const runs = await ResultsStore.open(store);
    const stored = await Promise.all(ids.slice(0, 3).map(async (id) => (await runs.find(id))!));
    runs.close();
    const period = isoWeek('2026-W45');
    const incomplete = {
      ...stored[2]!,
      runId: 'run-no-answers',
      complete: false,
      passed: false,
      createdAt: new Date('2026-11-07T09:00:00Z'),
    };
    const s = qualitySections({ file: store, period, runs: [incomplete, ...[...stored].reverse()] })[0]!;
    expect(s.findings[0]).toMatchObject({ id: 'quality.incomplete', severity: 'info', value: 1 });
    expect(s.findings[0]!.message).toBe(
      `1 newer run is incomplete (run-no-answers): they scored nothing, so the gates below are those of ${ids[2]}, the latest complete run.`,
    );
    expect(s.findings[1]!.message).toMatch(new RegExp(`^Latest run ${ids[2]} on 2026-11-06: PASS`));
    const none = qualitySections({ file: store, period, runs: [incomplete] })[0]!;
    expect(none.findings.map((f) => [f.id, f.severity])).toEqual([['quality.incomplete', 'warning']]);
    expect(none.findings[0]!.message).toContain('no complete run is stored before 2026-11-09, so quality could not be reported');
  });

  it('warns that quality could not be reported when the store holds no run', async () => {
    const s = (await partSections(qualityPart(join(dir, 'none.duckdb')), source, isoWeek('2026-W46')))[0]!;
    expect(s.findings).toEqual([expect.objectContaining({ id: 'quality.none', severity: 'warning', value: 0 })]);
    expect(s.findings[0]!.message).toMatch(/none\.duckdb holds no evaluation run before 2026-11-16/);
  });
});
