export interface RetrainingInputs {
  /** Accuracy over the most recent labelled turns; null when none are labelled. */
  accuracy: { correct: number; labelled: number } | null;
  /** Intent shares against the training baseline, in percentage points. */
  intentShifts: { intent: string; shiftPp: number }[];
  /** When the serving classifier was trained; null when unknown. */
  lastTrainedAt: Date | null;
  /** The moment of the check (the data's end, not the wall clock). */
  asOf: Date;
  /** Examples the retraining job would assemble, per intent: labelled turns and recent production turns. */
  trainingData: { intent: string; labelled: number; production: number }[];
}

export interface RetrainingOptions {
  /** Retrain under this accuracy (default 0.88). */
  minAccuracy?: number;
  /** Retrain when any intent moves more than this many percentage points (default 5). */
  maxShiftPp?: number;
  /** Retrain when the model is older than this many days (default 90, the quarterly cadence). */
  maxAgeDays?: number;
  /** Below this many labelled turns the accuracy rule is not judged (default 200). */
  minLabelled?: number;
}

export interface RetrainingRecommendation {
  retrain: boolean;
  /** Each rule that fired, as a sentence. */
  reasons: string[];
  /** Rules that could not be judged, and why. */
  notJudged: string[];
  accuracy: number | null;
  ageDays: number | null;
  trainingData: { intent: string; labelled: number; production: number }[];
  totals: { labelled: number; production: number };
  /** Always a recommendation: the candidate enters the shadow, canary, rollout pipeline; nothing is deployed. */
  action: string;
}

/**
 * The retraining trigger (US-8.3): recommend retraining the intent classifier when its accuracy over the rolling
 * labelled sample is under 0.88, when any intent's share has moved more than 5pp from the training baseline, or when
 * the model is more than 90 days old. Returns the reasons and the training data the job would assemble (labelled
 * turns plus recent production turns per intent). It recommends only: the retrained model is a candidate for the
 * standard shadow, canary and rollout path, never deployed from here.
 * Reference: https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor.html
 *
 * Degenerate input: no labelled turns, fewer than `minLabelled`, or no training date leave that rule not judged
 * (listed in notJudged), never treated as a pass.
 * @throws RangeError for labelled counts that are negative or a correct count above the labelled one.
 * @example
 * retrainingTrigger({ accuracy: { correct: 860, labelled: 1000 }, intentShifts: [], lastTrainedAt: null,
 *   asOf: new Date('2026-11-15T00:00:00Z'), trainingData: [] }).reasons // => ['intent accuracy 86.0% over the latest 1000 labelled turns is under 88.0%']
 */
export function retrainingTrigger(input: RetrainingInputs, options: RetrainingOptions = {}): RetrainingRecommendation {
  const minAccuracy = options.minAccuracy ?? 0.88;
  const maxShiftPp = options.maxShiftPp ?? 5;
  const maxAgeDays = options.maxAgeDays ?? 90;
  const minLabelled = options.minLabelled ?? 200;
  const reasons: string[] = [];
  const notJudged: string[] = [];
  let accuracy: number | null = null;
  if (input.accuracy) {
    const { correct, labelled } = input.accuracy;
    if (!Number.isInteger(labelled) || labelled < 0 || !Number.isInteger(correct) || correct < 0 || correct > labelled) {
      throw new RangeError(`accuracy counts must be whole numbers with 0 <= correct <= labelled, got ${correct} of ${labelled}`);
    }
    if (labelled >= minLabelled) {
      accuracy = correct / labelled;
      if (accuracy < minAccuracy)
        reasons.push(
          `intent accuracy ${(accuracy * 100).toFixed(1)}% over the latest ${labelled} labelled turns is under ${(minAccuracy * 100).toFixed(1)}%`,
        );
    } else {
      notJudged.push(`accuracy: only ${labelled} labelled turns (at least ${minLabelled} needed)`);
    }
  } else {
    notJudged.push('accuracy: no labelled turns');
  }
  const shifted = input.intentShifts.filter((s) => Math.abs(s.shiftPp) > maxShiftPp);
  if (shifted.length > 0) {
    reasons.push(
      `intent share moved more than ${maxShiftPp}pp from the training baseline: ${shifted.map((s) => `${s.intent} ${s.shiftPp >= 0 ? '+' : ''}${s.shiftPp.toFixed(1)}pp`).join(', ')}`,
    );
  }
  let ageDays: number | null = null;
  if (input.lastTrainedAt) {
    ageDays = Math.floor((input.asOf.getTime() - input.lastTrainedAt.getTime()) / 86_400_000);
    if (ageDays > maxAgeDays) reasons.push(`the classifier was trained ${ageDays} days ago (more than ${maxAgeDays})`);
  } else {
    notJudged.push('model age: the last training date is not configured');
  }
  const totals = input.trainingData.reduce((t, r) => ({ labelled: t.labelled + r.labelled, production: t.production + r.production }), {
    labelled: 0,
    production: 0,
  });
  const retrain = reasons.length > 0;
  return {
    retrain,
    reasons,
    notJudged,
    accuracy,
    ageDays,
    trainingData: input.trainingData,
    totals,
    action: retrain
      ? `Retrain the intent classifier on ${totals.labelled} labelled turns augmented with ${totals.production} recent production turns, evaluate it on the golden set and send the candidate through shadow, canary and rollout. Nothing is deployed automatically.`
      : 'No retraining needed.',
  };
}
