import { rollupLine } from '../../jobs/render/text';
import type { Command } from 'commander';
import { refreshRollups } from '../../jobs/actions/rollup';
import { SOURCE_HELP, withSource } from '../context';
import { InputError } from '../../pipeline/errors';
import { action, print } from '../kit';

/** `mangalab rollup refresh`: experiment rollups. */
export function registerRollup(program: Command): void {
  program
    .command('rollup')
    .description('Rollups the readouts read instead of every turn (docs/experiments.md).')
    .command('refresh')
    .description(
      "Materialise each experiment's per-session rollup for the window its readout covers now, in the source (a .duckdb file or Redshift). Run after each warehouse load: a rollup with the same start, prices and SQL is extended with the new days (the last days' rows replaced); --full rebuilds it. A readout whose window or prices moved on reads the raw tables and says so.",
    )
    .option('--id <experiment>', 'one experiment (default: every experiment)')
    .option('--source <source>', SOURCE_HELP)
    .option('--full', 'rebuild every row, even where the rollup could be extended with the new days')
    .option(
      '--lookback-hours <hours>',
      'an extension also recomputes sessions that started this many hours before the old end (late turns and feedback)',
      '2',
    )
    .action(
      action(async (opts: { id?: string; source?: string; full?: boolean; lookbackHours: string }) =>
        withSource(
          opts.source,
          async (source) => {
            const lookbackHours = Number(opts.lookbackHours);
            if (!(lookbackHours >= 0) || opts.lookbackHours.trim() === '')
              throw new InputError('--lookback-hours', `must be a non-negative number of hours, got ${JSON.stringify(opts.lookbackHours)}`);
            print((await refreshRollups(source, { id: opts.id, full: opts.full === true, lookbackHours })).map(rollupLine));
          },
          true,
        ),
      ),
    );
}
