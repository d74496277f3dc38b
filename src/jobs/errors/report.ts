import type { Period } from '../../analysis/isoWeek';
import { previousWeek } from '../../analysis/isoWeek';
import { loadErrorsConfig, type ErrorsConfig } from '../../pipeline/errors-config';
import type { Source } from '../../pipeline/source';
import { errorsReadout, type ErrorsOptions, type ErrorsReadout } from './readout';
import { humanEvalReadout, type HumanEvalReadout } from '../human-eval/readout';
import { resolveWeek } from '../period';
import { markdownTable } from '../render/markdown';
import { periodJson, type Report, type Section } from '../report';
import { errorsSection } from './sections';
import { humanEvalSection } from '../human-eval/sections';
import { weeklyPart, type WeeklyPart } from '../weekly/part';

export interface ErrorsReportOptions extends ErrorsOptions {
  week?: string;
  configFile?: string;
  config?: ErrorsConfig;
  now?: () => Date;
}

/** What the Errors & Feedback and Human Evaluation sections show for one ISO week. */
export interface ErrorsWeekly {
  errors: ErrorsReadout;
  human: HumanEvalReadout;
}

async function errorsWeeklyReadout(source: Source, week: Period, config: ErrorsConfig, options: ErrorsOptions = {}): Promise<ErrorsWeekly> {
  const errors = await errorsReadout(source, week, previousWeek(week), config, options);
  return { errors, human: await humanEvalReadout(source, week, config) };
}

function errorsWeeklySections(r: ErrorsWeekly): Section[] {
  return [errorsSection(r.errors), humanEvalSection(r.human)];
}

/**
 * The weekly error analysis job (`mangalab report errors`, US-8.2, US-8.1, US-3.6): one ISO week (default the latest
 * complete one) against the week before, and backlog.md, the ranked backlog items as Markdown to paste into the sprint.
 * @throws InputError for a malformed week, a week the source holds no data for, or a bad configuration.
 */
export async function errorsReport(
  source: Source,
  options: ErrorsReportOptions = {},
): Promise<{ report: Report; files: Record<string, string> }> {
  const config = options.config ?? loadErrorsConfig(options.configFile);
  const week = await resolveWeek(source, options.week);
  const sections = errorsWeeklySections(await errorsWeeklyReadout(source, week, config, options));
  const report: Report = {
    job: 'errors',
    source: source.description,
    period: periodJson(week),
    generatedAt: (options.now ?? (() => new Date()))().toISOString(),
    sections,
  };
  const backlog = sections[0]!.tables.find((t) => t.id === 'errors.backlog')!;
  const header = `# Error analysis backlog, ${week.label}\n\n${sections[0]!.findings
    .filter((f) => f.id === 'errors.total')
    .map((f) => f.message)
    .join('\n')}\n\n`;
  return { report, files: { 'backlog.md': `${header}${markdownTable(backlog).join('\n')}\n` } };
}

/** The weekly report's Errors & Feedback and Human Evaluation sections (rule-based categorizer, config/errors.json). */
export function errorsPart(configFile?: string): WeeklyPart {
  return weeklyPart({
    id: 'errors',
    readout: (source, period) => errorsWeeklyReadout(source, period, loadErrorsConfig(configFile)),
    sections: errorsWeeklySections,
  });
}
