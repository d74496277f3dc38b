import { qualityWeeklyReadout } from './readout';
import { paths } from '../../pipeline/paths';
import { weeklyPart, type WeeklyPart } from '../weekly/part';
import { qualitySections } from './sections';

/** The Quality part of the weekly report, from the results store (data/results.duckdb, or MANGALAB_RESULTS). */
export function qualityPart(storeFile?: string): WeeklyPart {
  return weeklyPart({
    id: 'quality',
    readout: (_source, period) => qualityWeeklyReadout(storeFile ?? paths.resultsStore(), period),
    sections: qualitySections,
  });
}
