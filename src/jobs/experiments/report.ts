import type { Source } from '../../pipeline/source';
import type { Report } from '../report';
import { experimentReadout } from './readout';
import { experimentSection, promotionChange } from './sections';
import type { Readout, ReadoutOptions } from './types';

/** The experiment job: one readout as a report, with its configuration archived and, on a ship decision, the promotion change. */
export async function experimentReport(
  source: Source,
  id: string,
  options: ReadoutOptions = {},
): Promise<{ report: Report; files: Record<string, string>; readout: Readout }> {
  const readout = await experimentReadout(source, id, options);
  const report: Report = {
    job: 'experiment',
    source: source.description,
    period: { label: readout.period.label, from: readout.period.from.toISOString(), to: readout.period.to.toISOString() },
    generatedAt: (options.now ?? (() => new Date()))().toISOString(),
    sections: [experimentSection(readout)],
  };
  const files: Record<string, string> = { 'readout-config.json': `${JSON.stringify(readout.config, null, 2)}\n` };
  const promotion = promotionChange(readout);
  if (promotion) files['promotion.json'] = `${JSON.stringify(promotion, null, 2)}\n`;
  return { report, files, readout };
}
