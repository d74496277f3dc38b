import { Option, type Command } from 'commander';
import { dirname, join, resolve } from 'node:path';
import { isoDay, isoWeek } from '../../analysis/isoWeek';
import { action, EXIT, print } from '../kit';
import { flywheelReport } from '../../jobs/errors/flywheel';
import { ANNOTATION_COLUMNS, humanEvalSample, importAnnotations, weekOfSampleIds } from '../../jobs/human-eval/readout';
import { resolveWeek } from '../../jobs/period';
import { deletionPlan, deletionTable, retentionReport } from '../../jobs/actions/privacy';
import { toTextTableRows } from '../../jobs/render/table';
import type { Report } from '../../jobs/report';
import { parseFormats, type ReportFormat } from '../../jobs/render/write';
import { readCsvRecords, toCsvText } from '../../pipeline/csv';
import { loadErrorsConfig } from '../../pipeline/errors-config';
import { InputError } from '../../pipeline/errors';
import { log } from '../../pipeline/log';
import { writeFileAtomically } from '../../pipeline/output';
import { paths } from '../../pipeline/paths';
import type { Source } from '../../pipeline/source';

interface Kit {
  withSource: <T>(spec: string | undefined, fn: (source: Source) => Promise<T>) => Promise<T>;
  sourceHelp: string;
  writeAndList: (report: Report, outDir: string, formats: ReportFormat[], extra?: Record<string, string>) => Promise<unknown>;
}

const CONFIG_HELP = 'settings (default config/errors.json)';

/** `mangalab human export|import`, `mangalab flywheel`, `mangalab privacy retention|delete-plan` (US-3.6, US-8.4, US-10.3). */
export function addQualityCommands(program: Command, kit: Kit): void {
  addHumanCommands(program, kit);
  addFlywheelCommand(program, kit);
  addPrivacyCommands(program, kit);
}

/** `mangalab human export|import`: the week's annotation sample and the annotators' scores. */
function addHumanCommands(program: Command, kit: Kit): void {
  const human = program
    .command('human')
    .description('Weekly human evaluation (US-3.6): export a stratified sample for annotators, import and check their scores.');
  human
    .command('export')
    .description(
      "Write the week's stratified sample (quotas in config/errors.json, 200 by default; text PII-redacted in the warehouse) as <out>/human/<week>/sample.csv, with annotations-template.csv for the annotators.",
    )
    .option('--week <YYYY-Www>', 'ISO week (UTC); default: the latest complete week in the source')
    .option('--config <file>', CONFIG_HELP)
    .option('--source <source>', kit.sourceHelp)
    .option('--out <dir>', 'output folder', paths.reports())
    .action(
      action(async (opts: { week?: string; config?: string; source?: string; out: string }) =>
        kit.withSource(opts.source, async (source) => {
          const config = loadErrorsConfig(opts.config && resolve(opts.config));
          const week = await resolveWeek(source, opts.week);
          const sample = await humanEvalSample(source, week, config);
          const dir = join(resolve(opts.out), 'human', week.label);
          writeFileAtomically(
            join(dir, 'sample.csv'),
            toCsvText(['sample_id', 'trace_id', 'stratum', 'intent', 'user_message', 'response_text'], sample.rows),
          );
          writeFileAtomically(
            join(dir, 'annotations-template.csv'),
            toCsvText(
              ANNOTATION_COLUMNS,
              sample.rows.map((r) => ({ sample_id: r.sample_id })),
            ),
          );
          for (const s of sample.shortfalls)
            log.warn(`stratum ${s.stratum}: ${s.available} answered turns in ${week.label} for a quota of ${s.quota}`);
          log.info(`Sampled ${sample.rows.length} responses of ${week.label} for human evaluation.`);
          print([join(dir, 'sample.csv'), join(dir, 'annotations-template.csv')]);
        }),
      ),
    );

  human
    .command('import')
    .argument('<file>', "the annotators' CSV: sample_id, annotator_id, four 1-5 scores, purchase_likelihood (yes/no), failure_category")
    .description(
      "Check annotations against the exported sample and the annotation schema; on success write <out>/human/<week>/annotations.csv (ready to load into the warehouse's human_annotations) and print the agreement. Any bad row: every problem listed with its line, exit 2, nothing written.",
    )
    .option('--sample <file>', 'the exported sample.csv (default: <out>/human/<week>/sample.csv, the week read from the sample ids)')
    .option('--config <file>', CONFIG_HELP)
    .option('--out <dir>', 'output folder', paths.reports())
    .action(
      action(async (file: string, opts: { sample?: string; config?: string; out: string }) => {
        const config = loadErrorsConfig(opts.config && resolve(opts.config));
        let sampleFile = opts.sample && resolve(opts.sample);
        if (!sampleFile) {
          const week = weekOfSampleIds(readCsvRecords(resolve(file), ['sample_id']).map((r) => r.values.sample_id!));
          if (!week)
            throw new InputError(
              resolve(file),
              'its sample ids do not name one week (HS-YYYY-Www-NNN): give the exported sample with --sample',
            );
          sampleFile = join(resolve(opts.out), 'human', week, 'sample.csv');
        }
        const { annotations, agreement } = importAnnotations(resolve(file), sampleFile, config.humanEval.kappaGate);
        const week = weekOfSampleIds(annotations.map((a) => a.sampleId));
        let weekStart = '';
        if (week) weekStart = isoWeek(week).from.toISOString().slice(0, 10);
        const out = join(dirname(sampleFile), 'annotations.csv');
        writeFileAtomically(
          out,
          toCsvText(
            [
              'sample_id',
              'trace_id',
              'annotator_id',
              'week',
              'factual_correctness',
              'helpfulness',
              'tone_appropriateness',
              'format_quality',
              'purchase_likelihood',
              'failure_category',
            ],
            annotations.map((a) => ({
              sample_id: a.sampleId,
              trace_id: a.traceId,
              annotator_id: a.annotatorId,
              week: weekStart,
              ...a.scores,
              purchase_likelihood: a.purchaseLikelihood,
              failure_category: a.failureCategory,
            })),
          ),
        );
        for (const d of agreement.dimensions) {
          process.stdout.write(
            `${d.passes ? 'ok  ' : 'FAIL'} ${d.dimension.padEnd(21)} kappa ${d.kappa === null ? 'n/a' : d.kappa.toFixed(3)}${d.weightedKappa === null ? '' : `, weighted ${d.weightedKappa.toFixed(3)}`} over ${d.pairs} pairs${d.note ? ` (${d.note})` : ''}\n`,
          );
        }
        log.info(
          `Imported ${annotations.length} annotations into ${out}; agreement ${agreement.passes ? 'passes' : 'does not pass'} the ${agreement.gate} gate.`,
        );
        return EXIT.ok;
      }),
    );
}

/** `mangalab flywheel`: training and golden candidates of a quarter. */
function addFlywheelCommand(program: Command, kit: Kit): void {
  const flywheel = program
    .command('flywheel')
    .description(
      'Data flywheel (US-8.4): training and golden candidates of a quarter, anonymized in the warehouse and checked again, near-duplicates removed, written as JSONL with a report of the flywheel metrics to <out>/flywheel/<quarter>/.',
    )
    .option('--quarter <YYYY-Qn>', 'calendar quarter (UTC); default: the quarter of the newest turn');
  reportOptions(flywheel, kit).action(
    action(async (opts: { quarter?: string; config?: string; source?: string; out: string; format: string }) => {
      const formats = parseFormats(opts.format);
      return kit.withSource(opts.source, async (source) => {
        const { report, files } = await flywheelReport(source, { quarter: opts.quarter, configFile: opts.config && resolve(opts.config) });
        await kit.writeAndList(report, resolve(opts.out), formats, files);
      });
    }),
  );
}

/** `mangalab privacy retention|delete-plan`: retention and deletion. */
function addPrivacyCommands(program: Command, kit: Kit): void {
  const privacy = program.command('privacy').description('Retention and deletion (US-10.3).');
  const retention = privacy
    .command('retention')
    .description(
      "Rows of each warehouse table past the raw-data retention (90 days) and the analytics retention (2 years), and rows of the workbench's own files (flywheel candidates, human-evaluation exports) by the same ages, as a report in <out>/retention/<day>/. --apply removes the workbench rows past the analytics retention (audited); the warehouse is never changed here.",
    )
    .option('--as-of <YYYY-MM-DD>', 'the day to measure from (default: today, UTC)')
    .option('--apply', 'remove workbench rows older than the analytics retention (audited)')
    .option('--ticket <id>', 'a ticket recorded in the audit trail with --apply');
  reportOptions(retention, kit)
    .addOption(
      new Option(
        '--fail-on <severity>',
        'exit 1 when warehouse rows are past raw-data retention or workbench rows past analytics retention',
      )
        .choices(['warning', 'never'])
        .default('never'),
    )
    .action(
      action(
        async (opts: {
          asOf?: string;
          apply?: boolean;
          ticket?: string;
          config?: string;
          source?: string;
          out: string;
          format: string;
          failOn: string;
        }) => {
          const formats = parseFormats(opts.format);
          let day;
          try {
            day = isoDay(opts.asOf ?? new Date().toISOString().slice(0, 10));
          } catch (e) {
            throw new InputError('--as-of', (e as Error).message);
          }
          const asOf = day.to; // the end of the day
          const config = loadErrorsConfig(opts.config && resolve(opts.config));
          return kit.withSource(opts.source, async (source) => {
            const report = await retentionReport(source, asOf, config, {
              reportsDir: resolve(opts.out),
              apply: opts.apply,
              ticket: opts.ticket,
            });
            await kit.writeAndList(report, resolve(opts.out), formats);
            return opts.failOn === 'warning' && report.sections[0]!.findings.some((f) => f.severity === 'warning')
              ? EXIT.findings
              : EXIT.ok;
          });
        },
      ),
    );

  privacy
    .command('delete-plan')
    .description(
      "What a deletion request for one customer would remove: warehouse rows per table (with the bound DELETE to run) and rows in the workbench's own files (flywheel candidates, human-evaluation exports), due within 30 days. --apply removes the workbench rows and records it in the audit trail; the warehouse is never changed here.",
    )
    .requiredOption('--customer <id>', 'the customer id of the request')
    .option('--apply', "remove the customer's rows from the workbench files (audited)")
    .option('--ticket <id>', "the request's ticket, recorded in the audit trail")
    .option('--config <file>', CONFIG_HELP)
    .option('--source <source>', kit.sourceHelp)
    .option('--out <dir>', "the workbench's reports folder", paths.reports())
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(
      action(
        async (opts: {
          customer: string;
          apply?: boolean;
          ticket?: string;
          config?: string;
          source?: string;
          out: string;
          format: 'text' | 'json';
        }) =>
          kit.withSource(opts.source, async (source) => {
            const plan = await deletionPlan(source, opts.customer, {
              reportsDir: resolve(opts.out),
              config: loadErrorsConfig(opts.config && resolve(opts.config)),
              apply: opts.apply,
              ticket: opts.ticket,
            });
            if (opts.format === 'json') {
              process.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
            } else {
              const t = deletionTable(plan);
              process.stdout.write(`${t.title}\n${toTextTableRows(t)}\n${t.notes!.join('\n')}\n`);
            }
          }),
      ),
    );
}

/** The options every report-writing command here shares: its settings file, the source, the output folder, formats. */
function reportOptions(cmd: Command, kit: Kit): Command {
  return cmd
    .option('--config <file>', CONFIG_HELP)
    .option('--source <source>', kit.sourceHelp)
    .option('--out <dir>', 'output folder', paths.reports())
    .option('--format <list>', 'report formats: json, md, html', 'json,md,html');
}
