import { bertScore } from '../../analysis/bertScore';
import { repeatVariance, type RepeatVariance } from '../../analysis/repeatVariance';
import type { BertScoreProvider } from '../../pipeline/bertscore-model';
import { InputError } from '../../pipeline/errors';
import type { Prediction } from '../../pipeline/eval-inputs';
import type { GoldenEntry } from '../../pipeline/golden';
import type { Responder, ResponderOutput } from '../../pipeline/responders';
import type { EntryResult } from '../../pipeline/results-store';
import { COMPARED } from './compare';

/** How each per-entry metric spreads across entries and across repeats of one entry (`eval --repeats N`). */
export interface RepeatsSummary {
  n: number;
  metrics: { metric: string; split: RepeatVariance | null; note: string | null }[];
}

/** The responder's answers, repeat by repeat, scored: what evalRun scores and gates on is the first repeat. */
export interface Answered<R> {
  /** The first repeat's output, with every repeat's failures (each naming its repeat when there are several). */
  out: ResponderOutput;
  missing: string[];
  run: R | null;
  /** Every repeat's scored run (the first included), or null for one repeat or an incomplete run. */
  runs: R[] | null;
  repeats: RepeatsSummary | null;
}

/**
 * Asks the responder for every entry `repeats` times (each repeat cached apart) and scores each repeat with `score`.
 * An entry missing from any repeat makes the run incomplete.
 * @throws InputError for repeats that are not a whole number from 1 to 20, or several repeats of a predictions file.
 */
export async function answerAndScore<R extends { entries: EntryResult[] }>(
  responder: Responder,
  entries: GoldenEntry[],
  repeats: number,
  provider: BertScoreProvider | null | undefined,
  score: (predictions: Map<string, Prediction>, bert: number[] | null) => R,
): Promise<Answered<R>> {
  if (!Number.isInteger(repeats) || repeats < 1 || repeats > 20)
    throw new InputError('--repeats', `must be a whole number from 1 to 20, got ${repeats}`);
  if (repeats > 1 && responder.kind === 'file')
    throw new InputError('--repeats', 'a predictions file holds one answer per entry: asking again needs --bedrock');
  const outs: ResponderOutput[] = [];
  for (let r = 0; r < repeats; r++) outs.push(await responder.respond(entries, undefined, r));
  const maps = outs.map((o) => new Map(o.predictions.map((p) => [p.query_id, p])));
  const missing = entries.filter((e) => maps.some((m) => !m.has(e.query_id))).map((e) => e.query_id);
  const out: ResponderOutput = {
    ...outs[0]!,
    failures: outs.flatMap((o, r) => o.failures.map((f) => (repeats > 1 ? { ...f, problem: `repeat ${r + 1}: ${f.problem}` } : f))),
    notes: [
      ...outs[0]!.notes,
      ...(repeats > 1 ? [`Each entry was answered ${repeats} times (eval --repeats); gates are those of the first answers.`] : []),
    ],
  };
  if (missing.length > 0) return { out, missing, run: null, runs: null, repeats: null };
  const runs: R[] = [];
  for (const m of maps) {
    let bert: number[] | null = null;
    if (provider) {
      const cands = entries.map((e) => m.get(e.query_id)!.response_text);
      const refs = entries.map((e) => e.reference_response);
      bert = bertScore(cands, refs, await provider.prepare([...cands, ...refs]), provider.options).f1;
    }
    runs.push(score(m, bert));
  }
  return { out, missing, run: runs[0]!, runs: repeats > 1 ? runs : null, repeats: repeats > 1 ? summarize(runs) : null };
}

/** The variance split of every compared per-entry metric over the repeats. */
function summarize(runs: { entries: EntryResult[] }[]): RepeatsSummary {
  return {
    n: runs.length,
    metrics: COMPARED.filter(([, , spec]) => spec !== null).map(([metric, , spec]) => {
      const values = runs[0]!.entries.map((_, i) => runs.map((run) => spec!.value(run.entries[i]!)));
      if (values.some((row) => row.some((x) => x === null))) return { metric, split: null, note: 'not measured' };
      return { metric, split: repeatVariance(values as number[][]), note: null };
    }),
  };
}

/** Each entry's mean over the repeats of a compared metric: what the paired tests read when there are repeats. */
export function repeatMeans(runs: { entries: EntryResult[] }[], value: (r: EntryResult) => number | null): (number | null)[] {
  return runs[0]!.entries.map((_, i) => {
    const xs = runs.map((run) => value(run.entries[i]!));
    return xs.some((x) => x === null) ? null : (xs as number[]).reduce((a, b) => a + b, 0) / xs.length;
  });
}
