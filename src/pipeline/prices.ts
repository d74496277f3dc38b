import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from './errors';
import { paths } from './paths';
import type { Relation } from './queries';

/** One row of the versioned price table: USD per 1,000 tokens from effective_from (UTC date) on. */
export interface PriceEntry {
  model: string;
  effective_from: string;
  input: number;
  output: number;
  cache_read: number;
  cache_write: number;
}

export interface PriceTable {
  version: string;
  models: PriceEntry[];
  file: string;
}

/**
 * Reads and checks config/prices.json (or another file): every entry needs a model, a YYYY-MM-DD effective date
 * and four non-negative prices; one model may not have two entries for the same date.
 * @throws InputError naming the file, the entry and the field.
 */
export function loadPrices(file: string = join(paths.config(), 'prices.json')): PriceTable {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError(file, `cannot read price table: ${(e as Error).message}`);
  }
  const doc = raw as { version?: unknown; models?: unknown };
  if (typeof doc.version !== 'string') throw new InputError(file, 'field version must be a string');
  if (!Array.isArray(doc.models) || doc.models.length === 0) throw new InputError(file, 'field models must be a non-empty array');
  const seen = new Set<string>();
  const models = doc.models.map((m: Record<string, unknown>, index: number) => {
    const place = `models[${index}]`;
    if (typeof m.model !== 'string' || m.model === '') throw new InputError(file, 'model must be a non-empty string', place);
    if (typeof m.effective_from !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(m.effective_from)) {
      throw new InputError(file, 'effective_from must be a date YYYY-MM-DD', `${place} (${m.model})`);
    }
    for (const field of ['input', 'output', 'cache_read', 'cache_write']) {
      const v = m[field];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        throw new InputError(file, `${field} must be a non-negative number of USD per 1k tokens`, `${place} (${m.model})`);
      }
    }
    const key = `${m.model}@${m.effective_from}`;
    if (seen.has(key)) throw new InputError(file, `two entries for ${m.model} from ${m.effective_from}`, place);
    seen.add(key);
    return m as unknown as PriceEntry;
  });
  return { version: doc.version, models, file };
}

/**
 * The price table as a relation the query runner prepends (`-- @with model_prices`): one row per model and
 * period, [effective_from, effective_to), every value a bound parameter. A request whose model has no price at its
 * timestamp finds no row: queries count those and report them, never pricing them at zero.
 */
export function priceRelation(table: PriceTable, prefix = 'mp'): Relation {
  const byModel = new Map<string, PriceEntry[]>();
  for (const entry of table.models) byModel.set(entry.model, [...(byModel.get(entry.model) ?? []), entry]);
  const rows: string[] = [];
  const params: Record<string, string> = {};
  let i = 0;
  for (const entries of byModel.values()) {
    entries.sort((a, b) => a.effective_from.localeCompare(b.effective_from));
    entries.forEach((entry, k) => {
      const to = entries[k + 1]?.effective_from ?? '9999-12-31';
      const p = (field: string) => `${prefix}_${field}_${i}`;
      Object.assign(params, {
        [p('model')]: entry.model,
        [p('from')]: `${entry.effective_from} 00:00:00`,
        [p('to')]: `${to} 00:00:00`,
        [p('in')]: String(entry.input),
        [p('out')]: String(entry.output),
        [p('cr')]: String(entry.cache_read),
        [p('cw')]: String(entry.cache_write),
      });
      rows.push(
        `SELECT CAST(:${p('model')} AS VARCHAR) AS model, CAST(:${p('from')} AS TIMESTAMP) AS effective_from, ` +
          `CAST(:${p('to')} AS TIMESTAMP) AS effective_to, CAST(:${p('in')} AS DOUBLE PRECISION) AS input_per_1k, ` +
          `CAST(:${p('out')} AS DOUBLE PRECISION) AS output_per_1k, CAST(:${p('cr')} AS DOUBLE PRECISION) AS cache_read_per_1k, ` +
          `CAST(:${p('cw')} AS DOUBLE PRECISION) AS cache_write_per_1k`,
      );
      i += 1;
    });
  }
  return { cte: rows.join('\n  UNION ALL '), params };
}

/**
 * An intent-to-model routing as a relation (intent, model) for the what-if queries (`-- @with whatif_routing`),
 * every value bound. An empty routing is a relation with no rows.
 */
export function routingRelation(routing: Record<string, string>, prefix = 'rt'): Relation {
  const entries = Object.entries(routing);
  const params: Record<string, string> = {};
  const rows = entries.map(([intent, model], i) => {
    params[`${prefix}_intent_${i}`] = intent;
    params[`${prefix}_model_${i}`] = model;
    return `SELECT CAST(:${prefix}_intent_${i} AS VARCHAR) AS intent, CAST(:${prefix}_model_${i} AS VARCHAR) AS model`;
  });
  if (rows.length === 0) return { cte: 'SELECT CAST(NULL AS VARCHAR) AS intent, CAST(NULL AS VARCHAR) AS model WHERE 1 = 0', params };
  return { cte: rows.join('\n  UNION ALL '), params };
}
