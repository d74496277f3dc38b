import { retrievalWeeklyReadout } from './readout';
import { weeklyPart, type WeeklyPart } from '../weekly/part';
import { retrievalSections } from './sections';

/** The Retrieval part of the weekly report (config/retrieval.json and the results store unless given; production retrievals from the source). */
export function retrievalPart(options: { configFile?: string; storeFile?: string } = {}): WeeklyPart {
  return weeklyPart({
    id: 'retrieval',
    readout: (source, period) => retrievalWeeklyReadout(options, period, source),
    sections: retrievalSections,
  });
}
