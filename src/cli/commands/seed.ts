import type { Command } from 'commander';
import { InputError } from '../../pipeline/errors';
import { writeSampleGolden } from '../../pipeline/golden-seed';
import { writeSampleKnowledgeBase } from '../../pipeline/kb-seed';
import { log } from '../../pipeline/log';
import { paths } from '../../pipeline/paths';
import { seedWarehouse, type SeedFormat } from '../../pipeline/seed';
import { sampleRuns } from '../context';
import { action, intOption, print } from '../kit';
import { Option } from 'commander';
import { dirname, resolve } from 'node:path';

/** `mangalab seed`: the deterministic sample warehouse. */
export function registerSeed(program: Command): void {
  program
    .command('seed')
    .description(
      'Write the deterministic sample warehouse (28 days, about 1M requests by default, with planted findings; see docs/sample-data.md).',
    )
    .option('--out <path>', 'a .duckdb file, or a folder for --format parquet/csv', paths.sampleWarehouse())
    .option('--requests <n>', 'about this many requests', intOption('--requests'), 1_000_000)
    .option('--scale <k>', 'multiply the request count (--scale 10 gives about 10M)', intOption('--scale'), 1)
    .option('--seed <n>', 'generator seed', intOption('--seed'), 20261122)
    .addOption(new Option('--format <format>', 'warehouse format').choices(['duckdb', 'parquet', 'csv']).default('duckdb'))
    .action(
      action(async (opts: { out: string; requests: number; scale: number; seed: number; format: SeedFormat }) => {
        if (opts.scale < 1 || opts.scale > 50) throw new InputError('--scale', `must be from 1 to 50, got ${opts.scale}`);
        const result = await seedWarehouse({
          out: resolve(opts.out),
          requests: opts.requests * opts.scale,
          seed: opts.seed,
          format: opts.format,
        });
        const counts = Object.entries(result.rows)
          .map(([t, n]) => `${t} ${n}`)
          .join(', ');
        print(result.out);
        // Beside a .duckdb file; inside the folder of a parquet or CSV warehouse (never in the folder above it).
        const companions = opts.format === 'duckdb' ? dirname(result.out) : result.out;
        const golden = writeSampleGolden(companions);
        log.info(`Wrote the sample golden set ${golden.golden} and a candidate's predictions ${golden.predictions}.`);
        const kbFiles = writeSampleKnowledgeBase(companions);
        log.info(`Wrote the sample knowledge base ${kbFiles.documents} and its curated queries ${kbFiles.queries}.`);
        if (resolve(result.out) === paths.sampleWarehouse()) await sampleRuns(companions, golden.golden);
        log.info(`Seeded ${opts.format} warehouse in ${result.seconds.toFixed(1)} s: ${counts}.`);
      }),
    );
}
