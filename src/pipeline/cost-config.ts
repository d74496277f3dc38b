import { dirname, join, resolve } from 'node:path';
import { InputError } from './errors';
import { checkConfig, loadConfigFile, num, share, text, version, z } from './config-schema';
import { readJsonObject } from './json-file';
import { paths } from './paths';
import { loadPrices, type PriceTable } from './prices';

/** config/cost.json: the cost report's budgets and thresholds, as the file writes them. */
const COST_SCHEMA = z.object({
  version: version(),
  daily_budget_usd: num({ above: 0 }),
  target_cost_per_session_usd: num({ above: 0 }),
  spike: z.object({ ratio: num({ above: 0 }), trailing_days: num({ min: 1, max: 60, integer: true }) }),
  token_budget: z.object({
    cap_tokens: num({ min: 1, integer: true }),
    alert_capped_share: share(),
    histogram_bucket_tokens: num({ min: 1, integer: true }),
  }),
  bypass: z.object({ target_share: share(), min_llm_turns: num({ min: 1, integer: true }) }),
  prompt_cache: z.object({ target_hit_rate: share() }),
  provisioned: z.object({ alert_on_demand_share: num({ above: 0, max: 0.9999 }) }),
});

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
 * Reads and checks config/cost.json (or another file) against its schema.
 * @throws InputError naming the file and the field for a missing, mistyped or out-of-range value.
 */
export function loadCostConfig(file: string = join(paths.config(), 'cost.json')): CostConfig {
  const c = loadConfigFile(COST_SCHEMA, file, 'cost configuration');
  return {
    version: c.version,
    file,
    dailyBudgetUsd: c.daily_budget_usd,
    targetCostPerSessionUsd: c.target_cost_per_session_usd,
    spikeRatio: c.spike.ratio,
    trailingDays: c.spike.trailing_days,
    capTokens: c.token_budget.cap_tokens,
    alertCappedShare: c.token_budget.alert_capped_share,
    histogramBucketTokens: c.token_budget.histogram_bucket_tokens,
    bypassTargetShare: c.bypass.target_share,
    minLlmTurns: c.bypass.min_llm_turns,
    cacheTargetHitRate: c.prompt_cache.target_hit_rate,
    alertOnDemandShare: c.provisioned.alert_on_demand_share,
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

/** A what-if scenario as written: a name, a routing of intents to models, another price table's path. */
const WHAT_IF_SCHEMA = z.object({
  name: z.string().trim().min(1),
  routing: z
    .record(z.string(), text())
    .optional()
    .transform((r) => r ?? {}),
  prices: z.string().optional(),
});

/**
 * Checks a what-if scenario, from a file or written in code: `{ "name": ..., "routing": { intent: model }, "prices":
 * "other-prices.json" }`; prices is optional (the source's own table) and resolved against `base`. Every routed model
 * must have a price in the scenario's table.
 * @throws InputError naming `input` and the field for a malformed scenario or a routed model without a price.
 */
export function checkWhatIf(raw: Record<string, unknown>, input: string, base: string, currentPrices: PriceTable): WhatIf {
  const doc = checkConfig(WHAT_IF_SCHEMA, raw, input);
  const routing = doc.routing;
  const prices = typeof doc.prices === 'string' ? loadPrices(resolve(base, doc.prices)) : currentPrices;
  const priced = new Set(prices.models.map((m) => m.model));
  for (const [intent, model] of Object.entries(routing)) {
    if (!priced.has(model)) throw new InputError(input, `model ${model} has no price in ${prices.file}`, `routing.${intent}`);
  }
  if (Object.keys(routing).length === 0 && doc.prices === undefined) {
    throw new InputError(input, 'a what-if needs a routing, a prices table, or both: this one changes nothing');
  }
  return { name: doc.name, file: input, routing, prices };
}

/**
 * Reads a what-if file (see checkWhatIf); a prices path in it is resolved against the file's folder.
 * @throws InputError naming the file and field for a malformed scenario or a routed model without a price.
 */
export function loadWhatIf(file: string, currentPrices: PriceTable): WhatIf {
  return checkWhatIf(readJsonObject(file, 'what-if scenario'), file, dirname(file), currentPrices);
}
