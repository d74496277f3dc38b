import { dirname, join, resolve } from 'node:path';
import { InputError } from './errors';
import { numberAt as num, readJsonObject } from './json-file';
import { paths } from './paths';
import { loadPrices, type PriceTable } from './prices';

/** The cost report's budgets and thresholds (config/cost.json). */
export interface CostConfig {
  version: string;
  file: string;
  dailyBudgetUsd: number;
  targetCostPerSessionUsd: number;
  spikeRatio: number;
  trailingDays: number;
  capTokens: number;
  alertCappedShare: number;
  histogramBucketTokens: number;
  bypassTargetShare: number;
  minLlmTurns: number;
  cacheTargetHitRate: number;
  alertOnDemandShare: number;
}

/**
 * Reads and checks config/cost.json (or another file).
 * @throws InputError naming the file and the field for a missing, mistyped or out-of-range value.
 */
export function loadCostConfig(file: string = join(paths.config(), 'cost.json')): CostConfig {
  const doc = readJsonObject(file, 'cost configuration');
  const share = { above: 0, max: 1 };
  return {
    version: typeof doc.version === 'string' ? doc.version : 'unversioned',
    file,
    dailyBudgetUsd: num(doc, file, 'daily_budget_usd', { above: 0 }),
    targetCostPerSessionUsd: num(doc, file, 'target_cost_per_session_usd', { above: 0 }),
    spikeRatio: num(doc, file, 'spike.ratio', { above: 0 }),
    trailingDays: num(doc, file, 'spike.trailing_days', { min: 1, max: 60, integer: true }),
    capTokens: num(doc, file, 'token_budget.cap_tokens', { min: 1, integer: true }),
    alertCappedShare: num(doc, file, 'token_budget.alert_capped_share', share),
    histogramBucketTokens: num(doc, file, 'token_budget.histogram_bucket_tokens', { min: 1, integer: true }),
    bypassTargetShare: num(doc, file, 'bypass.target_share', share),
    minLlmTurns: num(doc, file, 'bypass.min_llm_turns', { min: 1, integer: true }),
    cacheTargetHitRate: num(doc, file, 'prompt_cache.target_hit_rate', share),
    alertOnDemandShare: num(doc, file, 'provisioned.alert_on_demand_share', { above: 0, max: 0.9999 }),
  };
}

/** A what-if scenario: another routing of intents to models, priced with another (or the same) price table. */
export interface WhatIf {
  name: string;
  file: string;
  routing: Record<string, string>;
  prices: PriceTable;
}

/** A what-if written in code (a notebook) rather than in a file; `prices` is the path of another price table. */
export interface WhatIfSpec {
  name: string;
  routing?: Record<string, string>;
  prices?: string;
}

/**
 * Checks a what-if scenario, from a file or written in code: `{ "name": ..., "routing": { intent: model }, "prices":
 * "other-prices.json" }`; prices is optional (the source's own table) and resolved against `base`. Every routed model
 * must have a price in the scenario's table.
 * @throws InputError naming `input` and the field for a malformed scenario or a routed model without a price.
 */
export function checkWhatIf(doc: Record<string, unknown>, input: string, base: string, currentPrices: PriceTable): WhatIf {
  if (typeof doc.name !== 'string' || doc.name.trim() === '') throw new InputError(input, 'name must be a non-empty string');
  const routing = doc.routing ?? {};
  if (typeof routing !== 'object' || routing === null || Array.isArray(routing)) throw new InputError(input, 'routing must be an object of intent: model');
  for (const [intent, model] of Object.entries(routing)) {
    if (typeof model !== 'string' || model === '') throw new InputError(input, `must name a model as a string, got ${JSON.stringify(model)}`, `routing.${intent}`);
  }
  if (doc.prices !== undefined && typeof doc.prices !== 'string') throw new InputError(input, 'prices must be the path of a price table');
  const prices = typeof doc.prices === 'string' ? loadPrices(resolve(base, doc.prices)) : currentPrices;
  const priced = new Set(prices.models.map((m) => m.model));
  for (const [intent, model] of Object.entries(routing as Record<string, string>)) {
    if (!priced.has(model)) throw new InputError(input, `model ${model} has no price in ${prices.file}`, `routing.${intent}`);
  }
  if (Object.keys(routing).length === 0 && doc.prices === undefined) {
    throw new InputError(input, 'a what-if needs a routing, a prices table, or both: this one changes nothing');
  }
  return { name: doc.name, file: input, routing: routing as Record<string, string>, prices };
}

/**
 * Reads a what-if file (see checkWhatIf); a prices path in it is resolved against the file's folder.
 * @throws InputError naming the file and field for a malformed scenario or a routed model without a price.
 */
export function loadWhatIf(file: string, currentPrices: PriceTable): WhatIf {
  return checkWhatIf(readJsonObject(file, 'what-if scenario'), file, dirname(file), currentPrices);
}
