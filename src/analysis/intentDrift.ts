import { chiSquareGoodnessOfFit, type ChiSquareResult } from './chiSquareGoodnessOfFit';
import { jensenShannonDistance } from './jensenShannonDistance';
import { psi, type PsiResult } from './psi';

export interface IntentShift {
  intent: string;
  baselineShare: number;
  currentShare: number;
  currentCount: number;
  /** (current - baseline) in percentage points. */
  shiftPp: number;
  /** |shiftPp| above the threshold. */
  alert: boolean;
}

export interface IntentDriftResult {
  total: number;
  thresholdPp: number;
  /** Baseline intents first, in the baseline's order, then intents the baseline does not know. */
  intents: IntentShift[];
  alerts: IntentShift[];
  /** Pearson's test of the current counts against baseline shares x total; null when it cannot be computed. */
  chiSquare: ChiSquareResult | null;
  chiSquareNote?: string;
  psi: PsiResult;
  /** Base 2, in [0, 1]. */
  jensenShannon: number;
}

export interface IntentDriftOptions {
  /** Alert when an intent's share moves more than this many percentage points (default 5). */
  thresholdPp?: number;
  /** How far the baseline shares may sum from 1 (default 1e-6). */
  tolerance?: number;
  /** PSI's floor for empty shares (default 1e-4). */
  epsilon?: number;
}

/**
 * Data drift of the intent mix (US-4.2): this period's intent counts against the training-time shares. Reports
 * each intent's shift in percentage points (alert above `thresholdPp`, default 5), Pearson's chi-square test of
 * the counts against baseline share x total, the population stability index and the Jensen-Shannon distance.
 * An intent the baseline lacks makes the chi-square test impossible (expected count 0): it is then null with the
 * reason, and the shift, PSI and distance still cover it. Baseline intents with share 0 and no current turns are
 * left out of the test.
 * Reference: https://docs.scipy.org/doc/scipy/reference/generated/scipy.stats.chisquare.html
 *
 * @throws RangeError when the baseline shares do not sum to 1 (within `tolerance`), a share or count is negative
 * or not finite, or the current period has no turns.
 * @example
 * intentDrift({ faq: 0.5, chitchat: 0.5 }, { faq: 620, chitchat: 380 }).alerts[0].shiftPp // => 12
 */
export function intentDrift(
  baseline: Record<string, number>,
  current: Record<string, number>,
  options: IntentDriftOptions = {},
): IntentDriftResult {
  const thresholdPp = options.thresholdPp ?? 5;
  const tolerance = options.tolerance ?? 1e-6;
  let sum = 0;
  for (const [k, v] of Object.entries(baseline)) {
    if (!Number.isFinite(v) || v < 0 || v > 1) throw new RangeError(`baseline share of "${k}" must be between 0 and 1, got ${v}`);
    sum += v;
  }
  if (Object.keys(baseline).length === 0) throw new RangeError('the baseline has no intents');
  if (Math.abs(sum - 1) > tolerance) throw new RangeError(`baseline shares sum to ${sum}, not 1 (tolerance ${tolerance})`);
  let total = 0;
  for (const [k, v] of Object.entries(current)) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`current count of "${k}" must be a non-negative whole number, got ${v}`);
    total += v;
  }
  if (total === 0) throw new RangeError('the current period has no turns to compare');
  const names = [...Object.keys(baseline), ...Object.keys(current).filter((k) => !(k in baseline))];
  const intents = names.map((intent) => {
    const baselineShare = baseline[intent] ?? 0;
    const currentCount = current[intent] ?? 0;
    const currentShare = currentCount / total;
    const shiftPp = (currentShare - baselineShare) * 100;
    return { intent, baselineShare, currentShare, currentCount, shiftPp, alert: Math.abs(shiftPp) > thresholdPp };
  });
  const unknown = intents.filter((r) => r.baselineShare === 0 && r.currentCount > 0).map((r) => r.intent);
  let chiSquare: ChiSquareResult | null = null;
  let chiSquareNote: string | undefined;
  const tested = intents.filter((r) => r.baselineShare > 0);
  if (unknown.length > 0) {
    chiSquareNote = `not computed: ${unknown.join(', ')} ${unknown.length === 1 ? 'has' : 'have'} turns but no baseline share (expected count 0)`;
  } else if (tested.length < 2) {
    chiSquareNote = 'not computed: fewer than 2 intents have a baseline share';
  } else {
    const expectedTotal = tested.reduce((s, r) => s + r.baselineShare, 0);
    chiSquare = chiSquareGoodnessOfFit(
      tested.map((r) => r.currentCount),
      tested.map((r) => (r.baselineShare / expectedTotal) * total),
    );
  }
  const psiResult = psi(
    Object.fromEntries(intents.map((r) => [r.intent, r.baselineShare])),
    Object.fromEntries(intents.map((r) => [r.intent, r.currentCount])),
    { epsilon: options.epsilon },
  );
  return {
    total,
    thresholdPp,
    intents,
    alerts: intents.filter((r) => r.alert),
    chiSquare,
    ...(chiSquareNote ? { chiSquareNote } : {}),
    psi: psiResult,
    jensenShannon: jensenShannonDistance(
      intents.map((r) => r.baselineShare),
      intents.map((r) => r.currentShare),
    ),
  };
}
