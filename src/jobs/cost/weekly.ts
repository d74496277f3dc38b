import type { Period } from '../../analysis/isoWeek';
import { InputError } from '../../pipeline/errors';
import type { Source } from '../../pipeline/source';
import type { Section } from '../report';
import { weeklyPart } from '../weekly/part';
import { costReadout } from './readout';
import { costSummarySection } from './sections';
import type { CostReadout } from './types';

/** The cost readout of a week, or why the cost job refused it (a model without a price on a day it ran, a broken config/cost.json). */
export type CostWeekly = { readout: CostReadout } | { refused: string };

async function costWeeklyReadout(source: Source, period: Period): Promise<CostWeekly> {
  try {
    return { readout: await costReadout(source, { resolved: { period, kind: 'week' } }) };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { refused: e.message };
  }
}

/** The Cost section, or a warning that says why it could not be computed, so the rest of the weekly report still runs. */
function costWeeklySections(r: CostWeekly): Section[] {
  if ('readout' in r) return [costSummarySection(r.readout)];
  return [
    {
      id: 'cost',
      title: 'Cost',
      findings: [
        {
          id: 'cost.not_computed',
          severity: 'warning',
          metric: 'llm_cost_usd',
          value: null,
          message: `The cost section could not be computed: ${r.refused}.`,
        },
      ],
      tables: [],
      charts: [],
    },
  ];
}

/** The weekly report's Cost section for one ISO week. */
export const costPart = weeklyPart({ id: 'cost', readout: costWeeklyReadout, sections: costWeeklySections });
