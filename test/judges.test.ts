import { BedrockRuntimeClient, ConverseCommand, type ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { categorizeFailure } from '../src/analysis/categorizeFailure';
import { isoWeek, weeksEnding } from '../src/analysis/isoWeek';
import { errorParams, readTurns, signals } from '../src/jobs/errors/readout';
import { judgeCheck, saveJudgeRecord } from '../src/jobs/judges/readout';
import { judgeSection } from '../src/jobs/judges/sections';
import { judgeTrust } from '../src/jobs/judges/trust';
import { DuckDBSource } from '../src/pipeline/duckdb-source';
import { loadErrorsConfig, type ErrorsConfig } from '../src/pipeline/errors-config';
import { ServiceError } from '../src/pipeline/errors';
import { ResultsStore } from '../src/pipeline/results-store';
import { mangalab, mangalabWithEnv, noAwsCredentials, pythonReference } from './helpers';

const fixtures = inject('fixtures');
const client = new BedrockRuntimeClient({ region: 'us-east-1' });
const mock = mockClient(client);
const noWait = { sleep: async () => {}, random: () => 0.5 };
const window = weeksEnding(isoWeek('2026-W46'), 12);
let dir: string;
let config: ErrorsConfig;
let source: DuckDBSource;

/** Labels by place in the batch: the first turn of every call hallucination, the rest missing_info. */
function byPlace(input: ConverseCommandInput) {
  const ids = [...input.messages![0]!.content![0]!.text!.matchAll(/^<<<(t\d+)$/gm)].map((m) => m[1]!);
  return {
    output: {
      message: {
        role: 'assistant' as const,
        content: [{ text: ids.map((id, i) => `${id}: ${i === 0 ? 'hallucination' : 'missing_info'}`).join('\n') }],
      },
    },
    stopReason: 'end_turn' as const,
    usage: { inputTokens: 900, outputTokens: 40, totalTokens: 940 },
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mangalab-judges-'));
  const base = loadErrorsConfig();
  config = { ...base, llm: { ...base.llm, cacheDir: join(dir, 'cache'), batchSize: 4 } };
  source = await DuckDBSource.open(fixtures.duckdb);
});
afterAll(async () => {
  await source.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('judge check', () => {
  it("measures the rule set against the annotators' agreed categories as scikit-learn does, stores it, and reads it back as not trusted", async () => {
    const record = await judgeCheck(source, { judge: 'rules', config, window, now: () => new Date('2026-11-20T00:00:00Z') });
    // The same turns, labelled here independently of the judge code.
    const turns = await readTurns(source, { ...errorParams(window, window, config), labelled: true, max_turns: 300, trace_ids: '' });
    const human = turns.map((t) => t.humanCategory!);
    const rules = turns.map((t) => categorizeFailure(signals(t)).category);
    // Expected kappa: test/reference/agreement_reference.py, scikit-learn's cohen_kappa_score.
    const [k] = pythonReference<[{ kappa: number }]>('agreement_reference.py', [{ kind: 'kappa', a: human, b: rules }]);
    expect(record.sample.items).toBe(turns.length);
    expect(turns.length).toBeGreaterThanOrEqual(30);
    // No intent prior stands out on the fixture's labels (they are spread evenly), so the rules label as without priors.
    expect(record.reliability.kappa).toBeCloseTo(k!.kappa, 12);
    expect(record.reliability.agreement).toBeCloseTo(human.filter((h, i) => h === rules[i]).length / turns.length, 12);
    expect(record.reliability.retest).toMatchObject({ n: turns.length, changed: 0, agreement: 1 });
    expect(record.reliability.order).toMatchObject({ n: turns.length, changed: 0, agreement: 1 });
    expect(record.reliability.trusted).toBe(false);
    expect(record.reliability.reason).toMatch(/^not trusted: kappa -?0\.\d\d is below the floor 0\.6$/);
    expect(record.rules!.byRule.reduce((s, r) => s + r.turns, 0)).toBe(turns.length);
    expect(record.rules!.byRule.reduce((s, r) => s + r.agreed, 0)).toBe(human.filter((h, i) => h === rules[i]).length);
    expect(record.rules!.unplaced.turns).toBe(
      rules.filter((c, i) => c === 'other' && categorizeFailure(signals(turns[i]!)).rule === 'no rule matched').length,
    );
    expect(record.reliability.selfPreference).toBeNull();

    const store = await ResultsStore.open(join(dir, 'results.duckdb'));
    try {
      expect((await judgeTrust(store, 'rules', 'rules', record.promptVersion)).reason).toMatch(
        /has no reliability record; run mangalab judge check --judge rules$/,
      );
      await saveJudgeRecord(store, record);
      const trust = await judgeTrust(store, 'rules', 'rules', record.promptVersion);
      expect(trust.trusted).toBe(false);
      expect(trust.reason).toBe(`judge ${record.reliability.reason} (record of 2026-11-20)`);
      expect(trust.record!.reliability.kappa).toBe(record.reliability.kappa);
      // A record of another rule-set version says nothing about this one.
      expect((await judgeTrust(store, 'rules', 'rules', '0')).record).toBeNull();
      const trusted = await judgeCheck(source, { judge: 'rules', config, window, floor: -1, now: () => new Date('2026-11-21T00:00:00Z') });
      await saveJudgeRecord(store, trusted);
      expect((await judgeTrust(store, 'rules', 'rules', record.promptVersion)).trusted).toBe(true);
    } finally {
      store.close();
    }
  });

  it('runs the LLM judge three times: cached, again uncached (retest) and shuffled (order), and checks self-preference', async () => {
    mock.reset();
    mock.on(ConverseCommand).callsFake(byPlace);
    const record = await judgeCheck(source, { judge: 'error-categorizer', config, window, client, retry: noWait, limit: 40 });
    const n = record.sample.items;
    expect(n).toBe(40);
    expect(mock.commandCalls(ConverseCommand)).toHaveLength(3 * Math.ceil(n / 4));
    const rel = record.reliability;
    expect(rel.answered).toBe(n);
    // The same batches answer the same way: test-retest is perfect; shuffled batches put other turns first.
    expect(rel.retest).toMatchObject({ n, changed: 0, agreement: 1 });
    expect(rel.order!.changed).toBeGreaterThan(0);
    expect(rel.order!.agreement!).toBeLessThan(1);
    // The fixture's responders are Claude models, as is the judge: the self-preference check runs.
    expect(record.sameFamily).toBe(true);
    expect(record.responderModels.length).toBeGreaterThan(0);
    expect(rel.selfPreference!.measure).toBe('share blamed on the responder, judge minus humans');
    expect(record.cost!.calls).toBe(3 * Math.ceil(n / 4));
    const section = judgeSection(record);
    expect(section.findings.find((f) => f.id === 'judge.self_preference')!.message).toMatch(/same model family as the responders/);
    expect(section.findings.find((f) => f.id === 'judge.trust')!.message).toMatch(
      /is not trusted: its kappa against the human failure categories is/,
    );
  });

  it('stores nothing and raises a service error when Bedrock answers nothing', async () => {
    mock.reset();
    mock.on(ConverseCommand).rejects(Object.assign(new Error('service unavailable'), { name: 'InternalServerException' }));
    const outage = { ...config, llm: { ...config.llm, cacheDir: join(dir, 'cache-outage') } };
    await expect(
      judgeCheck(source, { judge: 'error-categorizer', config: outage, window, client, retry: noWait, limit: 8 }),
    ).rejects.toThrow(ServiceError);
  });
});

/** `mangalab judge check --judge rules` on the fixture warehouse, with more arguments. */
const checkRules = (...args: string[]) => mangalab('judge', 'check', '--judge', 'rules', '--source', fixtures.duckdb, ...args);

describe('mangalab judge', () => {
  it('check writes the record and the report; list shows it', () => {
    const store = join(dir, 'cli.duckdb');
    const out = join(dir, 'cli-out');
    const r = checkRules('--store', store, '--out', out, '--week', '2026-W46');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warn: rules: not trusted: kappa/);
    const report = JSON.parse(readFileSync(join(out, 'judge', 'rules', 'report.json'), 'utf8'));
    expect(report.sections[0].tables[0].id).toBe('judge.record');
    const list = mangalab('judge', 'list', '--store', store);
    expect(list.stdout).toMatch(/^judge-\S+ {2}NOT TRUSTED 2026-\S+ {2}rules rules v2 {2}kappa -?\d\.\d\d on \d+ turns\n$/);
  });

  it('a labels file: measured on the turns it names; without a human label, a bad category or no known turn, exit 2 and nothing written', () => {
    const out = join(dir, 'file-out');
    const store = join(dir, 'file.duckdb');
    const run = (file: string) => checkRules('--store', store, '--out', out, '--sample', file);
    const unlabelled = join(dir, 'unlabelled.csv');
    writeFileSync(unlabelled, 'trace_id,failure_category\nT1,\nT2,none\n');
    const a = run(unlabelled);
    expect(a.code).toBe(2);
    expect(a.stderr.trim()).toBe(
      `error: ${unlabelled}: no row has a human failure category (2 rows: 1 without a label, 1 labelled none): a judge is measured against human labels`,
    );
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'trace_id,failure_category\nT1,hallucination\nT2,vibes\n');
    expect(run(bad).stderr.trim()).toMatch(
      /^error: .*bad\.csv \(line 3\): failure_category "vibes" is not one of wrong_intent, .*other \(or none\)$/,
    );
    const unknown = join(dir, 'unknown.jsonl');
    writeFileSync(unknown, '{"trace_id": "no-such-turn", "failure_category": "hallucination"}\n');
    const c = run(unknown);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/unknown\.jsonl: none of its 1 labelled trace ids is a turn between \d{4}-\d\d-\d\d and \d{4}-\d\d-\d\d/);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(store)).toBe(false);
  });

  it('a labels file naming real turns measures them with its labels', async () => {
    const turns = await readTurns(source, { ...errorParams(window, window, config), labelled: true, max_turns: 40, trace_ids: '' });
    const file = join(dir, 'labels.csv');
    writeFileSync(
      file,
      `trace_id,failure_category\n${turns.map((t) => `${t.traceId},${categorizeFailure(signals(t)).category}`).join('\n')}\n`,
    );
    const out = join(dir, 'labels-out');
    const r = checkRules('--no-store', '--out', out, '--sample', file, '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    const finding = JSON.parse(readFileSync(join(out, 'judge', 'rules', 'report.json'), 'utf8')).sections[0].findings[0];
    // The file labels every turn as the rules do: agreement 1, and trusted (40 items >= 30).
    expect(finding.message).toMatch(
      new RegExp(`^rules \\(rules\\) is trusted: its kappa against the human failure categories is 1\\.00 on ${turns.length} turns`),
    );
  });

  it('the LLM judge without AWS credentials: one message, exit 3, nothing stored', () => {
    const store = join(dir, 'nocred.duckdb');
    const r = mangalabWithEnv(
      noAwsCredentials(dir),
      'judge',
      'check',
      '--judge',
      'error-categorizer',
      '--source',
      fixtures.duckdb,
      '--store',
      store,
      '--out',
      join(dir, 'nocred-out'),
    );
    expect(r.code).toBe(3);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('error:'))).toEqual([
      expect.stringMatching(
        /^error: Bedrock anthropic\.claude-3-haiku-20240307-v1:0: no AWS credentials could be loaded .* Nothing was called\.$/,
      ),
    ]);
    expect(existsSync(store)).toBe(false);
  });
});
