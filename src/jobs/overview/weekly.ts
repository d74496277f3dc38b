import { weeklyPart } from '../weekly/part';
import { overviewReadout } from './readout';
import { overviewSections } from './sections';

/** The weekly report's Overview. */
export const overviewPart = weeklyPart({ id: 'overview', readout: overviewReadout, sections: overviewSections });
