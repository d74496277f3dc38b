import { BedrockRuntimeClient, ConverseCommand, type ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { awsClientConfig, CallBreaker, checkCredentials, withRetry, type RetryOptions } from './aws';
import type { Prediction } from './eval-inputs';
import { InputError } from './errors';
import { fileCache, forEachConcurrently } from './file-cache';
import type { GoldenEntry } from './golden';
import { loadConfigFile, saying, z } from './config-schema';
import { log } from './log';
import { paths, projectRoot } from './paths';
import { loadPrices, priceInForce, type PriceEntry } from './prices';
import { progress } from './progress';
import { loadPromptSet, renderPrompt, type PromptSet } from './prompts';
import type { Responder, ResponderOutput } from './responders';

/** config/bedrock.json: how the bedrock responder calls Claude. */
export interface BedrockConfig {
  file: string;
  region: string;
  /** The Bedrock model id (or inference profile) sent to Converse. */
  modelId: string;
  /** The model's key in config/prices.json, recorded as the run's model version. */
  priceModel: string;
  temperature: number;
  maxTokens: number;
  concurrency: number;
  /** Attempts per call, the first included; throttling and 5xx are retried with backoff. */
  attempts: number;
  /** A run's whole time limit, calls and retries included: past it no call starts or runs (CallBreaker). */
  timeLimitS: number;
  /** For the estimate printed before a run: output tokens a response is expected to use. */
  expectedOutputTokens: number;
  guardrail: { identifier: string; version: string } | null;
  cacheDir: string;
  /** Bedrock model ids by the warehouse's model key (requests.model): what `mangalab replay` calls for a logged turn. */
  models: Record<string, string>;
}

/** A number in an inclusive range, in the words the Bedrock settings have always used. */
function between(min: number, max: number, integer = true) {
  const words = saying(`must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`);
  const n = integer ? z.number(words).int(words) : z.number(words);
  return n.min(min, words).max(max, words);
}

const name = () => z.string(saying('must be a non-empty string')).refine((v) => v.trim() !== '', saying('must be a non-empty string'));

/**
 * What Converse can be called with: a model id (anthropic.claude-3-haiku-20240307-v1:0), a cross-region inference
 * profile id (us., eu., apac. or global. before it: how newer Claude models are invoked), or a model or profile ARN.
 */
const BEDROCK_MODEL =
  /^(?:(?:us|eu|apac|us-gov|jp|au|global)\.)?[a-z0-9-]+\.[A-Za-z0-9.:-]+$|^arn:aws[a-z-]*:bedrock:[a-z0-9-]*:\d{0,12}:(?:inference-profile|application-inference-profile|foundation-model|provisioned-model)\/\S+$/;

/** config/bedrock.json: region, model, sampling, concurrency, retries, guardrail, cache and the replay model map. */
export const BEDROCK_SCHEMA = z
  .object({
    region: name(),
    model_id: name(),
    price_model: name(),
    temperature: between(0, 1, false),
    max_tokens: between(1, 200000),
    concurrency: between(1, 64),
    attempts: between(1, 20),
    time_limit_s: between(1, 86400).default(3600),
    expected_output_tokens: between(1, 200000),
    guardrail: z
      .object({ identifier: z.string(), version: z.string() }, saying('must be null or {"identifier": "...", "version": "..."}'))
      .nullish()
      .transform((g) => g ?? null),
    cache_dir: name(),
    models: z.record(z.string(), z.string().min(1), saying('must map model keys to Bedrock model ids')).default({}),
  })
  .superRefine((d, ctx) => {
    // Checked once the fields are sound: the id Converse is called with, and every replay model.
    const bad = (id: string) => !BEDROCK_MODEL.test(id);
    const words = 'must be a Bedrock model id, an inference profile id (us.anthropic...) or an ARN';
    if (bad(d.model_id)) ctx.addIssue({ code: 'custom', path: ['model_id'], message: `${words}, got ${JSON.stringify(d.model_id)}` });
    for (const [key, id] of Object.entries(d.models))
      if (bad(id)) ctx.addIssue({ code: 'custom', path: ['models', key], message: `${words}, got ${JSON.stringify(id)}` });
  });

/**
 * Reads config/bedrock.json. @throws InputError naming the file and the field.
 */
export function loadBedrockConfig(file: string = join(paths.config(), 'bedrock.json')): BedrockConfig {
  const d = loadConfigFile(BEDROCK_SCHEMA, file, 'Bedrock config', { placed: true });
  return {
    models: d.models,
    file,
    region: d.region,
    modelId: d.model_id,
    priceModel: d.price_model,
    temperature: d.temperature,
    maxTokens: d.max_tokens,
    concurrency: d.concurrency,
    attempts: d.attempts,
    timeLimitS: d.time_limit_s,
    expectedOutputTokens: d.expected_output_tokens,
    guardrail: d.guardrail,
    cacheDir: resolve(projectRoot(), d.cache_dir),
  };
}

/** One call's rendered request and where its cached answer lives. */
interface PlannedCall {
  entry: GoldenEntry;
  intent: string;
  system: string;
  user: string;
  key: string;
}

/** What is kept per cached call: enough to rebuild the prediction without calling again. */
interface CachedAnswer {
  model_id: string;
  response_text: string;
  stop_reason: string | null;
  input_tokens: number;
  output_tokens: number;
  latency_ms: number;
}

/** The estimate printed before a run: calls to make, calls answered from the cache, dollars. */
export interface BedrockEstimate {
  calls: number;
  cached: number;
  inputTokens: number;
  outputTokens: number;
  usd: number;
  price: PriceEntry;
}

export interface BedrockResponderOptions {
  promptVersion: string;
  config: BedrockConfig;
  promptsDir?: string;
  /** The classifier's intents by query id (routing and intent metrics). Without them, templates are chosen by the golden label and intents are not scored. */
  classified?: Map<string, string>;
  /** Injected in tests (aws-sdk-client-mock); a real client otherwise. */
  client?: BedrockRuntimeClient;
  retry?: Pick<RetryOptions, 'sleep' | 'random' | 'baseMs' | 'maxMs'>;
  priceFile?: string;
  /** false: neither read nor write the response cache (a replay must call the model). Default true. */
  cache?: boolean;
  /** Receives the estimate before any call; returning false stops the run with nothing called. */
  onEstimate?: (estimate: BedrockEstimate) => boolean | void;
  now?: () => number;
}

function cacheKey(
  modelId: string,
  temperature: number,
  maxTokens: number,
  guardrail: string,
  system: string,
  user: string,
  repeat: number,
): string {
  const promptHash = createHash('sha256').update(system).update('\0').update(user).digest('hex');
  // The first answer keeps the key it always had; each further repeat is an answer of its own.
  return createHash('sha256')
    .update(JSON.stringify([modelId, temperature, maxTokens, guardrail, promptHash, ...(repeat > 0 ? [repeat] : [])]))
    .digest('hex');
}

/** Rough token count of prompt text for the estimate: 4 characters a token, as Anthropic's guidance has it. */
const approxTokens = (text: string) => Math.ceil(text.length / 4);

/** The report's lines about a Bedrock run: calls and spend, shared prompts, what was not sent or not measured. */
function runNotes(
  cfg: BedrockConfig,
  r: { answered: number; spent: number; calls: number; uncached: number; cached: number; unsent: string; classified: boolean },
): string[] {
  const shared = r.uncached > r.calls ? ` (${r.uncached} entries; ${r.uncached - r.calls} share a prompt with another and its answer)` : '';
  const notes = [
    `Bedrock ${cfg.modelId}: ${r.answered} calls answered for $${r.spent.toFixed(2)}${shared}, ${r.cached} answered from the cache.`,
  ];
  if (r.unsent) notes.push(`Bedrock ${cfg.modelId}: ${r.unsent}; their golden entries have no answer.`);
  if (!r.classified)
    notes.push(
      'Intents were not classified (no --intents file): templates were chosen by the golden label, and intent metrics are not computed.',
    );
  if (!cfg.guardrail) notes.push(`No Bedrock guardrail is configured in ${cfg.file}, so the guardrail pass rate is not computed.`);
  return notes;
}

/**
 * The bedrock responder: renders the candidate prompt version for each golden query and calls Claude through the
 * Converse API (temperature from config, 0.3 by default), with bounded concurrency and retry with backoff on
 * throttling. Answers are cached by model, settings and a hash of the rendered prompt (which holds the query), so a
 * re-run costs nothing; a call that still fails is reported for its entry, and the run is then incomplete.
 */
export function bedrockResponder(options: BedrockResponderOptions): Responder {
  const cfg = options.config;
  const set: PromptSet = loadPromptSet(options.promptVersion, options.promptsDir);
  return {
    kind: 'bedrock',
    describe: `bedrock ${cfg.modelId}, prompts ${options.promptVersion} (sha256 ${set.sha256.slice(0, 12)})`,
    async respond(entries, signal, repeat = 0): Promise<ResponderOutput> {
      const failures: ResponderOutput['failures'] = [];
      const planned: PlannedCall[] = [];
      for (const entry of entries) {
        const intent = options.classified?.get(entry.query_id) ?? entry.expected_intent;
        if (!set.intents.has(intent)) {
          failures.push({ queryId: entry.query_id, problem: `prompt version ${set.version} has no template for intent ${intent}` });
          continue;
        }
        const { system, user } = renderPrompt(set, { query: entry.query, intent, context: entry.context });
        planned.push({
          entry,
          intent,
          system,
          user,
          key: cacheKey(
            cfg.modelId,
            cfg.temperature,
            cfg.maxTokens,
            cfg.guardrail ? `${cfg.guardrail.identifier}:${cfg.guardrail.version}` : '',
            system,
            user,
            repeat,
          ),
        });
      }
      const useCache = options.cache !== false;
      const cache = fileCache<CachedAnswer>(cfg.cacheDir);
      const cached = new Map(planned.map((p) => [p.key, useCache ? cache.get(p.key) : null]));
      // One call per distinct rendered prompt: entries with the same prompt share its answer, as from the cache.
      const toCall = [...new Map(planned.filter((p) => !cached.get(p.key)).map((p) => [p.key, p])).values()];
      const uncached = planned.filter((p) => !cached.get(p.key)).length;
      const problems = new Map<string, string>();
      const prices = loadPrices(options.priceFile);
      const today = new Date().toISOString().slice(0, 10);
      const price = priceInForce(prices, cfg.priceModel, today);
      if (!price)
        throw new InputError(cfg.file, `model ${cfg.priceModel} has no price in force on ${today} in ${prices.file}`, 'price_model');
      const inputTokens = toCall.reduce((s, p) => s + approxTokens(p.system) + approxTokens(p.user), 0);
      const outputTokens = toCall.length * cfg.expectedOutputTokens;
      const estimate: BedrockEstimate = {
        calls: toCall.length,
        cached: planned.length - uncached,
        inputTokens,
        outputTokens,
        usd: (inputTokens / 1000) * price.input + (outputTokens / 1000) * price.output,
        price,
      };
      log.info(
        `Bedrock: ${estimate.calls} calls to ${cfg.modelId} (${estimate.cached} answered from the cache), estimated $${estimate.usd.toFixed(2)} ` +
          `(~${inputTokens} input tokens at $${price.input}/1K, ~${outputTokens} output tokens at $${price.output}/1K).`,
      );
      if (options.onEstimate?.(estimate) === false) throw new InputError('--bedrock', 'stopped after the estimate: nothing was called');

      const client = options.client ?? new BedrockRuntimeClient(awsClientConfig(cfg.region));
      if (!options.client && toCall.length > 0) await checkCredentials(client, `Bedrock ${cfg.modelId}`);
      const now = options.now ?? (() => performance.now());
      const bar = progress(toCall.length, 'bedrock');
      let spent = 0;
      const breaker = new CallBreaker({ concurrency: cfg.concurrency, timeLimitMs: cfg.timeLimitS * 1000 });
      await forEachConcurrently(
        toCall,
        cfg.concurrency,
        async (p) => {
          if (breaker.open) {
            breaker.skip();
            problems.set(p.key, `not sent: ${breaker.cause}`);
            bar.step(p.entry.query_id);
            return;
          }
          const input: ConverseCommandInput = {
            modelId: cfg.modelId,
            system: [{ text: p.system }],
            messages: [{ role: 'user', content: [{ text: p.user }] }],
            inferenceConfig: { temperature: cfg.temperature, maxTokens: cfg.maxTokens },
            ...(cfg.guardrail
              ? { guardrailConfig: { guardrailIdentifier: cfg.guardrail.identifier, guardrailVersion: cfg.guardrail.version } }
              : {}),
          };
          const started = now();
          try {
            const out = await withRetry((s) => client.send(new ConverseCommand(input), { abortSignal: s }), {
              attempts: cfg.attempts,
              deadline: breaker.deadline,
              what: `Bedrock Converse ${cfg.modelId}`,
              signal,
              ...options.retry,
            });
            const text = (out.output?.message?.content ?? []).map((c) => c.text ?? '').join('');
            const answer: CachedAnswer = {
              model_id: cfg.modelId,
              response_text: text,
              stop_reason: out.stopReason ?? null,
              input_tokens: out.usage?.inputTokens ?? 0,
              output_tokens: out.usage?.outputTokens ?? 0,
              latency_ms: out.metrics?.latencyMs ?? now() - started,
            };
            spent += (answer.input_tokens / 1000) * price.input + (answer.output_tokens / 1000) * price.output;
            if (useCache) cache.set(p.key, answer);
            cached.set(p.key, answer);
            breaker.succeeded();
          } catch (e) {
            if (signal?.aborted) throw e;
            breaker.failed(e);
            const err = e as { name?: string; message?: string };
            problems.set(p.key, `${err.name ?? 'Error'}: ${(err.message ?? String(e)).split('\n')[0]}`);
          }
          bar.step(p.entry.query_id);
        },
        signal,
      );
      bar.done();
      if (signal?.aborted) throw new Error('the Bedrock run was interrupted; answers received so far are cached, nothing is stored');
      // Every entry whose prompt got no answer is reported, in golden order, with its call's problem.
      for (const p of planned) if (problems.has(p.key)) failures.push({ queryId: p.entry.query_id, problem: problems.get(p.key)! });

      const predictions: Prediction[] = [];
      for (const p of planned) {
        const a = cached.get(p.key);
        if (!a) continue;
        predictions.push({
          query_id: p.entry.query_id,
          classified_intent: options.classified?.get(p.entry.query_id) ?? null,
          response_text: a.response_text,
          guardrail_passed: cfg.guardrail ? a.stop_reason !== 'guardrail_intervened' : null,
          latency_ms: a.latency_ms,
          input_tokens: a.input_tokens,
          output_tokens: a.output_tokens,
        });
      }
      const notes = runNotes(cfg, {
        answered: toCall.length - problems.size,
        spent,
        calls: toCall.length,
        uncached,
        cached: estimate.cached,
        unsent: breaker.why(toCall.length),
        classified: Boolean(options.classified),
      });
      return { predictions, failures, promptVersion: options.promptVersion, modelVersion: cfg.priceModel, notes };
    },
  };
}
