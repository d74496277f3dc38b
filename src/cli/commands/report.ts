import { Option, type Command } from 'commander';
import { resolve } from 'node:path';
import { costReport } from '../../jobs/cost/report';
import { errorsReport } from '../../jobs/errors/report';
import { experimentReport } from '../../jobs/experiments/report';
import { driftReport } from '../../jobs/monitoring/report';
import { parseFormats } from '../../jobs/render/write';
import { SEVERITY_ORDER, worstSeverity, type Report, type Severity } from '../../jobs/report';
import { weeklyReport } from '../../jobs/weekly/report';
import { chromiumPath } from '../../pipeline/browser';
import { InputError } from '../../pipeline/errors';
import { loadExperimentsConfig } from '../../pipeline/experiments-config';
import { log } from '../../pipeline/log';
import type { Source } from '../../pipeline/source';
import { experimentSpec } from '../../jobs/registry/mlflow-runs';
import type { MlflowRunSpec } from '../../jobs/registry/mlflow-sync';
import { MLFLOW_OPTION, SOURCE_HELP, mirrorRun, outOption, withSource, writeAndList } from '../context';
import { action, EXIT } from '../kit';

type Opts = Record<string, string | boolean | undefined>;
const text = (v: string | boolean | undefined) => (typeof v === 'string' ? v : undefined);
const file = (v: string | boolean | undefined) => (typeof v === 'string' ? resolve(v) : undefined);

/** A report job: its own options and how it runs. The options every job shares are added by registerReport. */
interface ReportJob {
  name: string;
  description: string;
  options: Option[];
  /** The formats written without --format. */
  formats?: () => string;
  run(
    source: Source,
    opts: Opts,
  ): Promise<{ report: Report; files?: Record<string, string>; mlflow?: (written: string[]) => MlflowRunSpec }>;
  /** Whether the job's run can be logged to MLflow (--mlflow). */
  mlflow?: boolean;
}

const week = (jobs: string) =>
  new Option('--week <YYYY-Www>', `ISO week (UTC) of ${jobs}; default: the latest complete week in the source`);

/** The report jobs, each with only its own options. */
export const REPORT_JOBS: ReportJob[] = [
  {
    name: 'weekly',
    description:
      'One ISO week: Overview, Quality, Retrieval, Cost, Experiments, Drift, Monitoring, Errors & Feedback and Human Evaluation, with the slide deck and its PDF.',
    options: [week('the report')],
    formats: () => `json,md,html,deck${chromiumPath() ? ',pdf' : ''}`,
    run: async (source, o) => ({ report: await weeklyReport(source, { week: text(o.week), outDir: file(o.out) }) }),
  },
  {
    name: 'experiment',
    description:
      "One experiment's readout: every arm against the control (Bayesian, frequentist, CUPED, ratio metrics, corrected p-values, sequential checks), the decision naming the arm, the archived configuration and, on a ship decision, the promotion change.",
    options: [
      new Option('--id <experiment>', 'the experiment id').makeOptionMandatory(),
      new Option('--control <variant>', 'the arm to compare against (default: the first configured)'),
      new Option('--until <YYYY-MM-DD>', 'last day of sessions to read (default: its end, or the newest data)'),
      new Option('--no-rollup', 'read the raw tables even when a fresh rollup exists (mangalab rollup refresh)'),
      new Option('--config <file>', 'CUPED and multiple-testing settings (default config/experiments.json)'),
    ],
    mlflow: true,
    run: async (source, o) => {
      const r = await experimentReport(source, String(o.id), {
        control: text(o.control),
        until: text(o.until),
        rollup: o.rollup !== false,
        settings: loadExperimentsConfig(file(o.config)),
      });
      return { ...r, mlflow: (written) => experimentSpec(r.readout, written, new Date()) };
    },
  },
  {
    name: 'cost',
    description:
      'Cost attribution of a day, a week or a month against budget and the period before, daily spikes, token budgets, LLM bypass, prompt caching, provisioned throughput, and a what-if re-pricing.',
    options: [
      week('the cost report'),
      new Option('--day <YYYY-MM-DD>', 'one UTC day instead of a week'),
      new Option('--month <YYYY-MM>', 'one UTC calendar month instead of a week'),
      new Option(
        '--what-if <file>',
        'also re-price the period under a scenario (JSON: name, routing {intent: model}, optional prices file)',
      ),
      new Option('--config <file>', 'budgets and thresholds (default config/cost.json)'),
    ],
    run: async (source, o) => ({
      report: await costReport(source, {
        week: text(o.week),
        day: text(o.day),
        month: text(o.month),
        whatIf: file(o.whatIf),
        configFile: file(o.config),
      }),
    }),
  },
  {
    name: 'drift',
    description:
      'The daily drift and monitoring job: threshold alerts of one day; intent, numeric and embedding drift, classifier accuracy, retraining trigger, canary and shadow verdicts over the trailing week. Schedule it with --fail-on critical.',
    options: [
      new Option('--day <YYYY-MM-DD>', 'the day (default: the latest complete day)'),
      new Option('--config <file>', 'checks and thresholds (default config/monitoring.json)'),
    ],
    run: async (source, o) => ({ report: await driftReport(source, { day: text(o.day), configFile: file(o.config) }) }),
  },
  {
    name: 'errors',
    description:
      'One ISO week of error analysis: failure categories by frequency and impact with example traces, backlog.md, thumbs-up rates, human evaluation.',
    options: [
      week('the error analysis'),
      new Option(
        '--categorizer <kind>',
        'rules (embedded, default) or bedrock (Claude Haiku on a sample, settings in config/errors.json; falls back to rules if Bedrock is unavailable)',
      ).choices(['rules', 'bedrock']),
      new Option('--config <file>', 'categorizer settings and impact weights (default config/errors.json)'),
    ],
    run: (source, o) =>
      errorsReport(source, {
        week: text(o.week),
        configFile: file(o.config),
        categorizer: text(o.categorizer) as 'rules' | 'bedrock' | undefined,
      }),
  },
];

/** Commander's hooks for an unknown option and an unknown subcommand (methods of every Command, not in its types). */
type Hooks = Command & { unknownOption(flag: string): void; unknownCommand(): void };

/**
 * An option given to a job that does not declare it: named with the jobs that do (one rule for every job), or
 * commander's own message when no job knows it.
 */
function refuseOthersOption(command: Command, job: ReportJob): void {
  const cmd = command as Hooks;
  const unknownOption = cmd.unknownOption.bind(cmd);
  cmd.unknownOption = (flag: string) => {
    const owners = REPORT_JOBS.filter(
      (j) => j !== job && j.options.some((o) => o.long === flag || o.long === `--no-${flag.replace(/^--/, '')}`),
    );
    if (owners.length > 0) throw new InputError(flag, `this option belongs to ${owners.map((j) => `report ${j.name}`).join(' and ')}`);
    unknownOption(flag);
  };
}

/** `mangalab report <job>`: one subcommand a job, each with its own options and the output options they share. */
export function registerReport(program: Command): void {
  const report = program
    .command('report')
    .description(
      `Run a report job and write JSON, Markdown and HTML (weekly: also the slide deck and its PDF) to <out>/<job>/<period>/. Jobs: ${REPORT_JOBS.map((j) => j.name).join(', ')}.`,
    );
  (report as Hooks).unknownCommand = () => {
    const given = report.args[0];
    report.error(
      `error: command-argument value '${given}' is invalid for argument 'job'. Allowed choices are ${REPORT_JOBS.map((j) => j.name).join(', ')}.`,
      { code: 'commander.invalidArgument' },
    );
  };
  for (const job of REPORT_JOBS) {
    const cmd = report.command(job.name).description(job.description);
    for (const option of job.options) cmd.addOption(option);
    if (job.mlflow) cmd.option(...MLFLOW_OPTION);
    cmd
      .option('--source <source>', SOURCE_HELP)
      .option(...outOption())
      .option(
        '--format <list>',
        `comma-separated formats: json, md, html, deck (slides), pdf (the deck through Chromium), png (every chart); default ${job.formats ? 'json,md,html,deck, plus pdf when Chromium is installed' : 'json,md,html'}`,
      )
      .addOption(
        new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity')
          .choices(['critical', 'warning', 'info', 'never'])
          .default('never'),
      );
    refuseOthersOption(cmd, job);
    cmd.action(
      action(async (opts: Opts & { source?: string; out: string; format?: string; failOn: Severity | 'never' }) => {
        const formats = parseFormats(opts.format ?? job.formats?.() ?? 'json,md,html');
        if (!opts.format && job.name === 'weekly' && !chromiumPath())
          log.warn('no Chromium found (/usr/bin/chromium or MANGALAB_CHROMIUM): the deck is written without its PDF');
        return withSource(opts.source, async (source) => {
          const { report: written, files, mlflow } = await job.run(source, opts);
          const paths = await writeAndList(written, resolve(opts.out), formats, files ?? {});
          if (mlflow) await mirrorRun(text(opts.mlflow), undefined, () => mlflow(paths));
          const worst = worstSeverity(written);
          if (opts.failOn !== 'never' && worst && SEVERITY_ORDER[worst] >= SEVERITY_ORDER[opts.failOn]) {
            log.warn(`a ${worst} finding is at or above --fail-on ${opts.failOn}`);
            return EXIT.findings;
          }
          return EXIT.ok;
        });
      }),
    );
  }
}
