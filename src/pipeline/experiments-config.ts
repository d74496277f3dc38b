import { join } from 'node:path';
import type { CorrectionOptions } from '../analysis/correctComparisons';
import { loadConfigFile, num, z } from './config-schema';
import { paths } from './paths';

/** config/experiments.json: how readouts adjust (CUPED) and correct (multiple testing). */
export interface ExperimentsConfig {
  file: string;
  cuped: { preDays: number; minCoverage: number };
  corrections: Required<CorrectionOptions>;
}

const SCHEMA = z.object({
  note: z.string().optional(),
  cuped: z.object({ pre_days: num({ min: 1, max: 365, integer: true }), min_coverage: num({ min: 0, max: 1 }) }),
  corrections: z.object({
    method: z.enum(['holm', 'bh', 'none']),
    scope: z.enum(['all', 'metric', 'primary-exempt']),
    alpha: num({ above: 0, max: 0.5 }),
    primary_alpha_share: num({ above: 0, max: 0.99 }),
  }),
});

/**
 * Reads and checks config/experiments.json (or another file).
 * @throws InputError naming the file, the field and the problem.
 */
export function loadExperimentsConfig(file: string = join(paths.config(), 'experiments.json')): ExperimentsConfig {
  const c = loadConfigFile(SCHEMA, file, 'experiments config');
  return {
    file,
    cuped: { preDays: c.cuped.pre_days, minCoverage: c.cuped.min_coverage },
    corrections: {
      method: c.corrections.method,
      scope: c.corrections.scope,
      alpha: c.corrections.alpha,
      primaryAlphaShare: c.corrections.primary_alpha_share,
    },
  };
}
