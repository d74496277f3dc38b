import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBSource } from './duckdb-source';
import { InputError } from './errors';
import { log } from './log';
import { paths } from './paths';
import { RedshiftSource, parseRedshiftSpec, type RedshiftDeps } from './redshift-source';
import { seedWarehouse } from './seed';
import { writeSampleGolden } from './golden-seed';
import { writeSampleKnowledgeBase } from './kb-seed';
import type { Source } from './source';

export interface OpenOptions {
  /** When the spec is omitted and the sample warehouse is missing, build it first (the quick start's path). */
  seedIfMissing?: boolean;
  priceFile?: string;
  redshift?: RedshiftDeps;
  /** Open for writing (rollup refreshes): a .duckdb file opened read-write, or Redshift; a folder of files is refused. */
  readWrite?: boolean;
  /** Called after a sample warehouse was seeded, with its folder and the sample golden set (the CLI records sample runs). */
  afterSeed?: (dir: string, golden: string) => Promise<void>;
}

/**
 * Opens `--source`: a .duckdb file, a folder of <table>.parquet/.csv files, or `redshift:key=value,...`.
 * Omitted: MANGALAB_SOURCE when set, else the embedded sample warehouse (data/sample/warehouse.duckdb).
 * @throws InputError naming the source when it cannot be opened.
 */
export async function openSource(given?: string, options: OpenOptions = {}): Promise<Source> {
  const spec = given ?? (process.env.MANGALAB_SOURCE || undefined);
  if (spec?.startsWith('redshift:') || spec === 'redshift') {
    return new RedshiftSource(parseRedshiftSpec(spec), { ...options.redshift, priceFile: options.priceFile });
  }
  const path = spec ?? paths.sampleWarehouse();
  if (spec === undefined && !existsSync(path) && options.seedIfMissing) {
    log.info(`No sample warehouse at ${path}: seeding one (about 1M requests, under a minute).`);
    const result = await seedWarehouse({ out: path });
    log.info(`Seeded ${result.rows.requests} requests in ${result.seconds.toFixed(1)} s.`);
    const { golden } = writeSampleGolden(dirname(path));
    writeSampleKnowledgeBase(dirname(path));
    await options.afterSeed?.(dirname(path), golden);
  }
  if (options.readWrite && existsSync(path) && statSync(path).isDirectory()) {
    throw new InputError(
      path,
      'is a folder of files, mounted as views in memory: tables written there would be lost (use a .duckdb file or Redshift)',
    );
  }
  return DuckDBSource.open(path, { priceFile: options.priceFile, readWrite: options.readWrite });
}
