import type { Command } from 'commander';
import { log } from '../../pipeline/log';
import { describeIssue, validateSource } from '../../pipeline/validate';
import { SOURCE_HELP, withSource } from '../context';
import { action, EXIT, print } from '../kit';

/** `mangalab validate`: a source against the warehouse contract. */
export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description(
      'Check a source against the warehouse contract (queries/schema/); lists every missing table, missing column and wrong type. Exit 2 when any.',
    )
    .option('--source <source>', SOURCE_HELP)
    .action(
      action(async (opts: { source?: string }) =>
        withSource(opts.source, async (source) => {
          const issues = await validateSource(source);
          if (issues.length === 0) {
            print(`${source.description}: matches the warehouse contract`);
            return EXIT.ok;
          }
          print(issues.map(describeIssue));
          log.error(`${source.description}: ${issues.length} contract issue${issues.length === 1 ? '' : 's'}`);
          return EXIT.input;
        }),
      ),
    );
}
