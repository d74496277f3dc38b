// The config schemas (src/pipeline/config-schema.ts and the loaders beside each file): one message form per file,
// naming the file, the JSON path (a list entry by its label) and the problem; the checked value is what jobs use.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadActivePrompts } from '../src/jobs/actions/prompt-versions';
import { loadGrid } from '../src/jobs/retrieval/readout';
import { loadBedrockConfig } from '../src/pipeline/bedrock';
import { checkConfig, num, z } from '../src/pipeline/config-schema';
import { loadEvalConfig } from '../src/pipeline/eval-inputs';
import { loadPrices } from '../src/pipeline/prices';
import { loadMonitoringConfig } from '../src/pipeline/monitoring-config';

const dir = mkdtempSync(join(tmpdir(), 'mangalab-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, doc: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(doc));
  return path;
};
const shipped = (name: string) => JSON.parse(readFileSync(join('config', name), 'utf8')) as Record<string, unknown>;

describe('checkConfig', () => {
  const schema = z.object({ items: z.array(z.object({ id: z.string(), n: num({ min: 0 }) })), depth: num({ above: 0 }) });

  it('names the JSON path inside the message by default, and the place apart with placed, a list entry by its label', () => {
    const doc = {
      items: [
        { id: 'a', n: 1 },
        { id: 'b', n: -2 },
      ],
      depth: 1,
    };
    expect(() => checkConfig(schema, doc, 'x.json')).toThrow('x.json: items[1].n must be at least 0, got -2');
    expect(() => checkConfig(schema, doc, 'x.json', { placed: true, label: 'id' })).toThrow(
      'x.json (items[1] (b)): n must be at least 0, got -2',
    );
    expect(() => checkConfig(schema, { items: [], depth: 0 }, 'x.json', { placed: true })).toThrow(
      'x.json (depth): must be above 0, got 0',
    );
  });

  it('says a missing field is missing, and returns the checked document', () => {
    expect(() => checkConfig(schema, { items: [] }, 'x.json')).toThrow(
      'x.json: depth must be a number, got nothing (the field is missing)',
    );
    expect(checkConfig(schema, { items: [{ id: 'a', n: 0 }], depth: 2, extra: true }, 'x.json')).toEqual({
      items: [{ id: 'a', n: 0 }],
      depth: 2,
    });
  });
});

describe('the shipped config files pass their schemas; a broken copy fails naming the place', () => {
  it('eval.json: the gates as the readout uses them, and a gate without a threshold named by its metric', () => {
    const c = loadEvalConfig();
    expect(c.gates.map((g) => g.metric)).toContain('intent_accuracy');
    expect(c.gates.find((g) => g.metric === 'avg_bertscore_f1')).toEqual({
      metric: 'avg_bertscore_f1',
      comparator: '>=',
      threshold: 0.8,
      mayBeSkipped: true,
    });
    const doc = shipped('eval.json') as { gates: Record<string, unknown>[] };
    delete doc.gates[0]!.threshold;
    const bad = file('eval.json', doc);
    expect(() => loadEvalConfig(bad)).toThrow(
      `${bad} (gates[0] (intent_accuracy)): threshold must be a number, got nothing (the field is missing)`,
    );
    const f = file('eval-format.json', { ...shipped('eval.json'), format: { max_chars: 0, no_emoji: true, consistent_lists: true } });
    expect(() => loadEvalConfig(f)).toThrow(`${f} (format.max_chars): must be a positive whole number, got 0`);
  });

  it('bedrock.json: whole numbers in range, non-empty names, the guardrail an object or null', () => {
    expect(loadBedrockConfig().concurrency).toBeGreaterThanOrEqual(1);
    const tokens = file('bedrock-tokens.json', { ...shipped('bedrock.json'), max_tokens: 1.5 });
    expect(() => loadBedrockConfig(tokens)).toThrow(`${tokens} (max_tokens): must be a whole number from 1 to 200000, got 1.5`);
    const region = file('bedrock-region.json', { ...shipped('bedrock.json'), region: ' ' });
    expect(() => loadBedrockConfig(region)).toThrow(`${region} (region): must be a non-empty string, got " "`);
    const guard = file('bedrock-guard.json', { ...shipped('bedrock.json'), guardrail: 'g-1' });
    expect(() => loadBedrockConfig(guard)).toThrow(
      `${guard} (guardrail): must be null or {"identifier": "...", "version": "..."}, got "g-1"`,
    );
  });

  it('bedrock.json: a model id, a cross-region inference profile id or an ARN; anything else named', () => {
    for (const id of [
      'anthropic.claude-3-haiku-20240307-v1:0',
      'us.anthropic.claude-3-5-sonnet-20241022-v2:0',
      'apac.anthropic.claude-sonnet-4-20250514-v1:0',
      'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0',
    ])
      expect(loadBedrockConfig(file('bedrock-id.json', { ...shipped('bedrock.json'), model_id: id })).modelId).toBe(id);
    const bad = file('bedrock-bad-id.json', { ...shipped('bedrock.json'), models: { 'claude-3-haiku': 'claude haiku' } });
    expect(() => loadBedrockConfig(bad)).toThrow(
      `${bad} (models.claude-3-haiku): must be a Bedrock model id, an inference profile id (us.anthropic...) or an ARN, got "claude haiku"`,
    );
  });

  it('prices.json: a bad date named by the entry and its model; an empty list refused', () => {
    const doc = shipped('prices.json') as { models: Record<string, unknown>[] };
    const model = doc.models[0]!.model as string;
    doc.models[0]!.effective_from = '2026-1-1';
    const bad = file('prices.json', doc);
    expect(() => loadPrices(bad)).toThrow(`${bad} (models[0] (${model})): effective_from must be a date YYYY-MM-DD, got "2026-1-1"`);
    const none = file('prices-none.json', { version: '1', models: [] });
    expect(() => loadPrices(none)).toThrow(`${none} (models): must list at least one model, got []`);
  });

  it('active-prompts.json: every intent needs both versions and a history; other fields are kept for the rewrite', () => {
    const a = loadActivePrompts();
    expect(Object.keys(a.intents).length).toBeGreaterThan(0);
    expect(a.doc).toMatchObject({ intents: a.intents });
    const doc = shipped('active-prompts.json') as { intents: Record<string, Record<string, unknown>> };
    const intent = Object.keys(doc.intents)[0]!;
    delete doc.intents[intent]!.model_version;
    const bad = file('active-prompts.json', { ...doc, owner: 'ml-platform' });
    expect(() => loadActivePrompts(bad)).toThrow(
      `${bad} (intents.${intent}.model_version): must be a string, got nothing (the field is missing)`,
    );
    const kept = file('active-kept.json', { ...shipped('active-prompts.json'), owner: 'ml-platform' });
    expect(loadActivePrompts(kept).doc.owner).toBe('ml-platform');
  });

  it('a chunk grid: bare list or { configs }, defaults filled, names unique, ranges from the chunker', () => {
    expect(loadGrid(file('grid.json', [{ name: 'a', size: 256, overlap: 32 }]))).toEqual([
      { name: 'a', size: 256, overlap: 32, mode: 'tokens', metadata: 'none' },
    ]);
    const twice = file('grid-twice.json', {
      configs: [
        { name: 'a', size: 256, overlap: 32 },
        { name: 'a', size: 512, overlap: 0, mode: 'sentences' },
      ],
    });
    expect(() => loadGrid(twice)).toThrow(`${twice} (configs[1] (a)): name a is used twice`);
    const size = file('grid-size.json', [{ name: 'big', size: 4096, overlap: 0 }]);
    expect(() => loadGrid(size)).toThrow(
      `${size} (configs[0] (big)): chunk size must be a whole number of tokens from 128 to 1024, got 4096`,
    );
    const meta = file('grid-meta.json', [{ name: 'm', size: 256, overlap: 0, metadata: 'all' }]);
    expect(() => loadGrid(meta)).toThrow(`${meta} (configs[0] (m)): metadata must be one of none, fields, prepend, got "all"`);
  });

  it('monitoring: a file from before the noise guards gets the shipped guards; a confirmation window must be a multiple', () => {
    const doc = shipped('monitoring.json') as {
      false_alarms_per_year?: unknown;
      drift: Record<string, unknown>;
      alerts: Record<string, unknown>[];
    };
    delete doc.false_alarms_per_year;
    delete doc.drift.embedding;
    delete doc.drift.min_intent_turns;
    const old = loadMonitoringConfig(file('monitoring-old.json', doc));
    const now = loadMonitoringConfig();
    expect(old.falseAlarmsPerYear).toEqual(now.falseAlarmsPerYear);
    expect(old.drift.embedding).toEqual(now.drift.embedding);
    expect(old.drift.minIntentTurns).toBe(now.drift.minIntentTurns);
    // A 15m critical rule: one false alarm a year over 365 x 96 windows.
    expect(now.alerts.find((a) => a.id === 'latency_p99_critical')).toMatchObject({ confirmMinutes: 60, alpha: 1 / (365 * 96) });
    const drift = doc.drift as { embedding?: Record<string, unknown> };
    drift.embedding = {
      seed: 1,
      fdr: 0.05,
      sample_size: 2000,
      classifier_sample: 1000,
      mmd_sample: 400,
      min_samples: 50,
      permutations: 199,
    };
    const few = file('monitoring-few.json', doc);
    expect(() => loadMonitoringConfig(few)).toThrow(
      /drift\.embedding\.permutations must be at least 400 for a permutation p-value to fall under embedding_p_value \/ 4 = 0\.0025/,
    );
    delete drift.embedding;
    doc.alerts[0]!.confirm_window = '90m';
    const bad = file('monitoring-bad.json', doc);
    expect(() => loadMonitoringConfig(bad)).toThrow(/alerts\[0\]\.confirm_window must be a whole multiple of the window \(1h\) and longer/);
  });
});
