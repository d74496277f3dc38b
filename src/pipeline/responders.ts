import { loadPredictions, type Prediction } from './eval-inputs';
import type { GoldenEntry } from './golden';

/** What a responder returns for a golden set: the predictions it could make and the entries it could not. */
export interface ResponderOutput {
  predictions: Prediction[];
  /** Entries with no prediction and why (a Bedrock call that failed after its retries, say). */
  failures: { queryId: string; problem: string }[];
  promptVersion: string | null;
  modelVersion: string | null;
  /** Lines for the report: spend, cache hits, what was not measured. */
  notes: string[];
}

/** Produces the responses to score: from a file of pipeline outputs, or by calling the model. */
export interface Responder {
  kind: 'file' | 'bedrock';
  /** Where the responses come from, for the report's source line. */
  describe: string;
  /**
   * Answers the entries. `repeat` (0 for the first answer) asks again: a sampling responder gives a fresh answer for
   * each repeat, cached apart; a file holds one answer per entry and ignores it.
   */
  respond(entries: GoldenEntry[], signal?: AbortSignal, repeat?: number): Promise<ResponderOutput>;
}

/**
 * The file responder: a JSONL of pipeline outputs (query_id, classified_intent, response_text, guardrail_passed,
 * latency_ms, input_tokens, output_tokens). Read in full and checked before anything is scored.
 * @throws InputError (from loadPredictions) naming the file, the line and the field.
 */
export function fileResponder(file: string, versions: { promptVersion?: string; modelVersion?: string } = {}): Responder {
  return {
    kind: 'file',
    describe: `predictions ${file}`,
    respond: async () => ({
      predictions: loadPredictions(file),
      failures: [],
      promptVersion: versions.promptVersion ?? null,
      modelVersion: versions.modelVersion ?? null,
      notes: [],
    }),
  };
}
