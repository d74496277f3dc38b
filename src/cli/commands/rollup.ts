import { rollupLine } from '../../jobs/render/text';
import type { Command } from 'commander';
import { refreshRollups } from '../../jobs/actions/rollup';
import { SOURCE_HELP, withSource } from '../context';
import { action, print } from '../kit';

/** `mangalab rollup refresh`: experiment rollups. */
export function registerRollup(program: Command): void {
  program
    .command('rollup')
    .description('Rollups the readouts read instead of every turn (docs/experiments.md).')
    .command('refresh')
    .description(
      "Materialise each experiment's per-session rollup for the window its readout covers now, in the source (a .duckdb file or Redshift). Run after each warehouse load; a readout whose window or prices moved on reads the raw tables and says so.",
    )
    .option('--id <experiment>', 'one experiment (default: every experiment)')
    .option('--source <source>', SOURCE_HELP)
    .action(
      action(async (opts: { id?: string; source?: string }) =>
        withSource(
          opts.source,
          async (source) => {
            print((await refreshRollups(source, { id: opts.id })).map(rollupLine));
          },
          true,
        ),
      ),
    );
}
