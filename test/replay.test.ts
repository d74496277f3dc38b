import { BedrockRuntimeClient, ConverseCommand, type ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { redactPii } from '../src/analysis/redactPii';
import { rougeL } from '../src/analysis/rougeL';
import { replayReport, replayTrace } from '../src/jobs/traces/replay';
import { DuckDBSource } from '../src/pipeline/duckdb-source';
import { writeReport } from '../src/jobs/render/write';
import { readFileSync } from 'node:fs';
import { mangalab, scalar } from './helpers';

const fixtures = inject('fixtures');
const client = new BedrockRuntimeClient({ region: 'us-east-1' });
const mock = mockClient(client);
let db: DuckDBSource;
let dir: string;
let turn: {
  trace_id: string;
  session_id: string;
  response_text: string;
  user_message: string;
  model: string;
  prompt_version: string;
  retrieved_chunk_ids: string;
};

beforeAll(async () => {
  db = await DuckDBSource.open(fixtures.duckdb);
  dir = mkdtempSync(join(tmpdir(), 'mangalab-replay-'));
  // A later LLM turn of a session with earlier turns, read straight from the fixture.
  const rows = (
    await db.conn.runAndReadAll(`
    SELECT r.trace_id, r.session_id, r.response_text, r.user_message, r.model, r.prompt_version, r.retrieved_chunk_ids FROM requests r
    WHERE r.handler = 'llm' AND r.intent = 'recommendation' AND r.prompt_version = 'v2.4'
      AND (SELECT count(*) FROM requests p WHERE p.session_id = r.session_id AND p.ts < r.ts) >= 2
    ORDER BY r.trace_id LIMIT 1`)
  ).getRowObjectsJS();
  turn = rows[0] as typeof turn;
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => mock.reset());

const options = () => ({ client, sleep: async () => {} });

describe('replayTrace', () => {
  it('replays a logged turn with its logged inputs and reports an exact match when the model repeats itself', async () => {
    mock.on(ConverseCommand).resolves({
      output: { message: { role: 'assistant', content: [{ text: `${turn.response_text}\n` }] } },
      stopReason: 'end_turn',
      usage: { inputTokens: 10, outputTokens: 10, totalTokens: 20 },
    });
    const r = await replayTrace(db, turn.trace_id, options());
    expect(r.exactMatch).toBe(true);
    expect(r.rouge.fmeasure).toBe(1);
    const input = mock.commandCalls(ConverseCommand)[0]!.args[0].input as ConverseCommandInput;
    expect(input.modelId).toBe('anthropic.claude-3-5-sonnet-20241022-v2:0');
    expect(input.inferenceConfig!.temperature).toBe(0.3);
    const user = input.messages![0]!.content![0]!.text!;
    expect(user.endsWith(`Customer: ${redactPii(turn.user_message, { luhn: false }).text}`)).toBe(true);
    // The earlier turns of the session, up to 6, reach the template as "Earlier:" lines (the v2.4 recommendation template renders them).
    const earlier = await scalar(
      db,
      `SELECT least(count(*), 6) FROM requests WHERE session_id = '${turn.session_id}' AND ts < (SELECT ts FROM requests WHERE trace_id = '${turn.trace_id}')`,
    );
    expect(r.historyTurns).toBe(earlier);
    expect(r.promptVersion).toBe(turn.prompt_version);
    expect(r.chunkIds).toEqual(JSON.parse(turn.retrieved_chunk_ids));
    expect(user.split('\n').filter((l) => l.startsWith('Earlier: '))).toHaveLength(2 * earlier);
  });

  it('reports ROUGE-L as rouge-score would for a different answer, and redacts PII in the report', async () => {
    const answer = 'Try Frieren next; questions? mail help@example.com.';
    mock.on(ConverseCommand).resolves({
      output: { message: { role: 'assistant', content: [{ text: answer }] } },
      stopReason: 'end_turn',
      usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
    });
    const r = await replayTrace(db, turn.trace_id, { ...options(), promptVersion: '2.3' });
    expect(r.exactMatch).toBe(false);
    // rougeL is checked against rouge-score in test/rougeL.test.ts; here the replay must report that same function's value.
    expect(r.rouge).toEqual(rougeL(turn.response_text, answer));
    expect(r.notes).toContain(`Replayed with prompt version 2.3; the turn was logged with ${turn.prompt_version}.`);
    const written = await writeReport(replayReport(r, new Date('2026-11-22T12:00:00Z')), join(dir, 'out'), ['md']);
    const md = readFileSync(written[0]!, 'utf8');
    expect(md).toContain('The replayed answer differs from the logged one.');
    expect(md).toContain('\\[EMAIL\\]'); // Markdown escapes the brackets
    expect(md).not.toContain('help@example.com');
  });

  it('sends the model the logged message with its personal data redacted in the warehouse', async () => {
    const [pii] = (
      await db.conn.runAndReadAll(
        `SELECT trace_id, user_message FROM requests WHERE handler = 'llm' AND user_message LIKE '%@example.com%' ORDER BY trace_id LIMIT 1`,
      )
    ).getRows();
    mock.on(ConverseCommand).resolves({
      output: { message: { role: 'assistant', content: [{ text: 'ok' }] } },
      stopReason: 'end_turn',
      usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
    });
    await replayTrace(db, String(pii![0]), options());
    const user = (mock.commandCalls(ConverseCommand)[0]!.args[0].input as ConverseCommandInput).messages![0]!.content![0]!.text!;
    expect(user).toContain('[EMAIL]');
    expect(user).not.toContain('@example.com');
    expect(user).toContain(redactPii(String(pii![1])).text);
  });

  it('refuses an unknown trace and a turn without an LLM call, exit 2 from the CLI', async () => {
    await expect(replayTrace(db, 'T-nope', options())).rejects.toThrow(`trace T-nope: no such turn in`);
    const template = (
      await db.conn.runAndReadAll(`SELECT trace_id FROM requests WHERE handler <> 'llm' ORDER BY trace_id LIMIT 1`)
    ).getRows()[0]![0] as string;
    await expect(replayTrace(db, template, options())).rejects.toThrow(/without an LLM call, so there is nothing to replay/);
    const cli = mangalab('replay', 'T-nope', '--source', fixtures.duckdb, '--out', join(dir, 'cli'));
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain('trace T-nope: no such turn in');
  });
});
