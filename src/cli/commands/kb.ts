import { staleChunkLine } from '../../jobs/render/text';
import type { Command } from 'commander';
import { findStale, writeManifest } from '../../jobs/retrieval/command';
import { log } from '../../pipeline/log';
import { loadRetrievalConfig } from '../../pipeline/retrieval-config';
import { action, EXIT, print } from '../kit';
import { resolve } from 'node:path';

/** `mangalab kb index|stale`: knowledge-base index tools (US-5.1). */
export function registerKb(program: Command): void {
  const kb = program.command('kb').description('Knowledge-base index tools (US-5.1).');
  kb.command('index')
    .description(
      "Write the manifest of an index built with the production chunking: chunk id, document id, the document's sha256, embedding model, chunking (one JSON line a chunk).",
    )
    .requiredOption('--out <file>', 'the manifest to write')
    .option('--documents <file>', 'the corpus (default: documents of config/retrieval.json)')
    .option('--embedding-model <id>', 'the embedding model recorded per chunk', 'bm25')
    .option('--config <file>', 'retrieval settings (default config/retrieval.json)')
    .action(
      action(async (opts: { out: string; documents?: string; embeddingModel: string; config?: string }) => {
        const r = writeManifest(resolve(opts.out), opts);
        print(r.file);
        log.info(`${r.chunks} chunks in the manifest.`);
      }),
    );
  kb.command('stale')
    .description(
      'List the chunks of a manifest whose source document was deleted or changed (by content hash) in the current corpus. Exit 1 when any is stale.',
    )
    .requiredOption('--manifest <file>', 'a manifest written by mangalab kb index')
    .option('--documents <file>', 'the current corpus (default: documents of config/retrieval.json)')
    .option('--config <file>', 'retrieval settings (default config/retrieval.json)')
    .action(
      action(async (opts: { manifest: string; documents?: string; config?: string }) => {
        const documents = opts.documents ? resolve(opts.documents) : loadRetrievalConfig(opts.config && resolve(opts.config)).documents;
        const { stale, total } = findStale(resolve(opts.manifest), documents);
        print(stale.map(staleChunkLine));
        log.info(`${stale.length} of ${total} indexed chunks are stale.`);
        return stale.length > 0 ? EXIT.findings : EXIT.ok;
      }),
    );
}
