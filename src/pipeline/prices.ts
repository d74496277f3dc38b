import { join } from 'node:path';
import { loadConfigFile, saying, text, z } from './config-schema';
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

/** The entry of `model` in force on `day` (YYYY-MM-DD): the latest effective_from at or before it; null when none. */
export function priceInForce(table: PriceTable, model: string, day: string): PriceEntry | null {
  return (
    table.models
      .filter((m) => m.model === model && m.effective_from <= day)
      .sort((a, b) => b.effective_from.localeCompare(a.effective_from))[0] ?? null
  );
}

const usdPer1k = () =>
  z
    .number(saying('must be a non-negative number of USD per 1k tokens'))
    .min(0, saying('must be a non-negative number of USD per 1k tokens'));

/** config/prices.json: a version and one entry per model and effective date. */
export const PRICES_SCHEMA = z
  .object({
    version: z.string(),
    models: z
      .array(
        z.object({
          model: text(),
          effective_from: z.string(saying('must be a date YYYY-MM-DD')).regex(/^\d{4}-\d{2}-\d{2}$/, saying('must be a date YYYY-MM-DD')),
          input: usdPer1k(),
          output: usdPer1k(),
          cache_read: usdPer1k(),
          cache_write: usdPer1k(),
        }),
      )
      .min(1, saying('must list at least one model')),
  })
  .superRefine((doc, ctx) => {
    const seen = new Set<string>();
    doc.models.forEach((m, i) => {
      const key = `${m.model}@${m.effective_from}`;
      if (seen.has(key))
        ctx.addIssue({ code: 'custom', path: ['models', i], message: `two entries for ${m.model} from ${m.effective_from}` });
      seen.add(key);
    });
  });

/**
 * Reads and checks config/prices.json (or another file): every entry needs a model, a YYYY-MM-DD effective date
 * and four non-negative prices; one model may not have two entries for the same date.
 * @throws InputError naming the file, the entry and the field.
 */
export function loadPrices(file: string = join(paths.config(), 'prices.json')): PriceTable {
  const doc = loadConfigFile(PRICES_SCHEMA, file, 'price table', { placed: true, label: 'model' });
  return { version: doc.version, models: doc.models, file };
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

/** The requests columns the cost queries read through `priced_requests` (a warehouse may have more). */
const PRICED_COLUMNS = [
  'trace_id',
  'session_id',
  'ts',
  'intent',
  'handler',
  'model',
  'user_type',
  'region',
  'escalated',
  'budget_strategy',
  'inference_type',
  'input_tokens',
  'output_tokens',
  'cache_read_tokens',
  'cache_write_tokens',
];

/**
 * Every request with its price in force and the verdict on its token counts, as the relation `priced_requests`:
 * the one definition of a priced request that every cost query reads (declare `-- @with model_prices` before
 * `-- @with priced_requests`). Columns added to the requests columns above:
 * - rejected_negative: 1 when any token count is below zero (any request);
 * - rejected_missing: 1 for an LLM request (model set) with a token count missing and none negative;
 * - llm: 1 for an LLM request that is not rejected;
 * - unpriced: 1 for such a request whose model has no price in force at its timestamp;
 * - input_per_1k, output_per_1k, cache_read_per_1k, cache_write_per_1k: the prices in force (NULL when none);
 * - cost_usd: the request's cost at those prices; NULL when it is rejected, unpriced or not an LLM call, so a
 *   sum never counts a broken row and never prices a missing price at zero.
 * Filters on requests columns (a period on ts) are pushed below the join by the engine.
 */
export function pricedRequestsRelation(): Relation {
  const cols = PRICED_COLUMNS.map((c) => `r.${c}`).join(', ');
  const negative = 'r.input_tokens < 0 OR r.output_tokens < 0 OR r.cache_read_tokens < 0 OR r.cache_write_tokens < 0';
  const missing = 'r.input_tokens IS NULL OR r.output_tokens IS NULL OR r.cache_read_tokens IS NULL OR r.cache_write_tokens IS NULL';
  const flagged = `SELECT ${cols}, p.model AS price_model, p.input_per_1k, p.output_per_1k, p.cache_read_per_1k, p.cache_write_per_1k,
      CASE WHEN ${negative} THEN 1 ELSE 0 END AS negative,
      CASE WHEN ${missing} THEN 1 ELSE 0 END AS missing
    FROM requests r
    LEFT JOIN model_prices p ON p.model = r.model AND r.ts >= p.effective_from AND r.ts < p.effective_to`;
  const verdict = `SELECT f.*, f.negative AS rejected_negative,
      CASE WHEN f.model IS NOT NULL AND f.negative = 0 AND f.missing = 1 THEN 1 ELSE 0 END AS rejected_missing,
      CASE WHEN f.model IS NOT NULL AND f.negative = 0 AND f.missing = 0 THEN 1 ELSE 0 END AS llm
    FROM (${flagged}) f`;
  return {
    cte: `SELECT v.*, CASE WHEN v.llm = 1 AND v.price_model IS NULL THEN 1 ELSE 0 END AS unpriced,
      CASE WHEN v.llm = 1 THEN (v.input_tokens * v.input_per_1k + v.output_tokens * v.output_per_1k
        + v.cache_read_tokens * v.cache_read_per_1k + v.cache_write_tokens * v.cache_write_per_1k) / 1000.0 END AS cost_usd
    FROM (${verdict}) v`,
    params: {},
  };
}
