import { goldenCompositionLines } from '../../jobs/render/text';
import type { Command } from 'commander';
import { goldenComposition } from '../../analysis/goldenComposition';
import { refreshReadout, refreshReport } from '../../jobs/quality/golden-refresh';
import { parseFormats } from '../../jobs/render/write';
import { describeGoldenIssue, goldenCategory, readGoldenSet } from '../../pipeline/golden';
import { log } from '../../pipeline/log';
import { SOURCE_HELP, outOption, FORMAT_OPTION, writeAndList, withSource } from '../context';
import { action, EXIT, intOption, print } from '../kit';
import { resolve } from 'node:path';

/** `mangalab golden check|refresh`: golden-set tools (US-3.1). */
export function registerGolden(program: Command): void {
  const golden = program.command('golden').description('Golden-set tools (US-3.1).');
  golden
    .command('check')
    .description(
      'Check a golden file: every malformed entry (file, entry, field), repeated ids, the composition against the target shares (within 2pp), the adversarial count (40+) and the size (500+). Exit 2 on any problem.',
    )
    .argument('<file>', 'a .jsonl or .json golden file')
    .action(
      action(async (file: string) => {
        const { set, issues } = readGoldenSet(resolve(file));
        print(issues.map(describeGoldenIssue));
        const c = goldenComposition(set.entries.map((e) => ({ category: goldenCategory(e.tags), adversarial: e.adversarial })));
        print(goldenCompositionLines(c, issues.length));
        if (issues.length > 0 || !c.ok) {
          log.error(`${resolve(file)}: ${issues.length} problems in entries${c.ok ? '' : ', and the composition is off target'}`);
          return EXIT.input;
        }
        return EXIT.ok;
      }),
    );

  golden
    .command('refresh')
    .description(
      'Quarterly refresh (US-3.1): entries naming products no longer in the catalog, replacement candidates from recent thumbs-down and escalated turns (PII redacted in the warehouse), and the composition after the swap. Writes JSON, Markdown and HTML to <out>/golden-refresh/<version>-<day>/; the golden file is not changed.',
    )
    .requiredOption('--golden <file>', 'the golden set')
    .requiredOption('--catalog <file>', 'the current catalog: one ASIN a line, or a CSV with an asin column')
    .option('--days <n>', 'days of turns to draw candidates from, ending at the newest turn', intOption('--days'), 90)
    .option('--per-intent <n>', 'candidates kept per intent', intOption('--per-intent'), 20)
    .option('--source <source>', SOURCE_HELP)
    .option(...outOption())
    .option(...FORMAT_OPTION)
    .action(
      action(
        async (opts: {
          golden: string;
          catalog: string;
          days: number;
          perIntent: number;
          source?: string;
          out: string;
          format: string;
        }) => {
          const formats = parseFormats(opts.format);
          return withSource(opts.source, async (source) => {
            const readout = await refreshReadout(source, {
              golden: resolve(opts.golden),
              catalog: resolve(opts.catalog),
              days: opts.days,
              perIntent: opts.perIntent,
            });
            await writeAndList(refreshReport(readout, new Date()), resolve(opts.out), formats);
            return EXIT.ok;
          });
        },
      ),
    );
}
