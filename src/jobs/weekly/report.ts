import type { Period } from '../../analysis/isoWeek';
import { resolveWeek } from '../period';
import type { Source } from '../../pipeline/source';
import { periodJson, type Report, type Section } from '../report';

import { costWeeklySection } from '../cost/weekly';
import { driftWeeklySections } from '../monitoring/report';
import { errorsWeeklySections } from '../errors/report';
import { experimentsSection } from '../experiments/weekly';
import { overviewSection } from '../overview/sections';
import { qualitySection } from '../quality/weekly';
import { retrievalSection } from '../retrieval/weekly';

export { resolvePeriod, resolveWeek } from '../period';

/** A section (or sections built together) of the weekly report, from a source for a period. Later capabilities add theirs here. */
export type WeeklySection = (source: Source, period: Period) => Promise<Section | Section[]>;

export const WEEKLY_SECTIONS: WeeklySection[] = [overviewSection, qualitySection(), retrievalSection(), costWeeklySection, experimentsSection, driftWeeklySections(), errorsWeeklySections()];

export interface WeeklyOptions {
  /** ISO week YYYY-Www; default: the latest complete week in the source. */
  week?: string;
  /** Injected for reproducible output in tests. */
  now?: () => Date;
  sections?: WeeklySection[];
}

/** The weekly job: every registered section for one ISO week (this week against the week before). */
export async function weeklyReport(source: Source, options: WeeklyOptions = {}): Promise<Report> {
  const period = await resolveWeek(source, options.week);
  const sections: Section[] = [];
  for (const build of options.sections ?? WEEKLY_SECTIONS) sections.push(...[await build(source, period)].flat());
  return {
    job: 'weekly',
    source: source.description,
    period: periodJson(period),
    generatedAt: (options.now ?? (() => new Date()))().toISOString(),
    sections,
  };
}
