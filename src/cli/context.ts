// What the commands share: the --source help and opener, the output options, writing a report and listing its files.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
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
import { recordSampleRegistry } from '../jobs/registry/sample';
import { loadGoldenSet } from '../pipeline/golden';
import { chunkCommand } from '../jobs/retrieval/command';
import type { Source } from '../pipeline/source';
import { writeReport } from '../jobs/render/write';
import { print } from './kit';
import { logRunToMlflow, trackingUri, type MlflowRunSpec } from '../jobs/registry/mlflow-sync';
import { loadRegistryConfig, type RegistryConfig } from '../pipeline/registry-input';
import { Registry } from '../pipeline/registry-store';

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
export async function writeAndList(...args: Parameters<typeof writeReport>): Promise<string[]> {
  const files = await writeReport(...args);
  print(files);
  return files;
}

/** The --mlflow option of the commands whose runs are mirrored to the team's MLflow (see src/jobs/registry/mlflow-sync.ts). */
export const MLFLOW_OPTION = [
  '--mlflow <uri>',
  'also log the run to this MLflow tracking server (default: mlflow.tracking_uri of config/registry.json); a server that is down is a warning, the local record stays',
  mlflowUri,
] as const;

/** An --mlflow value: an http(s) URL, checked before any work is done. @throws InputError. */
export function mlflowUri(value: string): string {
  if (!/^https?:\/\/[^\s/]+/.test(value)) throw new InputError('--mlflow', `expected the tracking server's http(s) URL, got "${value}"`);
  return value;
}

/**
 * Logs a command's run to MLflow when a tracking server is given or configured; never fails the command. The MLflow
 * run id is kept beside the local record in the results store.
 */
export async function mirrorRun(flag: string | undefined, store: string | false | undefined, spec: () => MlflowRunSpec): Promise<void> {
  let config: RegistryConfig | null = null;
  try {
    config = loadRegistryConfig();
  } catch (e) {
    // The run is stored and its report written: a broken MLflow setting costs the mirror, never the run.
    if (!(e instanceof InputError)) throw e;
    log.warn(`${e.message}: MLflow logging uses --mlflow alone`);
  }
  const uri = trackingUri(flag, config);
  if (!uri) return;
  const results = store === false ? null : await ResultsStore.open(store ? resolve(store) : undefined);
  try {
    await logRunToMlflow(spec(), {
      uri,
      experiment: config?.mlflow.experiment ?? 'mangalab',
      deps: { timeoutMs: config?.mlflow.timeout_ms },
      registry: results ? new Registry(results) : undefined,
    });
  } finally {
    results?.close();
  }
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
    const g = loadGoldenSet(golden);
    const versions = await recordSampleRegistry(
      results,
      { prod23: ids[0]!, prod24: ids[3]! },
      { file: golden, sha256: g.sha256, version: g.version },
    );
    log.info(
      `Recorded ${ids.length} sample evaluation runs, chunking experiment ${grid.gridId}, judge record ${judge.recordId} and ${versions} registry versions in ${store}.`,
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
