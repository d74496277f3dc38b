import type { Report } from '../report';
import { evalRun, type EvalOptions, type EvalReadout } from './readout';
import { evalSections } from './sections';

/** The eval job as a report, filed under the golden set's version. */
export async function evalReport(options: EvalOptions): Promise<{ report: Report; readout: EvalReadout }> {
  const readout = await evalRun(options);
  const at = readout.createdAt.toISOString();
  const label = `${readout.golden.version}${options.intent ? `-${options.intent}` : ''}`;
  const versions = [
    readout.responder.promptVersion && `prompts ${readout.responder.promptVersion}`,
    readout.responder.modelVersion && `model ${readout.responder.modelVersion}`,
  ]
    .filter(Boolean)
    .join(', ');
  return {
    readout,
    report: {
      job: 'eval',
      source: `${readout.golden.file} (sha256 ${readout.golden.sha256.slice(0, 12)}); ${readout.responder.describe}${versions ? ` (${versions})` : ''}; run ${readout.runId}`,
      period: { label, from: at, to: at },
      generatedAt: at,
      sections: evalSections(readout),
    },
  };
}
