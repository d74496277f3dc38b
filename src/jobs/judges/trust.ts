import type { ResultsStore } from '../../pipeline/results-store';
import type { JudgeName, JudgeRecord } from './types';

/** Whether a judge may be used for gating: its newest record for this model and prompt version, in a sentence. */
export interface JudgeTrust {
  trusted: boolean;
  /** "trusted: kappa 0.71 ..." / "judge not trusted: ..." / "judge not trusted: no reliability record ...". */
  reason: string;
  record: JudgeRecord | null;
}

/**
 * The trust state of a judge: trusted only when its newest record for this model and prompt version says so. A judge
 * with no record is not trusted either (nothing shows it agrees with humans).
 */
export async function judgeTrust(store: ResultsStore, judge: JudgeName, modelId: string, promptVersion: string): Promise<JudgeTrust> {
  const [stored] = await store.judgeRecords({ judge, modelId, promptVersion }, 1);
  if (!stored)
    return {
      trusted: false,
      reason: `judge not trusted: ${judge} (${modelId}, ${judge === 'rules' ? 'rules' : 'prompt'} v${promptVersion}) has no reliability record; run mangalab judge check --judge ${judge}`,
      record: null,
    };
  const record = stored.record as unknown as JudgeRecord;
  const when = stored.measuredAt.toISOString().slice(0, 10);
  return stored.trusted
    ? { trusted: true, reason: `${record.reliability.reason} (record of ${when})`, record }
    : { trusted: false, reason: `judge ${record.reliability.reason} (record of ${when})`, record };
}
