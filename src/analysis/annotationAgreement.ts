import { LIKERT_DIMENSIONS, type Annotation } from './annotationSchema';
import { cohenKappa } from './cohenKappa';

export interface DimensionAgreement {
  dimension: string;
  /** Samples scored by two annotators. */
  pairs: number;
  /** Unweighted Cohen's kappa; null when undefined (no pairs, or both annotators used one label throughout). */
  kappa: number | null;
  /** Quadratic-weighted kappa for the Likert dimensions; null for nominal ones or when undefined. */
  weightedKappa: number | null;
  /** The kappa the gate reads: weighted for Likert dimensions, unweighted otherwise. */
  gated: number | null;
  passes: boolean | null;
  /** Why a kappa is missing. */
  note?: string;
}

export interface AnnotationAgreement {
  dimensions: DimensionAgreement[];
  /** Samples with one annotator only (not in any kappa), and with more than two (the first two by annotator id used). */
  singleAnnotator: number;
  extraAnnotators: number;
  gate: number;
  /** True when every dimension's gated kappa reaches the gate; null when none could be computed. */
  passes: boolean | null;
}

/**
 * Inter-annotator agreement of a human-evaluation batch (US-3.6): for each sample scored twice, the two annotators
 * (ordered by annotator id) form a pair, and Cohen's kappa is taken over all pairs for each Likert dimension
 * (unweighted and quadratic-weighted; the gate reads the weighted one, since a 4 against a 5 is a smaller
 * disagreement than a 1 against a 5), for purchase likelihood and for the failure category (unweighted). The gate
 * (0.7 by default) passes when every dimension reaches it.
 * Reference: MangaAssist US-3.6 (../shared/seeds); kappa as scikit-learn's cohen_kappa_score.
 *
 * Degenerate input: a dimension whose kappa is undefined gets null with a note, and counts as not passing.
 * @throws never.
 * @example
 * annotationAgreement([]).passes // => null
 */
export function annotationAgreement(annotations: readonly Annotation[], gate = 0.7): AnnotationAgreement {
  const bySample = new Map<string, Annotation[]>();
  for (const a of annotations) bySample.set(a.sampleId, [...(bySample.get(a.sampleId) ?? []), a]);
  let singleAnnotator = 0;
  let extraAnnotators = 0;
  const pairs: [Annotation, Annotation][] = [];
  for (const list of bySample.values()) {
    if (list.length < 2) {
      singleAnnotator++;
      continue;
    }
    if (list.length > 2) extraAnnotators++;
    const [x, y] = [...list].sort((a, b) => (a.annotatorId < b.annotatorId ? -1 : 1));
    pairs.push([x!, y!]);
  }
  const measure = (dimension: string, pick: (a: Annotation) => number | string, weighted: boolean): DimensionAgreement => {
    const a = pairs.map((p) => pick(p[0]));
    const b = pairs.map((p) => pick(p[1]));
    const safe = (w?: 'quadratic') => {
      try {
        return { value: cohenKappa(a, b, w ? { weights: w } : {}) };
      } catch (e) {
        return { value: null, note: (e as Error).message };
      }
    };
    const plain = safe();
    const quad = weighted ? safe('quadratic') : { value: null };
    const gated = weighted ? quad.value : plain.value;
    return {
      dimension,
      pairs: pairs.length,
      kappa: plain.value,
      weightedKappa: quad.value,
      gated,
      passes: gated === null ? false : gated >= gate,
      ...(plain.note ? { note: plain.note } : {}),
    };
  };
  const dimensions = [
    ...LIKERT_DIMENSIONS.map((d) => measure(d, (x) => x.scores[d], true)),
    measure('purchase_likelihood', (x) => (x.purchaseLikelihood ? 'yes' : 'no'), false),
    measure('failure_category', (x) => x.failureCategory, false),
  ];
  const computed = dimensions.filter((d) => d.gated !== null);
  return { dimensions, singleAnnotator, extraAnnotators, gate, passes: computed.length === 0 ? null : dimensions.every((d) => d.passes) };
}
