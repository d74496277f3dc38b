import type { Source } from '../../pipeline/source';
import { costPart } from '../cost/weekly';
import { errorsPart } from '../errors/report';
import { experimentsPart } from '../experiments/weekly';
import { driftPart } from '../monitoring/report';
import { overviewPart } from '../overview/weekly';
import { previousWeek, type Period } from '../../analysis/isoWeek';
import { InputError, NothingYetError } from '../../pipeline/errors';
import { log } from '../../pipeline/log';
import { readStoredWeek } from '../../pipeline/report-history';
import { resolveWeek } from '../period';
import { qualityPart } from '../quality/weekly';
import { retrievalPart } from '../retrieval/weekly';
import { periodJson, type Report, type Section } from '../report';
import { weeklyBrief, type PreviousWeek } from './brief';
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
  /**
   * The output folder earlier weeks were written to (`--out`): last week's report.json there is what "what changed"
   * compares with. Without it, or when that file is missing or unusable, last week's findings are recomputed.
   */
  outDir?: string;
}

/**
 * How many parts run side by side where the source can open more connections. Two: on the two-core machines this
 * project is measured on, a second lane lets the engine's threads and this process's own computing (chunking,
 * detectors, statistics) overlap (the whole job at 1M requests: 4.3 and 4.5 s against 4.5 and 5.0 s in one lane). At
 * 10M the engine fills both cores and a lane buys nothing; more lanes only contend for the same cores
 * (docs/benchmarks.md, "The weekly deck").
 */
export const WEEKLY_LANES = 2;

/**
 * Every part's sections, in the parts' order. Where the source can open more connections, WEEKLY_LANES parts run at
 * a time, each lane on a connection of its own (closed when the parts are done); otherwise the parts run in turn.
 */
async function sectionsOf(parts: WeeklyPart[], source: Source, period: Period): Promise<Section[]> {
  if (!source.fork) {
    const sections: Section[] = [];
    for (const part of parts) sections.push(...(await partSections(part, source, period)));
    return sections;
  }
  const results: Section[][] = new Array(parts.length);
  let next = 0;
  let failed = false;
  const lane = async () => {
    const own = await source.fork!();
    try {
      while (!failed && next < parts.length) {
        const i = next++;
        try {
          results[i] = await partSections(parts[i]!, own, period);
        } catch (e) {
          failed = true; // the other lanes take no new part; their running one ends before its connection closes
          throw e;
        }
      }
    } finally {
      await own.close();
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.min(WEEKLY_LANES, parts.length) }, lane));
  const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
  return results.flat();
}

/**
 * Last week's findings for the week-over-week comparison: read back from its report.json in the output folder when
 * that is a report of this job, week and source; otherwise recomputed from the warehouse, saying why in one sentence
 * (on the slide and in the log) when a file was there but could not be used.
 */
async function lastWeek(source: Source, period: Period, parts: WeeklyPart[], outDir?: string): Promise<PreviousWeek> {
  const label = previousWeek(period).label;
  let note: string | undefined;
  if (outDir) {
    const stored = readStoredWeek(outDir, 'weekly', label, source.description);
    if (stored.ok) return { week: stored.week, origin: 'report' };
    if (!stored.missing) {
      note = `Last week's report was not used: ${stored.problem}; ${label} was recomputed from the warehouse.`;
      log.warn(note);
    }
  }
  log.debug(`weekly: recomputing ${label}'s findings for "what changed"`);
  let sections: Section[];
  try {
    // resolveWeek refuses a week with no requests (the source's first week has nothing to compare with).
    sections = await sectionsOf(parts, source, await resolveWeek(source, label));
  } catch (e) {
    if (!(e instanceof InputError || e instanceof NothingYetError)) throw e;
    const why = `No comparison with ${label}: it could not be computed (${e.message.split('\n')[0]}).`;
    log.warn(why);
    return { week: { label, findings: [], streaks: null }, origin: 'none', note: note ? `${note} ${why}` : why };
  }
  const findings = sections.flatMap((s) => s.findings.map((f) => ({ ...f, section: s.id, sectionTitle: s.title })));
  return { week: { label, findings, streaks: null }, origin: 'recomputed', ...(note ? { note } : {}) };
}

/**
 * The weekly job: every registered part for one ISO week (this week against the week before), and the brief the
 * deck's main slides show (./brief.ts), which compares the week's findings with last week's.
 */
export async function weeklyReport(source: Source, options: WeeklyOptions = {}): Promise<Report> {
  const period = await resolveWeek(source, options.week);
  const parts = options.parts ?? WEEKLY_PARTS;
  const report: Report = {
    job: 'weekly',
    source: source.description,
    period: periodJson(period),
    generatedAt: (options.now ?? (() => new Date()))().toISOString(),
    sections: await sectionsOf(parts, source, period),
  };
  report.brief = weeklyBrief(report, await lastWeek(source, period, parts, options.outDir));
  return report;
}
