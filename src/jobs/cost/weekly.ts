import type { Period } from '../../analysis/isoWeek';
import { InputError } from '../../pipeline/errors';
import type { Source } from '../../pipeline/source';
import { costReadout } from './readout';
import type { Section } from '../report';
import { costSummarySection } from './sections';

/**
 * The weekly report's Cost section for one ISO week. A week the cost job refuses (a model without a price on a day
 * it ran, a broken config/cost.json) becomes a warning that says why, so the rest of the weekly report still runs.
 */
export async function costWeeklySection(source: Source, period: Period): Promise<Section> {
  try {
    return costSummarySection(await costReadout(source, { week: period.label }));
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return {
      id: 'cost',
      title: 'Cost',
      findings: [{ id: 'cost.not_computed', severity: 'warning', metric: 'llm_cost_usd', value: null, message: `The cost section could not be computed: ${e.message}.` }],
      tables: [],
      charts: [],
    };
  }
}
