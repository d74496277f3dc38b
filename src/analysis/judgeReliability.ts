import { mulberry32 } from './aaSimulation';
import { cohenKappa } from './cohenKappa';
import { labelAgreement, type LabelAgreement } from './labelAgreement';
import { mcnemarExact } from './mcnemarExact';
import { pairedBootstrap } from './pairedBootstrap';
import { quantileSorted } from './quantileSorted';
import { spearman } from './spearman';

/** A judge's label: a category name, or a score on an ordinal scale (1-5). */
export type JudgeLabel = string | number;

/** Agreement of two passes of the same judge over the same items (test-retest, or shuffled order). */
export type PassAgreement = LabelAgreement;

/** The self-preference check, run when the judge and the responder it grades are of the same model family. */
export interface SelfPreferenceCheck {
  /**
   * scores: mean(judge - human) with its bootstrap interval and sign-flip p-value; categories: the share of items the
   * judge blames on the responder minus the share the humans do, with McNemar's exact p-value.
   */
  measure: 'mean score above the humans' | 'share blamed on the responder, judge minus humans';
  estimate: number;
  lower: number | null;
  upper: number | null;
  pValue: number;
  /** True when the judge favours the responder (higher scores, less blame) at the configured level. */
  flagged: boolean;
}

export interface JudgeReliabilityInput {
  kind: 'category' | 'score';
  /** The human label of each item (the annotators' agreed category, or one annotator's score). */
  human: readonly JudgeLabel[];
  /** The judge's label of each item, in the same order; null where it gave no answer. */
  judged: readonly (JudgeLabel | null)[];
  /** A second pass over the same items in the same order (test-retest), or null when not measured. */
  retest?: readonly (JudgeLabel | null)[] | null;
  /** A pass over the same items sent in a shuffled order, realigned to the items, or null when not measured. */
  shuffled?: readonly (JudgeLabel | null)[] | null;
  /** The judge and the responder share a model family: the self-preference check runs. */
  sameFamily?: boolean;
}

export interface JudgeReliabilityOptions {
  /** The agreement with humans below which the judge is not trusted (default 0.6). */
  floor?: number;
  /** Fewest answered items for a trusted record (default 30): a kappa from a handful of items is no record. */
  minItems?: number;
  /** Categories that blame the responder's answer itself, for the category self-preference check. */
  blamed?: readonly string[];
  /** Level of the self-preference check (default 0.05). */
  alpha?: number;
  /** Bootstrap resamples for the kappa interval and the score check (default 2,000) and their seed. */
  resamples?: number;
  seed?: number;
}

export interface JudgeReliability {
  kind: 'category' | 'score';
  /** Items with a human label. */
  n: number;
  /** Of them, items the judge answered: the agreement figures are over these. */
  answered: number;
  /** Share of answered items given the human label. */
  agreement: number | null;
  /** Cohen's kappa, unweighted. */
  kappa: number | null;
  /** Quadratic-weighted kappa (scores only). */
  weightedKappa: number | null;
  /** Spearman's rho (scores only). */
  spearman: number | null;
  /** The measure the trust decision reads: kappa for categories, quadratic-weighted kappa for scores. */
  trustMeasure: 'kappa' | 'quadratic-weighted kappa';
  /** Percentile bootstrap interval (95%) of that measure over items; null when it could not be computed. */
  interval: { lower: number; upper: number } | null;
  retest: PassAgreement | null;
  order: PassAgreement | null;
  selfPreference: SelfPreferenceCheck | null;
  floor: number;
  trusted: boolean;
  /** Why the judge is or is not trusted, in a sentence. */
  reason: string;
  notes: string[];
}

const kappaOf = (kind: 'category' | 'score', a: JudgeLabel[], b: JudgeLabel[]) =>
  cohenKappa(a, b, kind === 'score' ? { weights: 'quadratic' } : {});

function passAgreement(
  kind: 'category' | 'score',
  first: readonly (JudgeLabel | null)[],
  second: readonly (JudgeLabel | null)[],
): PassAgreement {
  const r = labelAgreement(first, second, kind === 'score' ? { weights: 'quadratic' } : {});
  return r.n === 0 ? { ...r, note: 'no item was answered by both passes' } : r;
}

function bootstrapInterval(kind: 'category' | 'score', h: JudgeLabel[], j: JudgeLabel[], resamples: number, seed: number) {
  const random = mulberry32(seed);
  const n = h.length;
  const values: number[] = [];
  const a: JudgeLabel[] = new Array<JudgeLabel>(n);
  const b: JudgeLabel[] = new Array<JudgeLabel>(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) {
      const k = Math.floor(random() * n);
      a[i] = h[k]!;
      b[i] = j[k]!;
    }
    try {
      values.push(kappaOf(kind, a, b));
    } catch {
      // a resample with one label throughout: kappa undefined there, left out
    }
  }
  if (values.length < resamples / 2) return null;
  values.sort((x, y) => x - y);
  return { lower: quantileSorted(values, 0.025), upper: quantileSorted(values, 0.975) };
}

/**
 * The reliability record of a judge (an LLM or a rule set that labels items): its agreement with human labels (Cohen's
 * kappa on categories; quadratic-weighted kappa and Spearman's rho on scores, with a seeded percentile bootstrap
 * interval), its test-retest agreement (the same items judged twice), its order sensitivity (the same items sent in a
 * shuffled order), and, when the judge and the responder are of one model family, a self-preference check: on scores,
 * whether the judge scores higher than the humans (paired bootstrap and sign-flip test); on categories, whether it
 * blames the responder's answer less often than the humans do (McNemar's exact test). A judge is trusted when its
 * trust measure reaches the floor on at least `minItems` answered items.
 * References: Cohen's kappa as scikit-learn's `cohen_kappa_score`; Spearman as SciPy's `spearmanr`;
 * Zheng et al., "Judging LLM-as-a-Judge" (2023), https://arxiv.org/abs/2306.05685, for position and self-enhancement bias.
 *
 * @throws RangeError when the lists differ in length, there are no items, or no item has a human label.
 * @example
 * judgeReliability({ kind: 'category', human: ['a', 'b', 'a', 'b'], judged: ['a', 'b', 'a', 'a'] }, { minItems: 2 }).kappa // => 0.5
 */
export function judgeReliability(input: JudgeReliabilityInput, options: JudgeReliabilityOptions = {}): JudgeReliability {
  const { kind, human, judged } = input;
  const floor = options.floor ?? 0.6;
  const minItems = options.minItems ?? 30;
  const resamples = options.resamples ?? 2000;
  const seed = options.seed ?? 20261122;
  if (judged.length !== human.length)
    throw new RangeError(`${human.length} human labels and ${judged.length} judge labels: they must label the same items`);
  for (const [name, pass] of [
    ['retest', input.retest],
    ['shuffled', input.shuffled],
  ] as const)
    if (pass && pass.length !== human.length)
      throw new RangeError(`the ${name} pass has ${pass.length} labels for ${human.length} items: it must label the same items`);
  if (human.length === 0) throw new RangeError('no items: a judge is measured on items humans labelled');
  const h: JudgeLabel[] = [];
  const j: JudgeLabel[] = [];
  judged.forEach((x, i) => {
    if (x !== null) {
      h.push(human[i]!);
      j.push(x);
    }
  });
  const notes: string[] = [];
  const trustMeasure = kind === 'score' ? 'quadratic-weighted kappa' : 'kappa';
  let kappa: number | null = null;
  let weightedKappa: number | null = null;
  let rho: number | null = null;
  if (h.length > 0) {
    try {
      kappa = cohenKappa(h, j);
      if (kind === 'score') weightedKappa = cohenKappa(h, j, { weights: 'quadratic' });
    } catch (e) {
      notes.push(`kappa not computed: ${(e as Error).message}`);
    }
    if (kind === 'score') {
      try {
        rho = spearman(h as number[], j as number[]).rho;
      } catch (e) {
        notes.push(`Spearman not computed: ${(e as Error).message}`);
      }
    }
  }
  const measure = kind === 'score' ? weightedKappa : kappa;
  const interval = measure !== null && h.length >= 2 ? bootstrapInterval(kind, h, j, resamples, seed) : null;
  const unanswered = human.length - h.length;
  if (unanswered > 0) notes.push(`${unanswered} of ${human.length} items got no answer from the judge and are left out`);

  let selfPreference: SelfPreferenceCheck | null = null;
  const alpha = options.alpha ?? 0.05;
  if (input.sameFamily && h.length >= 2) {
    if (kind === 'score') {
      const r = pairedBootstrap(h as number[], j as number[], { resamples: Math.max(resamples, 100), seed });
      selfPreference = {
        measure: 'mean score above the humans',
        estimate: r.delta,
        lower: r.lower,
        upper: r.upper,
        pValue: r.pValue,
        flagged: r.delta > 0 && r.pValue < alpha,
      };
    } else if (options.blamed && options.blamed.length > 0) {
      const blamed = new Set(options.blamed);
      let humanOnly = 0;
      let judgeOnly = 0;
      h.forEach((x, i) => {
        const hb = blamed.has(String(x));
        const jb = blamed.has(String(j[i]));
        if (hb && !jb) humanOnly++;
        if (jb && !hb) judgeOnly++;
      });
      const m = mcnemarExact(humanOnly, judgeOnly);
      selfPreference = {
        measure: 'share blamed on the responder, judge minus humans',
        estimate: (judgeOnly - humanOnly) / h.length,
        lower: null,
        upper: null,
        pValue: m.pValue,
        flagged: humanOnly > judgeOnly && m.pValue < alpha,
      };
    }
  }

  let trusted = false;
  let reason: string;
  if (measure === null) reason = `not trusted: its ${trustMeasure} against the humans could not be computed`;
  else if (h.length < minItems) reason = `not trusted: ${h.length} answered items are fewer than the ${minItems} a record needs`;
  else if (measure < floor) reason = `not trusted: ${trustMeasure} ${measure.toFixed(2)} is below the floor ${floor}`;
  else {
    trusted = true;
    reason = `trusted: ${trustMeasure} ${measure.toFixed(2)} reaches the floor ${floor} on ${h.length} items`;
  }
  if (selfPreference?.flagged) notes.push('the judge favours answers of its own model family beyond what the humans see (self-preference)');
  return {
    kind,
    n: human.length,
    answered: h.length,
    agreement: h.length ? h.filter((x, i) => x === j[i]).length / h.length : null,
    kappa,
    weightedKappa,
    spearman: rho,
    trustMeasure,
    interval,
    retest: input.retest ? passAgreement(kind, judged, input.retest) : null,
    order: input.shuffled ? passAgreement(kind, judged, input.shuffled) : null,
    selfPreference,
    floor,
    trusted,
    reason,
    notes,
  };
}
