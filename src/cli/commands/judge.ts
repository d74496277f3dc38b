import { Option, type Command } from 'commander';
import { resolve } from 'node:path';
import { judgeCheck, saveJudgeRecord } from '../../jobs/judges/readout';
import { weeksEnding, type Period } from '../../analysis/isoWeek';
import { JUDGE_NAMES, type JudgeName, type JudgeRecord } from '../../jobs/judges/types';
import { judgeSection } from '../../jobs/judges/sections';
import { resolveWeek } from '../../jobs/period';
import { judgeRecordLine } from '../../jobs/render/text';
import { parseFormats } from '../../jobs/render/write';
import type { Report } from '../../jobs/report';
import { loadErrorsConfig } from '../../pipeline/errors-config';
import { InputError } from '../../pipeline/errors';
import { log } from '../../pipeline/log';
import { ResultsStore } from '../../pipeline/results-store';
import { FORMAT_OPTION, outOption, SOURCE_HELP, STORE_OPTION, withSource, writeAndList } from '../context';
import { action, intOption, print } from '../kit';

interface CheckOpts {
  judge: JudgeName;
  sample?: string;
  week?: string;
  weeks?: number;
  limit?: number;
  floor?: string;
  config?: string;
  source?: string;
  store?: string | false;
  out: string;
  format: string;
}

function parseFloor(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const x = Number(text);
  if (!Number.isFinite(x) || x < -1 || x > 1) throw new InputError('--floor', `expected a kappa between -1 and 1, got "${text}"`);
  return x;
}

function judgeReport(record: JudgeRecord, source: string, window: Period): Report {
  return {
    job: 'judge',
    source,
    period: { label: record.judge, from: window.from.toISOString(), to: window.to.toISOString() },
    generatedAt: record.measuredAt,
    sections: [judgeSection(record)],
  };
}

/** `mangalab judge check|list`: reliability records of the judges (docs/errors.md, "Judges with a record"). */
export function registerJudge(program: Command): void {
  const judge = program
    .command('judge')
    .description(
      'Judges with a record: measure a categorizer against human labels, test-retest, order and self-preference, and store the record.',
    );
  judge
    .command('check')
    .description(
      "Measure a judge on a labelled sample (the turns both annotators gave one failure category in human_annotations, or --sample FILE) and store its reliability record in the results store: Cohen's kappa against the humans (with a bootstrap interval), test-retest and shuffled-order agreement, and, for an LLM judge of the responders' own model family, a self-preference check. A judge whose kappa is below the floor is marked not trusted. Writes <out>/judge/<judge>/ (JSON, Markdown, HTML). Exit 2 on a sample with no human labels, 3 when Bedrock answered nothing.",
    )
    .addOption(new Option('--judge <name>', 'the judge').choices([...JUDGE_NAMES]).makeOptionMandatory())
    .option('--sample <file>', 'human labels instead of human_annotations: CSV or JSONL with trace_id and failure_category')
    .option('--week <YYYY-Www>', 'last ISO week of the sample window; default: the latest complete week in the source')
    .option('--weeks <n>', 'weeks in the sample window (default: judges.sample_weeks of the config, 12)', intOption('--weeks'))
    .option('--limit <n>', 'at most this many labelled turns (default: judges.sample_limit, 300)', intOption('--limit'))
    .option('--floor <kappa>', 'trust floor (default: judges.kappa_floor, 0.6)')
    .option('--config <file>', 'settings (default config/errors.json)')
    .option('--source <source>', SOURCE_HELP)
    .option(...STORE_OPTION)
    .option('--no-store', 'measure and report, store nothing')
    .option(...outOption())
    .option(...FORMAT_OPTION)
    .action(
      action(async (opts: CheckOpts) => {
        const formats = parseFormats(opts.format);
        const config = loadErrorsConfig(opts.config && resolve(opts.config));
        const floor = parseFloor(opts.floor);
        const weeks = opts.weeks ?? config.judges.sampleWeeks;
        if (weeks < 1 || weeks > 520) throw new InputError('--weeks', `expected 1 to 520 weeks, got ${weeks}`);
        if (opts.limit !== undefined && opts.limit < 1) throw new InputError('--limit', `expected at least 1 turn, got ${opts.limit}`);
        const sampleFile = opts.sample ? resolve(opts.sample) : undefined;
        const { record, window, description } = await withSource(opts.source, async (source) => {
          const last = await resolveWeek(source, opts.week);
          const window = weeksEnding(last, weeks);
          const record = await judgeCheck(source, { judge: opts.judge, config, window, sampleFile, limit: opts.limit, floor });
          return { record, window, description: source.description };
        });
        if (opts.store !== false) {
          const store = await ResultsStore.open(opts.store ? resolve(opts.store) : undefined);
          try {
            await saveJudgeRecord(store, record);
            log.info(`Stored judge record ${record.recordId} in ${store.file}.`);
          } finally {
            store.close();
          }
        }
        await writeAndList(judgeReport(record, description, window), resolve(opts.out), formats);
        (record.reliability.trusted ? log.info : log.warn)(`${record.judge}: ${record.reliability.reason}`);
      }),
    );
  judge
    .command('list')
    .description('List the stored judge records, newest first: judge, model, prompt version, when, kappa, trusted or not.')
    .addOption(new Option('--judge <name>', 'only this judge').choices([...JUDGE_NAMES]))
    .option(...STORE_OPTION)
    .option('--limit <n>', 'how many', intOption('--limit'), 20)
    .action(
      action(async (opts: { judge?: JudgeName; store?: string; limit: number }) => {
        const store = await ResultsStore.open(opts.store ? resolve(opts.store) : undefined);
        try {
          print((await store.judgeRecords({ judge: opts.judge }, opts.limit)).map(judgeRecordLine));
        } finally {
          store.close();
        }
      }),
    );
}
