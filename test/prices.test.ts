import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tableToObjects } from '../src/pipeline/arrow';
import { DuckDBSource } from '../src/pipeline/duckdb-source';
import { loadPrices, priceInForce, priceRelation } from '../src/pipeline/prices';
import { loadQuery, prepareQuery } from '../src/pipeline/queries';

function priceFile(doc: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'mangalab-p-')), 'prices.json');
  writeFileSync(path, JSON.stringify(doc));
  return path;
}

describe('loadPrices', () => {
  it('reads the repository price table', () => {
    const table = loadPrices();
    expect(table.models.find((m) => m.model === 'claude-3.5-sonnet')).toMatchObject({ input: 0.003, output: 0.015 });
  });

  it('names the file, entry and field of a bad price', () => {
    const path = priceFile({
      version: '1',
      models: [{ model: 'm', effective_from: '2026-01-01', input: -1, output: 0, cache_read: 0, cache_write: 0 }],
    });
    expect(() => loadPrices(path)).toThrow(`${path} (models[0] (m)): input must be a non-negative number of USD per 1k tokens`);
  });

  it('refuses two entries for one model and date', () => {
    const entry = { model: 'm', effective_from: '2026-01-01', input: 1, output: 1, cache_read: 0, cache_write: 0 };
    expect(() => loadPrices(priceFile({ version: '1', models: [entry, entry] }))).toThrow(/two entries for m from 2026-01-01/);
  });
});

describe('priceInForce', () => {
  it('takes the latest entry at or before the day, never one that starts later (by hand)', () => {
    const e = (effective_from: string, input: number) => ({ model: 'm', effective_from, input, output: 0, cache_read: 0, cache_write: 0 });
    const table = loadPrices(priceFile({ version: '1', models: [e('2026-01-01', 1), e('2026-06-01', 2), e('2027-01-01', 3)] }));
    expect(priceInForce(table, 'm', '2026-11-22')!.input).toBe(2);
    expect(priceInForce(table, 'm', '2026-06-01')!.input).toBe(2);
    expect(priceInForce(table, 'm', '2025-12-31')).toBeNull();
    expect(priceInForce(table, 'other', '2026-11-22')).toBeNull();
  });
});

describe('priceRelation', () => {
  it('prices each request at the entry in force at its timestamp and leaves unknown models unpriced', async () => {
    const path = priceFile({
      version: 'test',
      models: [
        { model: 'a', effective_from: '2026-01-01', input: 1, output: 2, cache_read: 0.1, cache_write: 0.5 },
        { model: 'a', effective_from: '2026-06-01', input: 10, output: 20, cache_read: 1, cache_write: 5 },
      ],
    });
    const relation = priceRelation(loadPrices(path));
    const file = {
      ...loadQuery('overview/time_range'),
      name: 'inline',
      withRelations: ['model_prices'],
      params: [],
      returns: undefined,
      body: `SELECT r.model, r.ts, (r.i * p.input_per_1k + r.o * p.output_per_1k + r.cr * p.cache_read_per_1k + r.cw * p.cache_write_per_1k) / 1000.0 AS cost
             FROM (VALUES ('a', TIMESTAMP '2026-03-01', 1000, 500, 100, 0), ('a', TIMESTAMP '2026-07-01', 1000, 500, 0, 100), ('b', TIMESTAMP '2026-07-01', 1, 1, 0, 0)) r(model, ts, i, o, cr, cw)
             LEFT JOIN model_prices p ON p.model = r.model AND r.ts >= p.effective_from AND r.ts < p.effective_to ORDER BY r.ts, r.model`,
    };
    const db = await DuckDBSource.memory();
    const rows = tableToObjects<{ model: string; cost: number | null }>(
      await db.execute(prepareQuery(file, 'duckdb', {}, { model_prices: relation })),
    );
    await db.close();
    // By hand: 1000*1/1000 + 500*2/1000 + 100*0.1/1000 = 2.01; 1000*10/1000 + 500*20/1000 + 100*5/1000 = 20.5
    expect(rows.map((r) => r.cost)).toEqual([2.01, 20.5, null]);
    expect(Object.keys(relation.params).length).toBe(14);
  });
});

describe('priced_requests', () => {
  it('is refused, naming the file, when a query does not declare model_prices before it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mangalab-q-')), 'bad.sql');
    writeFileSync(file, '-- Reads priced requests without their prices.\n-- @with priced_requests\nSELECT count(*) FROM priced_requests\n');
    const source = await DuckDBSource.memory();
    await expect(source.query(file)).rejects.toThrow(
      `${file}: -- @with priced_requests reads model_prices: declare -- @with model_prices before it`,
    );
    await source.close();
  });
});
