import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { chunkUsageTrend } from '../src/analysis/chunkUsageTrend';
import { isoWeek } from '../src/analysis/isoWeek';
import { productionChunkUsage } from '../src/jobs/retrieval/readout';
import { productionUsageParts } from '../src/jobs/retrieval/sections';
import { DuckDBSource } from '../src/pipeline/duckdb-source';
import { buildChunks } from '../src/pipeline/kb';
import { sampleKnowledgeBase } from '../src/pipeline/kb-seed';
import { chunkTokenizer, loadRetrievalConfig } from '../src/pipeline/retrieval-config';
import { alteredCopy, pythonReference } from './helpers';

const fixtures = inject('fixtures');
const dir = mkdtempSync(join(tmpdir(), 'mangalab-chunk-usage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The production index of the sample knowledge base, as the weekly report builds it. */
const sampleIndex = () =>
  buildChunks({ documents: sampleKnowledgeBase().documents }, loadRetrievalConfig().production, chunkTokenizer()).map((c) => c.id);

describe('chunkUsageTrend', () => {
  it('counts dead chunks, unknown ids and concentration per week (the TSDoc example, by hand)', () => {
    const t = chunkUsageTrend(
      ['a', 'b', 'c'],
      [
        {
          week: '2026-11-09',
          turns: 2,
          counts: new Map([
            ['a', 2],
            ['x', 1],
          ]),
        },
      ],
    );
    expect(t.weeks[0]).toEqual({
      week: '2026-11-09',
      turns: 2,
      retrievals: 3,
      retrieved: 1,
      dead: 2,
      deadShare: 2 / 3,
      unknownIds: 1,
      unknownRetrievals: 1,
      top10Share: 1,
    });
    expect(t.unknown).toEqual([{ id: 'x', retrievals: 1 }]);
    expect(t.neverRetrieved).toEqual(['b', 'c']);
  });

  it('orders weeks by date, finds chunks that stopped being retrieved and the latest top chunks (by hand)', () => {
    const index = Array.from({ length: 20 }, (_, i) => `c${String(i).padStart(2, '0')}`);
    const t = chunkUsageTrend(index, [
      {
        week: '2026-11-09',
        turns: 5,
        counts: new Map([
          ['c00', 6],
          ['c01', 3],
          ['c02', 1],
        ]),
      },
      {
        week: '2026-10-26',
        turns: 4,
        counts: new Map([
          ['c00', 2],
          ['c03', 5],
          ['c04', 1],
          ['c05', 0],
        ]),
      },
      { week: '2026-11-02', turns: 0, counts: new Map() },
    ]);
    expect(t.weeks.map((w) => [w.week, w.dead])).toEqual([
      ['2026-10-26', 17],
      ['2026-11-02', null],
      ['2026-11-09', 17],
    ]);
    expect(t.latest).toBe('2026-11-09');
    // c03 (5 before) then c04 (1); c05 had a zero count, which is not a retrieval.
    expect(t.newlyDead).toEqual([
      { id: 'c03', lastWeek: '2026-10-26', earlierRetrievals: 5 },
      { id: 'c04', lastWeek: '2026-10-26', earlierRetrievals: 1 },
    ]);
    // The top tenth of 20 chunks is 2: (6 + 3) of 10 index retrievals.
    expect(t.weeks[2]!.top10Share).toBeCloseTo(0.9, 15);
    expect(t.top).toEqual([
      { id: 'c00', retrievals: 6, share: 0.6 },
      { id: 'c01', retrievals: 3, share: 0.3 },
      { id: 'c02', retrievals: 1, share: 0.1 },
    ]);
    expect(t.neverRetrieved).toHaveLength(15);
  });

  it('computes nothing from weeks that retrieved nothing, and refuses a repeated week or a bad count', () => {
    const t = chunkUsageTrend(['a'], [{ week: '2026-11-09', turns: 0, counts: new Map() }]);
    expect(t).toMatchObject({ latest: null, neverRetrieved: [], newlyDead: [], top: [] });
    expect(t.weeks[0]).toMatchObject({ dead: null, deadShare: null, top10Share: null });
    const w = { week: '2026-11-09', turns: 1, counts: new Map([['a', 1]]) };
    expect(() => chunkUsageTrend(['a'], [w, w])).toThrow('week 2026-11-09 is given twice');
    expect(() => chunkUsageTrend(['a'], [{ ...w, counts: new Map([['a', 1.5]]) }])).toThrow('chunk a has count 1.5');
  });
});

describe('chunk usage in production (US-5.3)', () => {
  it('equals pandas over the raw turns of the CSV warehouse, every retrieved id naming a chunk of the sample index', async () => {
    const index = sampleIndex();
    const source = await DuckDBSource.open(fixtures.csv);
    const period = isoWeek('2026-W46');
    const usage = await productionChunkUsage(source, index, { to: period.to, weeks: 6, k: 3 });
    await source.close();
    // Expected values: test/reference/retrieval_reference.py usage, pandas over requests.csv (json.loads, explode, groupby).
    const want = pythonReference<{
      weeks: { week: string; turns: number; retrievals: number; retrieved: number; dead: number; unknownIds: number; top10Share: number }[];
      neverRetrieved: string[];
      newlyDead: string[];
    }>('retrieval_reference.py', {
      mode: 'usage',
      csv: join(fixtures.csv, 'requests.csv'),
      from: usage.from.toISOString(),
      to: period.to.toISOString(),
      k: 3,
      index,
    });
    const active = usage.trend.weeks.filter((w) => w.dead !== null);
    expect(want.weeks).toHaveLength(4); // the sample's four weeks; the two before it hold no turn
    expect(active.map((w) => w.week)).toEqual(want.weeks.map((w) => w.week));
    active.forEach((w, i) => {
      const p = want.weeks[i]!;
      expect([w.turns, w.retrievals, w.retrieved, w.dead, w.unknownIds]).toEqual([
        p.turns,
        p.retrievals,
        p.retrieved,
        p.dead,
        p.unknownIds,
      ]);
      expect(w.top10Share).toBeCloseTo(p.top10Share, 12);
    });
    expect(usage.trend.neverRetrieved).toEqual(want.neverRetrieved);
    expect(usage.trend.newlyDead.map((d) => d.id).sort()).toEqual(want.newlyDead);
    // The sample is consistent: no id outside the index. The planted retriever change of W46 leaves the guides out.
    expect(active.every((w) => w.unknownIds === 0)).toBe(true);
    expect(usage.trend.newlyDead.length).toBeGreaterThan(0);
    const gone = new Set(usage.trend.newlyDead.map((d) => d.id));
    const guides = index.filter((id) => id.startsWith('editorial-') && !usage.trend.neverRetrieved.includes(id));
    expect(guides.length).toBeGreaterThan(20);
    expect(guides.filter((id) => !gone.has(id))).toEqual([]);
    expect(usage.malformedTurns).toBe(0);
  });

  it('names malformed logs and ids the index lacks, and says when no turn retrieved anything', async () => {
    const index = sampleIndex();
    const db = await alteredCopy(fixtures.duckdb, dir, 'odd-retrievals', [
      `UPDATE requests SET retrieved_chunk_ids = 'not json' WHERE trace_id IN (SELECT trace_id FROM requests WHERE ts >= '2026-11-09' AND retrieved_chunk_ids <> '[]' ORDER BY trace_id LIMIT 3)`,
      `UPDATE requests SET retrieved_chunk_ids = '["gone-01#0","prod-01-01#0"]' WHERE trace_id IN (SELECT trace_id FROM requests WHERE ts >= '2026-11-10' AND retrieved_chunk_ids LIKE '["%' ORDER BY trace_id LIMIT 2)`,
    ]);
    const period = isoWeek('2026-W46');
    const usage = await productionChunkUsage(db, index, { to: period.to, weeks: 2, k: 3 });
    const empty = await productionChunkUsage(db, index, { to: isoWeek('2026-W30').to, weeks: 2, k: 3 });
    await db.close();
    expect(usage.malformedTurns).toBe(3);
    expect(usage.trend.unknown).toEqual([{ id: 'gone-01#0', retrievals: 2 }]);
    const parts = productionUsageParts(usage, 3);
    expect(parts.findings.map((f) => [f.id, f.severity])).toEqual([
      ['retrieval.production_malformed', 'warning'],
      ['retrieval.production_usage', 'info'],
      ['retrieval.newly_dead', 'info'],
      ['retrieval.unknown_chunks', 'warning'],
    ]);
    expect(parts.findings[0]!.message).toMatch(
      /^3 turns from 2026-11-02 to 2026-11-15 log retrieved_chunk_ids that is not JSON array text/,
    );
    expect(parts.findings[3]!.message).toMatch(
      /^1 chunk ids retrieved in the week of 2026-11-09 \(2 retrievals\) are not chunks of the production index: gone-01#0\./,
    );
    const none = productionUsageParts(empty, 3);
    expect(none.findings).toEqual([expect.objectContaining({ id: 'retrieval.production_usage', severity: 'warning', value: null })]);
    expect(none.findings[0]!.message).toContain('could not be computed: no turn from 2026-07-13 to 2026-07-26 logged a retrieved chunk');
    expect(none.tables).toEqual([]);
  });
});
