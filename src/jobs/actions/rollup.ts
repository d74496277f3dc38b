import { readExperimentsAll } from '../../pipeline/rows/experiments';
import { InputError } from '../../pipeline/errors';
import { progress } from '../../pipeline/progress';
import { refreshExperimentRollup, type RefreshOptions, type RefreshResult } from '../../pipeline/rollups';
import type { Source } from '../../pipeline/source';
import { loadExperiment, readoutWindow } from '../experiments/readout';

export interface RollupRefreshOptions extends RefreshOptions {
  /** One experiment; default every experiment in the source. */
  id?: string;
  now?: () => Date;
}

/** What one refresh materialised, and whether it extended the rollup or rebuilt it. */
export interface RollupRefreshed extends RefreshResult {
  experimentId: string;
  from: Date;
  to: Date;
  seconds: number;
}

/**
 * `mangalab rollup refresh`: materialises each experiment's rollup for the window its readout covers now (start to end,
 * or to the newest turn while it runs), so readouts aggregate per-session rows instead of grouping every turn. Run it
 * after each load of the warehouse; a readout whose window or prices moved on reads the raw tables and says so. A
 * rollup that only needs new days is extended (rows from the last days replaced, see RefreshOptions) unless `full`.
 * @throws InputError for an unknown experiment id or a source that cannot hold tables.
 */
export async function refreshRollups(source: Source, options: RollupRefreshOptions = {}): Promise<RollupRefreshed[]> {
  const ids = options.id
    ? [options.id]
    : (await readExperimentsAll(source)).flatMap((r) => (r.experimentId === null ? [] : [r.experimentId]));
  if (ids.length === 0) throw new InputError(`source ${source.description}`, 'has no experiments to roll up');
  // Every experiment is read and its window checked before anything is written: bad input leaves the rollups as they were.
  const windows = [];
  for (const id of ids) windows.push({ id, window: await readoutWindow(source, await loadExperiment(source, id)) });
  const bar = progress(ids.length, 'rollup refresh');
  const out: RollupRefreshed[] = [];
  for (const { id, window } of windows) {
    const started = performance.now();
    const done = await refreshExperimentRollup(source, id, window, (options.now ?? (() => new Date()))(), options);
    out.push({ experimentId: id, from: window.from, to: window.to, ...done, seconds: (performance.now() - started) / 1000 });
    bar.step(id);
  }
  bar.done();
  return out;
}
