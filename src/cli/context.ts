// What the commands share: the --source help and opener, the output options, writing a report and listing its files.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { recordSampleJudge } from '../jobs/judges/readout';
import { resolveWeek } from '../jobs/period';
import { loadErrorsConfig } from '../pipeline/errors-config';
import { ResultsStore } from '../pipeline/results-store';
import { InputError } from '../pipeline/errors';
import { log } from '../pipeline/log';
import { openSource } from '../pipeline/open';
import { paths } from '../pipeline/paths';
import { type Params } from '../pipeline/queries';
import { recordSampleRuns } from '../jobs/quality/sample-runs';
import { chunkCommand } from '../jobs/retrieval/command';
import type { Source } from '../pipeline/source';
import { writeReport } from '../jobs/render/write';
import { print } from './kit';

export const SOURCE_HELP =
  'a .duckdb file, a folder of <table>.parquet/.csv files, or redshift:cluster=...|workgroup=...,database=...,secret-arn=... (default: $MANGALAB_SOURCE, else the sample warehouse, seeded if absent)';

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** --param k=v pairs into named parameters. @throws InputError for a pair without '='. */
export function parseParams(pairs: string[]): Params {
  const params: Params = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new InputError('--param', `expected name=value, got "${pair}"`);
    params[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return params;
}

/** The --out and --format options every report-writing command takes. */
export const outOption = () => ['--out <dir>', 'output folder', paths.reports()] as const;
export const STORE_OPTION = ['--store <file>', 'the results store (default: $MANGALAB_RESULTS, else data/results.duckdb)'] as const;
export const FORMAT_OPTION = [
  '--format <list>',
  'comma-separated formats: json, md, html, deck (slides), pdf (the deck through Chromium), png (every chart)',
  'json,md,html',
] as const;

/** Writes a report (atomically, see writeReport) and prints the files written, one a line, on stdout. */
export async function writeAndList(...args: Parameters<typeof writeReport>): Promise<void> {
  print(await writeReport(...args));
}

/** After seeding the sample: a history of sample evaluation runs, unless a results store already exists. */
export async function sampleRuns(dir: string, golden: string): Promise<void> {
  const store = paths.resultsStore();
  if (existsSync(store)) return;
  const ids = await recordSampleRuns(dir, golden, store);
  // A chunking experiment as of the sample's last week, so the weekly Retrieval section has one to show.
  const { grid } = await chunkCommand({ store }, { now: () => new Date('2026-11-12T10:00:00Z') });
  // The rule-based categorizer's reliability record, so the error report has one to show.
  const source = await openSource(join(dir, 'warehouse.duckdb'));
  const results = await ResultsStore.open(store);
  try {
    const at = new Date('2026-11-16T09:00:00Z');
    const judge = await recordSampleJudge(source, results, loadErrorsConfig(), await resolveWeek(source), at);
    log.info(
      `Recorded ${ids.length} sample evaluation runs, chunking experiment ${grid.gridId} and judge record ${judge.recordId} in ${store}.`,
    );
  } finally {
    results.close();
    await source.close();
  }
}

export async function withSource<T>(spec: string | undefined, fn: (source: Source) => Promise<T>, readWrite = false): Promise<T> {
  const source = await openSource(spec, { seedIfMissing: spec === undefined, afterSeed: sampleRuns, readWrite });
  try {
    return await fn(source);
  } finally {
    await source.close();
  }
}
