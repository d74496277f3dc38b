import { BedrockRuntimeClient, ConverseCommand, type ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { evalRun } from '../src/jobs/quality/readout';
import { evalSections } from '../src/jobs/quality/sections';
import { evalCommand } from '../src/jobs/quality/command';
import { bedrockResponder, loadBedrockConfig, type BedrockConfig, type BedrockEstimate } from '../src/pipeline/bedrock';
import type { GoldenEntry } from '../src/pipeline/golden';
import { sampleGoldenEntries, writeSampleGolden } from '../src/pipeline/golden-seed';
import { compareVersions, loadPromptSet, readPromptFile, renderPrompt } from '../src/pipeline/prompts';
import { mangalabWithEnv, noAwsCredentials } from './helpers';

let dir: string;
let golden: string;
let config: BedrockConfig;
const entries = sampleGoldenEntries();
const client = new BedrockRuntimeClient({ region: 'us-east-1' });
const mock = mockClient(client);
const noWait = { sleep: async () => {}, random: () => 0.5 };

/** A Converse answer: the golden reference for the query the prompt carries, so that ROUGE-L is known (1). */
function answerFor(input: ConverseCommandInput, pool: GoldenEntry[] = entries) {
  const user = input.messages![0]!.content![0]!.text!;
  const entry = pool.find((e) => user.endsWith(`Customer: ${e.query}`));
  return {
    output: { message: { role: 'assistant' as const, content: [{ text: entry ? entry.reference_response : 'unknown' }] } },
    stopReason: 'end_turn' as const,
    usage: { inputTokens: 300, outputTokens: 120, totalTokens: 420 },
    metrics: { latencyMs: 850 },
  };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mangalab-bedrock-'));
  ({ golden } = writeSampleGolden(dir));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  mock.reset();
  config = { ...loadBedrockConfig(), cacheDir: mkdtempSync(join(dir, 'cache-')) };
});

describe('prompts', () => {
  it('resolves the base and one template per intent, and renders the golden context into them', () => {
    const set = loadPromptSet('2.3');
    expect([...set.intents.keys()].sort()).toEqual([
      'chitchat',
      'faq_complex',
      'faq_simple',
      'order_tracking',
      'product_question',
      'recommendation',
      'return_request',
    ]);
    const rec = entries.find((e) => e.expected_intent === 'recommendation' && Array.isArray(e.context.browsing_history))!;
    const { system, user } = renderPrompt(set, { query: rec.query, intent: 'recommendation', context: rec.context });
    expect(system).toMatch(/^You are MangaAssist/);
    expect(user).toContain(`Recently viewed: ${(rec.context.browsing_history as string[]).join(', ')}.`);
    expect(user.endsWith(`Customer: ${rec.query}`)).toBe(true);
  });

  it("takes each intent's newest version at or below the one asked for", () => {
    const prompts = join(dir, 'prompts-versions');
    cpSync('prompts', prompts, { recursive: true });
    writeFileSync(
      join(prompts, 'chitchat', 'v2.10.md'),
      '---\nversion: "2.10"\nauthor: a\ndate: "2026-11-22"\ndescription: shorter\nintent: chitchat\n---\nBe brief. {{ query }}\n',
    );
    expect(compareVersions('2.10', '2.9')).toBe(1);
    expect(compareVersions('v2.4', '2.4')).toBe(0);
    const v29 = loadPromptSet('v2.9', prompts);
    expect(v29.intents.get('chitchat')!.meta.version).toBe('2.3');
    expect(v29.intents.get('recommendation')!.meta.version).toBe('2.5');
    expect(loadPromptSet('2.4', prompts).intents.get('recommendation')!.meta.version).toBe('2.4');
    const v210 = loadPromptSet('2.10', prompts);
    expect(v210.intents.get('chitchat')!.meta.version).toBe('2.10');
    expect(loadPromptSet('2.3', prompts).intents.get('recommendation')!.meta.version).toBe('2.3');
    expect(v210.sha256).not.toBe(v29.sha256);
    expect(() => loadPromptSet('1.0', prompts)).toThrow(/base: has no prompt at or below version 1.0/);
  });

  it('refuses a prompt file without front matter or with a missing field, naming the file and field', () => {
    const bad = join(dir, 'bad.md');
    writeFileSync(bad, 'no front matter');
    expect(() => readPromptFile(bad)).toThrow(`${bad}: must start with YAML front matter between --- lines`);
    writeFileSync(bad, '---\nversion: "2"\ndate: "2026-11-22"\ndescription: x\nintent: chitchat\n---\nhi');
    expect(() => readPromptFile(bad)).toThrow(`${bad} (front matter author): must be a non-empty string, got null`);
    writeFileSync(bad, '---\nversion: "2"\nauthor: a\ndate: "2026-11-22"\ndescription: x\nintent: chitchat\n---\n{% if %}');
    expect(() => readPromptFile(bad)).toThrow(/template does not compile/);
  });
});

describe('the bedrock responder', () => {
  const some = entries.filter((e) => e.expected_intent === 'chitchat');

  it('calls Converse with the rendered prompt at temperature 0.3, at most `concurrency` calls at a time', async () => {
    let inFlight = 0;
    let most = 0;
    mock.on(ConverseCommand).callsFake(async (input: ConverseCommandInput) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return answerFor(input);
    });
    const out = await bedrockResponder({ promptVersion: '2.3', config: { ...config, concurrency: 3 }, client, retry: noWait }).respond(
      some,
    );
    const calls = mock.commandCalls(ConverseCommand);
    // One call per distinct rendered prompt: entries with the same query share the answer.
    const prompts = calls.map((c) => c.args[0].input.messages![0]!.content![0]!.text!);
    expect(new Set(prompts).size).toBe(calls.length);
    expect(calls.length).toBe(new Set(some.map((e) => e.query)).size);
    expect(calls.length).toBeLessThan(some.length);
    const first = calls[0]!.args[0].input;
    expect(first.modelId).toBe(config.modelId);
    expect(first.inferenceConfig).toEqual({ temperature: 0.3, maxTokens: 800 });
    expect(first.system![0]!.text).toMatch(/^You are MangaAssist/);
    expect(most).toBe(3);
    expect(out.failures).toEqual([]);
    expect(out.predictions.map((p) => p.response_text)).toEqual(some.map((e) => e.reference_response));
    expect(out.predictions[0]).toMatchObject({
      classified_intent: null,
      guardrail_passed: null,
      input_tokens: 300,
      output_tokens: 120,
      latency_ms: 850,
    });
    // Calls of 300 input and 120 output tokens at $0.003 and $0.015 per 1K.
    expect(out.notes[0]).toBe(
      `Bedrock ${config.modelId}: ${calls.length} calls answered for $${(calls.length * (0.3 * 0.003 + 0.12 * 0.015)).toFixed(2)} (${some.length} entries; ${some.length - calls.length} share a prompt with another and its answer), 0 answered from the cache.`,
    );
  });

  it('estimates the cost before calling, and a re-run is answered from the cache at no cost', async () => {
    mock.on(ConverseCommand).callsFake(async (input: ConverseCommandInput) => answerFor(input));
    const estimates: BedrockEstimate[] = [];
    const responder = bedrockResponder({ promptVersion: '2.3', config, client, retry: noWait, onEstimate: (e) => void estimates.push(e) });
    await responder.respond(entries);
    const distinct = mock.commandCalls(ConverseCommand).length; // one call per distinct rendered prompt
    expect(distinct).toBeLessThanOrEqual(520);
    expect(estimates[0]).toMatchObject({ calls: distinct, cached: 0, outputTokens: distinct * 350 });
    // The estimate: prompt characters / 4 as input tokens at $0.003/1K, 350 output tokens a call at $0.015/1K.
    expect(estimates[0]!.usd).toBeCloseTo((estimates[0]!.inputTokens / 1000) * 0.003 + ((distinct * 350) / 1000) * 0.015, 10);
    expect(estimates[0]!.usd).toBeGreaterThan(2);
    expect(estimates[0]!.usd).toBeLessThan(15);
    const again = await responder.respond(entries);
    expect(mock.commandCalls(ConverseCommand)).toHaveLength(distinct);
    expect(estimates[1]).toMatchObject({ calls: 0, cached: 520, usd: 0 });
    expect(again.predictions).toHaveLength(520);
    expect(again.notes[0]).toMatch(/: 0 calls answered for \$0\.00, 520 answered from the cache\./);
  });

  it('stops before any call when the estimate is declined', async () => {
    mock.on(ConverseCommand).callsFake(async (input: ConverseCommandInput) => answerFor(input));
    await expect(bedrockResponder({ promptVersion: '2.3', config, client, onEstimate: () => false }).respond(some)).rejects.toThrow(
      'stopped after the estimate: nothing was called',
    );
    expect(mock.commandCalls(ConverseCommand)).toHaveLength(0);
  });

  it('retries throttling with backoff, then reports a call that keeps failing for its entry', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 429 } });
    const denied = Object.assign(new Error('not authorized to invoke this model'), {
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 403 },
    });
    const target = some[2]!;
    let throttles = 0;
    mock.on(ConverseCommand).callsFake(async (input: ConverseCommandInput) => {
      const user = input.messages![0]!.content![0]!.text!;
      if (user.endsWith(`Customer: ${some[0]!.query}`) && throttles < 2) {
        throttles++;
        throw throttled;
      }
      if (user.endsWith(`Customer: ${target.query}`)) throw denied;
      return answerFor(input);
    });
    const waits: number[] = [];
    const out = await bedrockResponder({
      promptVersion: '2.3',
      config: { ...config, concurrency: 1 },
      client,
      retry: { sleep: async (ms) => void waits.push(ms), random: () => 0.5, baseMs: 200, maxMs: 5000 },
    }).respond(some);
    expect(throttles).toBe(2);
    expect(waits).toEqual([150, 300]); // full jitter at 0.5 over 200 and 400 ms
    const failedIds = some.filter((e) => e.query === target.query).map((e) => e.query_id);
    expect(out.failures).toEqual(
      failedIds.map((queryId) => ({ queryId, problem: 'AccessDeniedException: not authorized to invoke this model' })),
    );
    expect(out.predictions).toHaveLength(some.length - failedIds.length);
    // Nothing is cached for the failed call, so a re-run tries it again.
    expect((readdirSync(config.cacheDir, { recursive: true }) as string[]).filter((f) => f.endsWith('.json'))).toHaveLength(
      new Set(some.filter((e) => e.query !== target.query).map((e) => e.query)).size,
    );
  });

  it('scores through evalRun: ROUGE-L 1 for reference answers, intents NOT COMPUTED without a classifier, incomplete on a failed call', async () => {
    mock.on(ConverseCommand).callsFake(async (input: ConverseCommandInput) => answerFor(input));
    const r = await evalRun({
      golden,
      intent: 'chitchat',
      responder: bedrockResponder({ promptVersion: '2.3', config, client, retry: noWait }),
    });
    expect(r.metrics.avg_rouge_l!.value).toBe(1);
    expect(r.metrics.intent_accuracy).toEqual({
      value: null,
      reason: 'the responses carry no classified intent (Bedrock without --intents), so intent metrics were not computed',
    });
    expect(r.outcome.gates.find((g) => g.metric === 'intent_accuracy')).toMatchObject({ status: 'NOT COMPUTED', blocking: true });
    expect(r.responder).toMatchObject({ kind: 'bedrock', promptVersion: '2.3', modelVersion: 'claude-3.5-sonnet' });
    const classified = new Map(some.map((e) => [e.query_id, 'chitchat']));
    const withIntents = await evalRun({
      golden,
      intent: 'chitchat',
      responder: bedrockResponder({ promptVersion: '2.3', config, client, retry: noWait, classified }),
    });
    expect(withIntents.metrics.intent_accuracy).toEqual({ value: 1 });

    mock.reset();
    mock
      .on(ConverseCommand)
      .rejects(Object.assign(new Error('model timeout'), { name: 'ModelTimeoutException', $metadata: { httpStatusCode: 408 } }));
    const failed = await evalRun({
      golden,
      intent: 'return_request',
      responder: bedrockResponder({ promptVersion: '2.3', config, client, retry: noWait }),
    });
    expect(failed.run).toBeNull();
    expect(failed.missing).toHaveLength(entries.filter((e) => e.expected_intent === 'return_request').length);
    expect(failed.failures[0]!.problem).toBe('ModelTimeoutException: model timeout');
    expect(failed.outcome.passed).toBe(false);
  });

  it('refuses a Bedrock config with a bad field, naming it', () => {
    const file = join(dir, 'bedrock-bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        region: 'us-east-1',
        model_id: 'm',
        price_model: 'claude-3.5-sonnet',
        temperature: 3,
        max_tokens: 800,
        concurrency: 4,
        attempts: 6,
        expected_output_tokens: 350,
        guardrail: null,
        cache_dir: 'x',
      }),
    );
    expect(() => loadBedrockConfig(file)).toThrow(`${file} (temperature): must be a number from 0 to 1, got 3`);
  });

  it('runs as `mangalab eval --bedrock --prompt-version V --intents FILE` does, and refuses a missing or doubled responder', async () => {
    mock.on(ConverseCommand).callsFake(async (input: ConverseCommandInput) => answerFor(input));
    const bedrockConfig = join(dir, 'bedrock-cli.json');
    writeFileSync(
      bedrockConfig,
      JSON.stringify({ ...JSON.parse(readFileSync('config/bedrock.json', 'utf8')), cache_dir: join(dir, 'cli-cache') }),
    );
    const intents = join(dir, 'intents.jsonl');
    writeFileSync(intents, some.map((e) => JSON.stringify({ query_id: e.query_id, classified_intent: e.expected_intent })).join('\n'));
    const { readout, report } = await evalCommand(
      { golden, bedrock: true, promptVersion: '2.3', intents, bedrockConfig, intent: 'chitchat', store: false },
      { client },
    );
    expect(readout.metrics.intent_accuracy).toEqual({ value: 1 });
    expect(readout.metrics.avg_rouge_l).toEqual({ value: 1 });
    expect(readout.stored).toBeNull();
    expect(report.source).toMatch(
      /bedrock anthropic\.claude-3-5-sonnet-20241022-v2:0, prompts 2\.3 \(sha256 [0-9a-f]{12}\) \(prompts 2\.3, model claude-3\.5-sonnet\)/,
    );
    await expect(evalCommand({ golden, store: false })).rejects.toThrow('--predictions/--bedrock: say where the responses come from');
    await expect(evalCommand({ golden, predictions: 'x.jsonl', bedrock: true, store: false })).rejects.toThrow('give one responder');
    await expect(evalCommand({ golden, bedrock: true, store: false })).rejects.toThrow(
      '--prompt-version: --bedrock needs the candidate prompt version',
    );
  });

  it('--repeats 3: each entry answered three times (cached apart), the variance split, paired tests on per-entry means (issue 26)', async () => {
    // A responder that samples: the second answer to every prompt drops the reference's last word.
    const calls = new Map<string, number>();
    mock.on(ConverseCommand).callsFake(async (input: ConverseCommandInput) => {
      const user = input.messages![0]!.content![0]!.text!;
      const k = (calls.get(user) ?? 0) + 1;
      calls.set(user, k);
      const a = answerFor(input);
      if (k !== 2) return a;
      const text = a.output.message.content[0]!.text.split(' ').slice(0, -1).join(' ');
      return { ...a, output: { message: { role: 'assistant' as const, content: [{ text }] } } };
    });
    const { predictions } = writeSampleGolden(join(dir, 'repeats'));
    const r = await evalRun({
      golden,
      intent: 'chitchat',
      responder: bedrockResponder({ promptVersion: '2.3', config, client, retry: noWait }),
      repeats: 3,
      baselinePredictions: predictions,
    });
    const n = entries.filter((e) => e.expected_intent === 'chitchat').length;
    // One call per distinct prompt and repeat: entries that render the same prompt share its answer.
    expect(mock.commandCalls(ConverseCommand).length).toBe(3 * calls.size);
    expect(calls.size).toBeLessThan(n);
    expect([...calls.values()].every((c) => c === 3)).toBe(true);
    // A second evaluation with the same repeats calls nothing: every repeat is cached apart.
    mock.resetHistory();
    await evalRun({
      golden,
      intent: 'chitchat',
      responder: bedrockResponder({ promptVersion: '2.3', config, client, retry: noWait }),
      repeats: 3,
    });
    expect(mock.commandCalls(ConverseCommand)).toHaveLength(0);
    const rouge = r.repeats!.metrics.find((m) => m.metric === 'avg_rouge_l')!.split!;
    expect(r.repeats!.n).toBe(3);
    expect(rouge.entries).toBe(n);
    expect(rouge.within).toBeGreaterThan(0); // the second answers differ
    // The paired test of the pass rate reads per-entry means over the repeats: a mean, not McNemar's 0/1 test.
    expect(r.comparison.find((c) => c.metric === 'entry_pass_rate')!.paired!.test).toBe('sign-flip permutation');
    expect(r.comparison.find((c) => c.metric === 'avg_rouge_l')!.repeatNoise).toMatchObject({ standardError: expect.any(Number) });
    const section = evalSections(r).find((x) => x.id === 'eval.repeats')!;
    expect(section.findings[0]!.message).toMatch(new RegExp(`^Each of the ${n} entries was answered 3 times\\. The noisiest metric is `));
    expect(section.tables[0]!.rows.map((row) => row.metric)).toEqual(r.repeats!.metrics.map((m) => m.metric));
    expect(section.tables[0]!.rows.find((row) => row.metric === 'avg_rouge_l')!.within).toBe(rouge.within);
  });

  it('without AWS credentials: one message before any call, exit 3, no run stored (issue 26)', () => {
    const results = join(dir, 'no-credentials.duckdb');
    const r = mangalabWithEnv(
      { ...noAwsCredentials(dir), AWS_REGION: 'us-east-1', MANGALAB_RESULTS: results },
      'eval',
      '--golden',
      golden,
      '--bedrock',
      '--prompt-version',
      '2.3',
      '--intent',
      'chitchat',
      '--out',
      join(dir, 'no-credentials-out'),
    );
    expect(r.code).toBe(3);
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('error:'));
    expect(errors).toEqual([
      expect.stringMatching(
        /^error: Bedrock anthropic\.claude-3-5-sonnet-20241022-v2:0: no AWS credentials could be loaded \(.*\); .* Nothing was called\.$/,
      ),
    ]);
    expect(existsSync(results)).toBe(false);
    expect(existsSync(join(dir, 'no-credentials-out'))).toBe(false);
  });
});
