import type { Source } from '../../pipeline/source';
import { periodJson, type Report } from '../report';
import { costReadout } from './readout';
import { costSections } from './sections';
import type { CostOptions } from './types';

/** The cost job: the readout as a report (one section per concern). */
export async function costReport(source: Source, options: CostOptions = {}): Promise<Report> {
  const readout = await costReadout(source, options);
  return {
    job: 'cost',
    source: source.description,
    period: periodJson(readout.period),
    generatedAt: (options.now ?? (() => new Date()))().toISOString(),
    sections: costSections(readout),
  };
}
