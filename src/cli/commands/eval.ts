import type { Command } from 'commander';
import { evalCommand, type EvalCommandOptions } from '../../jobs/quality/command';
import { parseFormats } from '../../jobs/render/write';
import { log } from '../../pipeline/log';
import { evalRunSpec } from '../../jobs/registry/mlflow-runs';
import { MLFLOW_OPTION, mirrorRun, outOption, STORE_OPTION, FORMAT_OPTION, writeAndList } from '../context';
import { action, EXIT, intOption } from '../kit';
import { resolve } from 'node:path';

/** `mangalab eval`: a candidate scored on the golden set against the quality gates. */
export function registerEval(program: Command): void {
  program
    .command('eval')
    .description(
      'Score a candidate on the golden set and check the quality gates (config/eval.json): intent metrics, ROUGE-L, BERTScore (when a model is configured), format, guardrails, prohibited and required elements. The run is stored (data/results.duckdb) and diffed against --baseline or the latest passing run on the same golden set. Writes JSON, Markdown (a pull-request comment: gates first, then the top regressions) and HTML to <out>/eval/<golden version>/. Exit 1 when a gate fails, 2 on bad input.',
    )
    .requiredOption('--golden <file>', 'the golden set (.jsonl or .json)')
    .option(
      '--predictions <file>',
      "file responder: the candidate pipeline's outputs (JSONL: query_id, classified_intent, response_text, guardrail_passed, ...)",
    )
    .option(
      '--bedrock',
      'bedrock responder: render the candidate prompts and call Claude (config/bedrock.json); prints a cost estimate first, caches answers',
    )
    .option(
      '--prompt-version <version>',
      'bedrock: the candidate prompt version under prompts/; with --predictions: the prompt version that produced them (recorded, and what the registry matches the run to)',
    )
    .option('--model-version <version>', 'with --predictions: the model version that produced them (recorded)')
    .option('--intents <file>', "bedrock: the classifier's intents (JSONL: query_id, classified_intent) to route and score intents")
    .option('--bedrock-config <file>', 'bedrock: settings (default config/bedrock.json)')
    .option('--baseline <run>', 'a stored run id or name to diff against (default: the latest passing run on the same golden set)')
    .option('--baseline-predictions <file>', "or the baseline's predictions file, scored now")
    .option('--intent <intent>', "evaluate only the entries expecting this intent (one intent's prompt changed)")
    .option('--name <name>', 'store the run under this name too (usable as --baseline later)')
    .option(
      '--repeats <n>',
      'bedrock: answer every entry N times (1 to 20, each cached apart); the report splits each metric into between-entry and repeat noise, and the paired tests read per-entry means',
      intOption('--repeats'),
    )
    .option(...STORE_OPTION)
    .option('--no-store', 'do not store the run (and use no stored baseline)')
    .option('--bertscore-model <dir>', 'a local transformers.js model folder for BERTScore (default: bertscore.model_dir of the config)')
    .option('--config <file>', 'gates, format rules, BERTScore settings (default config/eval.json)')
    .option(...outOption())
    .option(...FORMAT_OPTION)
    .option(...MLFLOW_OPTION)
    .action(
      action(async (opts: EvalCommandOptions & { out: string; format: string; mlflow?: string }) => {
        const formats = parseFormats(opts.format);
        const { report, readout } = await evalCommand(opts);
        const files = await writeAndList(report, resolve(opts.out), formats);
        if (readout.stored) log.info(`Stored run ${readout.runId} in ${readout.stored}.`);
        await mirrorRun(opts.mlflow, readout.stored ?? false, () => evalRunSpec(readout, files, new Date()));
        if (readout.failures.length > 0) {
          // The responder's service failed for some entries: the run is incomplete for a reason outside the candidate.
          const unsent = readout.failures.filter((f) => f.problem.startsWith('not sent: '));
          const failed = readout.failures.filter((f) => !f.problem.startsWith('not sent: '));
          const first = failed[0] ?? unsent[0]!;
          log.error(
            `${readout.failures.length} of ${readout.evaluated} golden entries got no answer: ${failed.length} because their call failed (first, ${first.queryId}: ${first.problem})` +
              `${unsent.length > 0 ? `, ${unsent.length} were ${unsent[0]!.problem}` : ''}; the run is incomplete. Answers received are cached: a re-run calls only the rest.`,
          );
          return EXIT.failure;
        }
        if (!readout.outcome.passed) {
          log.warn(`gates failed: ${report.sections[0]!.findings[0]!.message}`);
          return EXIT.findings;
        }
        return EXIT.ok;
      }),
    );
}
