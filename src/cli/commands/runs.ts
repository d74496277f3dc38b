import { runLine } from '../../jobs/render/text';
import type { Command } from 'commander';
import { ResultsStore } from '../../pipeline/results-store';
import { STORE_OPTION } from '../context';
import { action, intOption, print } from '../kit';
import { resolve } from 'node:path';

/** `mangalab runs`: the stored evaluation runs. */
export function registerRuns(program: Command): void {
  program
    .command('runs')
    .description('List the evaluation runs in the results store, newest first: id, name, when, golden set, prompt/model versions, gates.')
    .option(...STORE_OPTION)
    .option('--limit <n>', 'how many', intOption('--limit'), 20)
    .action(
      action(async (opts: { store?: string; limit: number }) => {
        const store = await ResultsStore.open(opts.store ? resolve(opts.store) : undefined);
        try {
          print((await store.recentRuns(opts.limit)).map(runLine));
        } finally {
          store.close();
        }
      }),
    );
}
