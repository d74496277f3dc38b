import type { Command } from 'commander';
import { parseFormats } from '../../jobs/render/write';
import { replayReport, replayTrace } from '../../jobs/traces/replay';
import { log } from '../../pipeline/log';
import { SOURCE_HELP, outOption, FORMAT_OPTION, writeAndList, withSource } from '../context';
import { action, EXIT } from '../kit';
import { resolve } from 'node:path';

/** `mangalab replay TRACE_ID`: a logged turn re-run and compared. */
export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description(
      'Re-run a logged turn (US-10.1) with its logged inputs (user message, intent, prompt version, model, retrieved chunk ids, earlier turns) through the bedrock responder, and compare with the logged answer: exact match and ROUGE-L. Writes JSON, Markdown and HTML to <out>/replay/<trace id>/.',
    )
    .argument('<trace_id>', "the turn's trace id (requests.trace_id)")
    .option('--prompt-version <version>', 'replay with this prompt version instead of the logged one')
    .option('--bedrock-config <file>', 'settings and model ids (default config/bedrock.json)')
    .option('--source <source>', SOURCE_HELP)
    .option(...outOption())
    .option(...FORMAT_OPTION)
    .action(
      action(
        async (traceId: string, opts: { promptVersion?: string; bedrockConfig?: string; source?: string; out: string; format: string }) => {
          const formats = parseFormats(opts.format);
          return withSource(opts.source, async (source) => {
            const result = await replayTrace(source, traceId, {
              promptVersion: opts.promptVersion,
              bedrockConfig: opts.bedrockConfig && resolve(opts.bedrockConfig),
            });
            await writeAndList(replayReport(result, new Date()), resolve(opts.out), formats);
            log.info(`${traceId}: ${result.exactMatch ? 'exact match' : 'differs'}; ROUGE-L F ${result.rouge.fmeasure.toFixed(3)}.`);
            return EXIT.ok;
          });
        },
      ),
    );
}
