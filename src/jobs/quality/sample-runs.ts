import { writeFileAtomically } from '../../pipeline/output';
import { join } from 'node:path';
import { samplePredictions, sampleGoldenEntries } from '../../pipeline/golden-seed';
import { fileResponder } from '../../pipeline/responders';
import { ResultsStore } from '../../pipeline/results-store';
import { evalRun } from './readout';

/**
 * The sample results store's history: one evaluation run a week of the sample warehouse (2026-W43 to W46), so that
 * the weekly Quality section has a latest run and a trend out of the box. W43 is production's prompts 2.3 (named
 * prod-2.3); W44 a 2.4 candidate that truncates a sixth of its answers and fails; W45 the fixed 2.4; W46 2.4 again.
 * Predictions files are written beside the golden set (predictions-W4x.jsonl).
 */
export async function recordSampleRuns(dir: string, golden: string, storeFile: string): Promise<string[]> {
  const entries = sampleGoldenEntries();
  const plan = [
    { day: '2026-10-23T15:00:00Z', seed: 7, prompts: '2.3', name: 'prod-2.3', truncate: 0 },
    { day: '2026-10-30T15:00:00Z', seed: 11, prompts: '2.4', name: undefined, truncate: 6 },
    { day: '2026-11-06T15:00:00Z', seed: 13, prompts: '2.4', name: undefined, truncate: 0 },
    { day: '2026-11-13T15:00:00Z', seed: 17, prompts: '2.4', name: 'prod-2.4', truncate: 0 },
  ];
  const store = await ResultsStore.open(storeFile);
  const ids: string[] = [];
  try {
    for (const [i, p] of plan.entries()) {
      const preds = samplePredictions(entries, p.seed).map((x, k) =>
        p.truncate && k % p.truncate === 0 ? { ...x, response_text: x.response_text.split(' ').slice(0, 4).join(' ') } : x,
      );
      const file = join(dir, `predictions-W${43 + i}.jsonl`);
      writeFileAtomically(file, `${preds.map((x) => JSON.stringify(x)).join('\n')}\n`);
      const r = await evalRun({
        golden,
        responder: fileResponder(file, { promptVersion: p.prompts, modelVersion: 'claude-3.5-sonnet' }),
        store,
        name: p.name,
        now: () => new Date(p.day),
      });
      ids.push(r.runId);
    }
  } finally {
    store.close();
  }
  return ids;
}
