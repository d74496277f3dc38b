import { redactPii } from '../../analysis/redactPii';
import { rougeL, type RougeScore } from '../../analysis/rougeL';
import { bedrockResponder, loadBedrockConfig, type BedrockConfig } from '../../pipeline/bedrock';
import { InputError } from '../../pipeline/errors';
import type { GoldenEntry } from '../../pipeline/golden';
import { readReplayHistory, readReplayTurn } from '../../pipeline/rows/replay';
import type { Source } from '../../pipeline/source';
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { Report } from '../report';

export interface ReplayOptions {
  bedrockConfig?: string;
  /** Replay with this prompt version instead of the logged one (what would the candidate have said?). */
  promptVersion?: string;
  promptsDir?: string;
  /** Earlier turns of the session given to the template (default 6). */
  maxTurns?: number;
  client?: BedrockRuntimeClient;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
}

export interface ReplayResult {
  traceId: string;
  sessionId: string;
  intent: string;
  model: string;
  modelId: string;
  loggedModelVersion: string | null;
  promptVersion: string;
  chunkIds: string[];
  historyTurns: number;
  logged: string;
  replayed: string;
  exactMatch: boolean;
  rouge: RougeScore;
  notes: string[];
}

/**
 * Re-runs a logged turn (US-10.1): reads its inputs from the warehouse (queries/replay/turn and history: the user
 * message, classified intent, prompt and model versions, retrieved chunk ids, earlier turns), renders the logged
 * prompt version and calls the model the turn used through the bedrock responder, then compares the answer with the
 * logged one: exact match (after trimming) and ROUGE-L.
 * @throws InputError for an unknown trace id, a turn without an LLM call, a model config/bedrock.json cannot map,
 * or a prompt version prompts/ does not hold; ServiceError-like messages when the call fails after its retries.
 */
export async function replayTrace(source: Source, traceId: string, options: ReplayOptions = {}): Promise<ReplayResult> {
  const rows = await readReplayTurn(source, { trace_id: traceId });
  if (rows.length === 0) throw new InputError(`trace ${traceId}`, `no such turn in ${source.description}`);
  const t = rows[0]!;
  if (t.model === null || t.handler !== 'llm') {
    throw new InputError(
      `trace ${traceId}`,
      `was answered by the ${String(t.handler)} handler without an LLM call, so there is nothing to replay`,
    );
  }
  const base = loadBedrockConfig(options.bedrockConfig);
  const modelId = base.models[String(t.model)];
  if (!modelId)
    throw new InputError(base.file, `has no Bedrock model id for ${String(t.model)} (the model trace ${traceId} used)`, 'models');
  const history = await readReplayHistory(source, { trace_id: traceId, max_turns: options.maxTurns ?? 6 });
  const promptVersion = options.promptVersion ?? String(t.promptVersion);
  let chunkIds: string[];
  try {
    chunkIds = t.retrievedChunkIds ? (JSON.parse(t.retrievedChunkIds) as string[]) : [];
  } catch {
    chunkIds = []; // logged text that is not a JSON list: replay without chunk ids
  }
  const entry: GoldenEntry = {
    query_id: traceId,
    query: t.userMessage ?? '',
    expected_intent: String(t.intent),
    reference_response: t.responseText ?? '',
    context: {
      previous_turns: history.flatMap((h) => [h.userMessage ?? '', h.responseText ?? '']),
      retrieved_chunk_ids: chunkIds,
    },
    required_elements: [],
    prohibited_elements: [],
    rubric: 'replay',
    tags: [],
    adversarial: false,
  };
  const config: BedrockConfig = { ...base, modelId, priceModel: String(t.model), concurrency: 1 };
  const responder = bedrockResponder({
    promptVersion,
    config,
    promptsDir: options.promptsDir,
    cache: false,
    classified: new Map([[traceId, String(t.intent)]]),
    client: options.client,
    retry: options.sleep ? { sleep: options.sleep } : undefined,
  });
  const out = await responder.respond([entry]);
  if (out.failures.length > 0) throw new Error(`replay of ${traceId} failed: ${out.failures[0]!.problem}`);
  const replayed = out.predictions[0]!.response_text;
  const logged = entry.reference_response;
  const notes = [...out.notes.slice(0, 1)];
  if (options.promptVersion && options.promptVersion !== t.promptVersion)
    notes.push(`Replayed with prompt version ${options.promptVersion}; the turn was logged with ${String(t.promptVersion)}.`);
  notes.push(
    "Retrieved chunks are passed by id: the knowledge base text is not part of the warehouse, so a replay cannot show the chunks' text to the model as the original call did.",
  );
  return {
    traceId,
    sessionId: String(t.sessionId),
    intent: String(t.intent),
    model: String(t.model),
    modelId,
    loggedModelVersion: t.modelVersion,
    promptVersion,
    chunkIds,
    historyTurns: history.length,
    logged,
    replayed,
    exactMatch: replayed.trim() === logged.trim(),
    rouge: rougeL(logged, replayed),
    notes,
  };
}

/** The replay as a report: the verdict first, then the inputs, then both texts with personal data redacted (again: the
 * warehouse redacted the logged turn, and the replayed answer may echo something). */
export function replayReport(r: ReplayResult, generatedAt: Date): Report {
  const at = generatedAt.toISOString();
  return {
    job: 'replay',
    source: `trace ${r.traceId}`,
    period: { label: r.traceId, from: at, to: at },
    generatedAt: at,
    sections: [
      {
        id: 'replay',
        title: `Replay of ${r.traceId}`,
        findings: [
          {
            id: 'replay.exact_match',
            metric: 'exact_match',
            value: r.exactMatch ? 1 : 0,
            severity: r.exactMatch ? 'info' : 'warning',
            message: r.exactMatch
              ? 'The replayed answer matches the logged one exactly.'
              : 'The replayed answer differs from the logged one.',
          },
          {
            id: 'replay.rouge_l',
            metric: 'rouge_l_f',
            value: r.rouge.fmeasure,
            severity: 'info',
            message: `ROUGE-L of the replay against the logged answer: F ${r.rouge.fmeasure.toFixed(3)} (precision ${r.rouge.precision.toFixed(3)}, recall ${r.rouge.recall.toFixed(3)}).`,
          },
          ...r.notes.map((n, i) => ({ id: `replay.note.${i}`, metric: 'note', value: null, severity: 'info' as const, message: n })),
        ],
        tables: [
          {
            id: 'replay.inputs',
            title: 'Logged inputs',
            columns: [
              { key: 'field', label: 'Field' },
              { key: 'value', label: 'Value' },
            ],
            rows: [
              { field: 'session', value: r.sessionId },
              { field: 'intent', value: r.intent },
              { field: 'prompt version', value: r.promptVersion },
              { field: 'model', value: `${r.model} (${r.modelId}); logged model version ${r.loggedModelVersion ?? 'none'}` },
              { field: 'retrieved chunks', value: r.chunkIds.join(', ') || 'none' },
              { field: 'earlier turns given', value: String(r.historyTurns) },
            ],
          },
          {
            id: 'replay.texts',
            title: 'Answers (PII redacted)',
            columns: [
              { key: 'which', label: '' },
              { key: 'text', label: 'Text' },
            ],
            rows: [
              { which: 'logged', text: redactPii(r.logged).text },
              { which: 'replayed', text: redactPii(r.replayed).text },
            ],
          },
        ],
        charts: [],
      },
    ],
  };
}
