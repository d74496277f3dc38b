import type { Source } from '../../pipeline/source';
import { costPart } from '../cost/weekly';
import { errorsPart } from '../errors/report';
import { experimentsPart } from '../experiments/weekly';
import { driftPart } from '../monitoring/report';
import { overviewPart } from '../overview/weekly';
import { resolveWeek } from '../period';
import { qualityPart } from '../quality/weekly';
import { retrievalPart } from '../retrieval/weekly';
import { periodJson, type Report, type Section } from '../report';
import { partSections, type WeeklyPart } from './part';

export { resolvePeriod, resolveWeek } from '../period';

/**
 * The weekly report's parts, in the order the report shows them: a new capability adds its part (a readout and its
 * sections, see ./part.ts and docs/architecture.md) here.
 */
export const WEEKLY_PARTS: WeeklyPart[] = [
  overviewPart,
  qualityPart(),
  retrievalPart(),
  costPart,
  experimentsPart,
  driftPart(),
  errorsPart(),
];

export interface WeeklyOptions {
  /** ISO week YYYY-Www; default: the latest complete week in the source. */
  week?: string;
  /** Injected for reproducible output in tests. */
  now?: () => Date;
  parts?: WeeklyPart[];
}

/** The weekly job: every registered part for one ISO week (this week against the week before). */
export async function weeklyReport(source: Source, options: WeeklyOptions = {}): Promise<Report> {
  const period = await resolveWeek(source, options.week);
  const sections: Section[] = [];
  for (const part of options.parts ?? WEEKLY_PARTS) sections.push(...(await partSections(part, source, period)));
  return {
    job: 'weekly',
    source: source.description,
    period: periodJson(period),
    generatedAt: (options.now ?? (() => new Date()))().toISOString(),
    sections,
  };
}
