import type { Period } from '../../analysis/isoWeek';
import type { Source } from '../../pipeline/source';
import type { Section } from '../report';

/**
 * One capability's part of the weekly report: a readout that reads and computes (I/O through src/pipeline,
 * statistics through src/analysis) and sections that word the result (findings, tables, chart specs; nothing else).
 * The weekly job runs every registered part in turn (WEEKLY_PARTS in ./report.ts).
 */
export interface WeeklyPart<R = unknown> {
  /** A name for progress and errors: the capability. */
  id: string;
  readout: (source: Source, period: Period) => Promise<R>;
  sections: (readout: R) => Section[];
}

/** A part with its readout's type checked against its sections' (the registry holds parts of any readout type). */
export function weeklyPart<R>(part: WeeklyPart<R>): WeeklyPart {
  return part as WeeklyPart;
}

/** One part's sections for a period: its readout, then its wording. */
export async function partSections(part: WeeklyPart, source: Source, period: Period): Promise<Section[]> {
  return part.sections(await part.readout(source, period));
}
