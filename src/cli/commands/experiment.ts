import type { Command } from 'commander';
import { parseFormats } from '../../jobs/render/write';
import { chunkGridReport } from '../../jobs/retrieval/report';
import { chunkCommand, embeddingUpgrade, upgradeReport, type ChunkCommandOptions } from '../../jobs/retrieval/command';
import { log } from '../../pipeline/log';
import { chunkGridSpec } from '../../jobs/registry/mlflow-runs';
import { MLFLOW_OPTION, mirrorRun, outOption, STORE_OPTION, FORMAT_OPTION, writeAndList } from '../context';
import { action, EXIT, intOption } from '../kit';
import { resolve } from 'node:path';

/** `mangalab experiment chunks|embeddings`: retrieval experiments (US-5.2, US-5.4). */
export function registerExperiment(program: Command): void {
  const experiment = program.command('experiment').description('Retrieval experiments (US-5.2, US-5.4).');
  experiment
    .command('chunks')
    .description(
      'Run chunking configurations over the knowledge base and the curated queries: Recall@k, MRR@k, nDCG@k, dead and noisy chunks; the winner under Recall@k >= 0.80 and MRR@k >= 0.60. Stores each configuration in the results store (chunk_runs) and writes JSON, Markdown and HTML to <out>/chunk-experiment/<grid id>/.',
    )
    .option('--grid <file>', "JSON list of configurations {name, size, overlap, mode?, metadata?} (default: the seed's four)")
    .option('--documents <file>', 'the corpus (default: documents of config/retrieval.json)')
    .option('--queries <file>', 'the curated queries (default: queries of config/retrieval.json)')
    .option('--retriever <name>', 'bm25 (embedded), titan (Bedrock embeddings) or hybrid (reciprocal rank fusion of both)', 'bm25')
    .option(
      '--golden <file>',
      "also score each configuration's answers on this golden set (the bedrock responder given the retrieved chunks; needs --prompt-version)",
    )
    .option('--prompt-version <version>', 'with --golden: the candidate prompt version')
    .option('--bedrock-config <file>', 'with --golden: responder settings (default config/bedrock.json)')
    .option('--k <n>', 'cut-off of the metrics (default: k of config/retrieval.json)', intOption('--k'))
    .option('--config <file>', 'retrieval settings (default config/retrieval.json)')
    .option(...STORE_OPTION)
    .option('--no-store', 'do not store the runs')
    .option(...outOption())
    .option(...FORMAT_OPTION)
    .option(...MLFLOW_OPTION)
    .action(
      action(async (opts: ChunkCommandOptions & { out: string; format: string; mlflow?: string }) => {
        const formats = parseFormats(opts.format);
        const { grid, files, stored } = await chunkCommand(opts);
        const written = await writeAndList(chunkGridReport(grid, files, new Date()), resolve(opts.out), formats);
        if (stored) log.info(`Stored ${grid.results.length} configurations of ${grid.gridId} in ${stored}.`);
        await mirrorRun(opts.mlflow, stored ?? false, () => chunkGridSpec(grid, written, new Date()));
        return EXIT.ok;
      }),
    );
  experiment
    .command('embeddings')
    .description(
      'Validate an embedding model upgrade (US-5.2): the production chunking indexed with the old and the new Titan model side by side on the curated queries, and a cut-over recommendation.',
    )
    .requiredOption('--old-model <id>', 'the Bedrock model id in production')
    .requiredOption('--new-model <id>', 'the candidate model id')
    .option('--old-dimensions <n>', 'dimensions of the old index', intOption('--old-dimensions'))
    .option('--new-dimensions <n>', 'dimensions of the new index', intOption('--new-dimensions'))
    .option('--config <file>', 'retrieval settings (default config/retrieval.json)')
    .option(...outOption())
    .option(...FORMAT_OPTION)
    .action(
      action(
        async (opts: {
          oldModel: string;
          newModel: string;
          oldDimensions?: number;
          newDimensions?: number;
          config?: string;
          out: string;
          format: string;
        }) => {
          const formats = parseFormats(opts.format);
          const u = await embeddingUpgrade({
            old: opts.oldModel,
            candidate: opts.newModel,
            oldDimensions: opts.oldDimensions,
            newDimensions: opts.newDimensions,
            config: opts.config,
          });
          await writeAndList(upgradeReport(u, new Date()), resolve(opts.out), formats);
          return u.cutOver ? EXIT.ok : EXIT.findings;
        },
      ),
    );
}
