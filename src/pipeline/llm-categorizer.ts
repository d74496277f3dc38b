import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FailureCategory } from '../analysis/failureCategories';
import { parseFailureCategories } from '../analysis/parseFailureCategories';
import { awsClientConfig, CallBreaker, withRetry, type RetryOptions } from './aws';
import type { ErrorsConfig } from './errors-config';
import { InputError } from './errors';
import { fileCache, forEachConcurrently } from './file-cache';
import { log } from './log';
import { paths } from './paths';
import { loadPrices, priceInForce } from './prices';
import { progress } from './progress';
import { readPromptFile, renderPromptFile } from './prompts';

/** One failed turn as the model sees it: text already redacted in the warehouse. */
export interface CategorizerTurn {
  traceId: string;
  intent: string | null;
  userMessage: string | null;
  responseText: string | null;
  feedbackText: string | null;
  /** The flags the warehouse set, in words ("thumbs-down, escalated, slow"). */
  signals: string;
}

export interface LlmCategorization {
  /** Categories the model gave, by trace id (a label outside the list is `other`). */
  categories: Map<string, FailureCategory>;
  /** Turns whose answer named a category outside the list (counted as other). */
  invalid: number;
  /** Turns the model's answer left out, or whose call failed: they keep the rule-based category. */
  unanswered: number;
  /** Turns not sent because the spend cap was reached: they keep the rule-based category. */
  overCap: number;
  calls: number;
  cachedTurns: number;
  spentUsd: number;
  estimatedUsd: number;
  /** Calls not sent: the time limit was reached, or an outage was seen (their turns keep the rule-based category). */
  notSent: number;
  /** Set when no call succeeded (an outage): every turn keeps its rule-based category. */
  outage: string | null;
  modelId: string;
  promptVersion: string;
}

export interface LlmCategorizerOptions {
  config: ErrorsConfig['llm'];
  /** Injected in tests (aws-sdk-client-mock); a real client otherwise. */
  client?: BedrockRuntimeClient;
  retry?: Pick<RetryOptions, 'sleep' | 'random' | 'baseMs' | 'maxMs'>;
  priceFile?: string;
  promptsDir?: string;
  /** false: neither read nor write the per-turn cache. */
  cache?: boolean;
  signal?: AbortSignal;
}

const clip = (s: string | null, n: number) => (s === null || s === '' ? '(none)' : s.length > n ? `${s.slice(0, n)}...` : s);
const approxTokens = (text: string) => Math.ceil(text.length / 4);

/**
 * The LLM-assisted categorizer (US-8.2): Claude (Haiku by default) through the Converse API sorts failed turns into
 * FAILURE_CATEGORIES, `batch_size` turns a call, at most `concurrency` calls at once, throttling retried with backoff.
 * The prompt is prompts/tools/error-categorizer/v<prompt_version>.md; answers are parsed strictly
 * (parseFailureCategories) and cached per turn, keyed by model, prompt file and the turn's text, so a re-run costs
 * nothing. Before any call the cost is estimated; batches beyond `spend_cap_usd` are not sent. A turn without an answer
 * keeps its rule-based category, and when no call succeeds the result says so (an outage) rather than failing the job.
 * @throws InputError when the prompt file or the model's price is missing.
 */
export async function llmCategorize(turns: readonly CategorizerTurn[], options: LlmCategorizerOptions): Promise<LlmCategorization> {
  const cfg = options.config;
  const promptPath = join(options.promptsDir ?? paths.prompts(), 'tools', 'error-categorizer', `v${cfg.promptVersion}.md`);
  if (!existsSync(promptPath))
    throw new InputError('config/errors.json', `llm.prompt_version ${cfg.promptVersion} has no prompt file ${promptPath}`);
  const promptFile = readPromptFile(promptPath);
  const promptHash = createHash('sha256').update(promptFile.template).digest('hex');
  const prices = loadPrices(options.priceFile);
  const today = new Date().toISOString().slice(0, 10);
  const price = priceInForce(prices, cfg.priceModel, today);
  if (!price)
    throw new InputError('config/errors.json', `llm.price_model ${cfg.priceModel} has no price in force on ${today} in ${prices.file}`);

  const useCache = options.cache !== false;
  const cache = fileCache<{ category: FailureCategory; invalid: boolean }>(cfg.cacheDir);
  const items = turns.map((t) => {
    const item = {
      user: clip(t.userMessage, 600),
      response: clip(t.responseText, 800),
      intent: t.intent ?? '(none)',
      signals: t.signals,
      feedback: clip(t.feedbackText, 300),
    };
    const key = createHash('sha256')
      .update(JSON.stringify([cfg.modelId, promptHash, t.traceId, item]))
      .digest('hex');
    return { traceId: t.traceId, item, key };
  });
  const result: LlmCategorization = {
    categories: new Map(),
    invalid: 0,
    unanswered: 0,
    overCap: 0,
    calls: 0,
    cachedTurns: 0,
    spentUsd: 0,
    estimatedUsd: 0,
    outage: null,
    notSent: 0,
    modelId: cfg.modelId,
    promptVersion: cfg.promptVersion,
  };
  const todo: typeof items = [];
  for (const it of items) {
    const hit = useCache ? cache.get(it.key) : null;
    if (hit) {
      result.categories.set(it.traceId, hit.category);
      if (hit.invalid) result.invalid++;
      result.cachedTurns++;
    } else {
      todo.push(it);
    }
  }
  const batches: { prompt: string; ids: string[]; members: typeof items; usd: number }[] = [];
  for (let i = 0; i < todo.length; i += cfg.batchSize) {
    const members = todo.slice(i, i + cfg.batchSize);
    const ids = members.map((_, j) => `t${j + 1}`);
    const prompt = renderPromptFile(promptFile, { turns: members.map((m, j) => ({ id: ids[j], ...m.item })) });
    const usd = (approxTokens(prompt) / 1000) * price.input + ((members.length * 8) / 1000) * price.output;
    if (result.estimatedUsd + usd > cfg.spendCapUsd) {
      result.overCap += todo.length - i;
      break;
    }
    result.estimatedUsd += usd;
    batches.push({ prompt, ids, members, usd });
  }
  log.info(
    `Error categorizer: ${batches.length} calls to ${cfg.modelId} for ${todo.length - result.overCap} turns (${result.cachedTurns} cached), estimated $${result.estimatedUsd.toFixed(4)} of the $${cfg.spendCapUsd.toFixed(2)} cap${result.overCap ? `; ${result.overCap} turns over the cap keep their rule-based category` : ''}.`,
  );

  const client = options.client ?? new BedrockRuntimeClient(awsClientConfig(cfg.region));
  const bar = progress(batches.length, 'categorize');
  let succeeded = 0;
  let lastError = '';
  const breaker = new CallBreaker({ concurrency: cfg.concurrency, timeLimitMs: cfg.timeLimitS * 1000 });
  await forEachConcurrently(
    batches,
    cfg.concurrency,
    async (b) => {
      if (breaker.open) {
        breaker.skip();
        result.unanswered += b.members.length;
        bar.step('not sent');
        return;
      }
      try {
        const out = await withRetry(
          (s) =>
            client.send(
              new ConverseCommand({
                modelId: cfg.modelId,
                messages: [{ role: 'user', content: [{ text: b.prompt }] }],
                inferenceConfig: { temperature: 0, maxTokens: cfg.maxTokens },
              }),
              { abortSignal: s },
            ),
          {
            attempts: cfg.attempts,
            deadline: breaker.deadline,
            signal: options.signal,
            what: `Bedrock Converse ${cfg.modelId}`,
            ...options.retry,
          },
        );
        result.calls++;
        succeeded++;
        breaker.succeeded();
        result.spentUsd += ((out.usage?.inputTokens ?? 0) / 1000) * price.input + ((out.usage?.outputTokens ?? 0) / 1000) * price.output;
        const text = (out.output?.message?.content ?? []).map((c) => c.text ?? '').join('');
        const parsed = parseFailureCategories(text, b.ids);
        const invalid = new Set(parsed.invalid.map((x) => x.id));
        b.ids.forEach((id, j) => {
          const category = parsed.categories.get(id);
          const m = b.members[j]!;
          if (!category) {
            result.unanswered++;
            return;
          }
          result.categories.set(m.traceId, category);
          if (invalid.has(id)) result.invalid++;
          if (useCache) cache.set(m.key, { category, invalid: invalid.has(id) });
        });
      } catch (e) {
        if (options.signal?.aborted) throw e;
        result.calls++;
        breaker.failed(e);
        const err = e as { name?: string; message?: string };
        lastError = `${err.name ?? 'Error'}: ${(err.message ?? String(e)).split('\n')[0]}`;
        result.unanswered += b.members.length;
      }
      bar.step(`${b.members.length} turns`);
    },
    options.signal,
  );
  bar.done();
  const unsent = breaker.why(batches.length);
  if (batches.length > 0 && succeeded === 0) {
    result.outage = `every call to ${cfg.modelId} failed (last: ${lastError})${unsent ? `; ${unsent}` : ''}`;
    log.warn(`Error categorizer: ${result.outage}; the rule-based categories stand.`);
  } else if (unsent) log.warn(`Error categorizer: ${unsent}; their turns keep the rule-based category.`);
  result.notSent = breaker.notSent;
  return result;
}
