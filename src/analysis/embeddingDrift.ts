import { domainClassifierDrift } from './domainClassifierDrift';
import { ksTwoSample, type KsTwoSampleResult } from './ksTwoSample';
import { mmdTest } from './mmdTest';
import { perDimensionDrift } from './perDimensionDrift';

/** The embedding drift detectors, in the order a finding lists them. */
export const EMBEDDING_DETECTORS = ['centroid_ks', 'per_dimension', 'domain_classifier', 'mmd'] as const;
export type EmbeddingDetector = (typeof EMBEDDING_DETECTORS)[number];

export interface DetectorOutcome {
  detector: EmbeddingDetector;
  /** False when the detector could not run; `reason` says why. */
  computed: boolean;
  reason?: string;
  /** The detector's own effect size: KS D, share of drifted dimensions, held-out AUC, MMD^2. */
  statistic: number | null;
  pValue: number | null;
  fired: boolean;
  /** Reference and current vectors (or similarities) the detector used. */
  samples: [number, number];
  /** One plain sentence of what it measured. */
  detail: string;
}

export interface EmbeddingDriftOptions {
  /** Family-wise false-alarm rate of the four detectors together (default 0.01); each fires at alpha / 4. */
  alpha?: number;
  /** Vectors each side a detector needs at least (default 50). */
  minSamples?: number;
  /** Vectors each side the domain classifier and MMD use at most (defaults 1000 and 400; MMD is quadratic). */
  classifierSample?: number;
  mmdSample?: number;
  permutations?: number;
  seed?: number;
  /** False-discovery rate of the per-dimension tests (default 0.05). */
  fdr?: number;
}

export interface EmbeddingDriftResult {
  drifted: boolean;
  alpha: number;
  detectorAlpha: number;
  detectors: DetectorOutcome[];
  /** The detectors that fired, in EMBEDDING_DETECTORS order. */
  fired: EmbeddingDetector[];
  /** The centroid-similarity KS test itself (current against reference), when computed. */
  centroidKs: KsTwoSampleResult | null;
}

/**
 * Embedding drift by four detectors, and the verdict: drifted when any computed detector's p-value is below
 * alpha / 4 (Bonferroni, so all four together raise a false alarm on at most alpha of quiet windows).
 * - centroid_ks: KS of production against training cosine similarities to the training centroid (US-4.2; the
 *   similarities come from the warehouse, every embedding counted).
 * - per_dimension: a KS test per dimension with Benjamini-Hochberg; Simes' global p (perDimensionDrift).
 * - domain_classifier: held-out AUC of a logistic regression with a permutation p (domainClassifierDrift).
 * - mmd: Gaussian-kernel MMD with a permutation p (mmdTest).
 * The last three run on the sampled vectors. A detector with fewer than minSamples on a side, or without input, is
 * not computed and says why; it never counts as a pass. Deterministic for a seed.
 * Reference: https://docs.evidentlyai.com/metrics/customize_embedding_drift
 *
 * @throws RangeError for vectors of mixed lengths or non-finite components (the caller checks them first), or too
 * few permutations to reach alpha / 4.
 * @example
 * embeddingDrift({ reference: [], current: [] }).detectors[1].reason // => 'needs 50 vectors a side, has 0 and 0'
 */
export function embeddingDrift(
  input: {
    reference: readonly ArrayLike<number>[];
    current: readonly ArrayLike<number>[];
    similarities?: { reference: ArrayLike<number>; current: ArrayLike<number> } | null;
  },
  options: EmbeddingDriftOptions = {},
): EmbeddingDriftResult {
  const alpha = options.alpha ?? 0.01;
  const detectorAlpha = alpha / EMBEDDING_DETECTORS.length;
  const min = options.minSamples ?? 50;
  const seed = options.seed ?? 1;
  const permutations = options.permutations ?? 999;
  if (1 / (permutations + 1) >= detectorAlpha)
    throw new RangeError(
      `${permutations} permutations cannot give a p-value under ${detectorAlpha} (the smallest is 1 / ${permutations + 1}): use at least ${Math.ceil(1 / detectorAlpha)}`,
    );
  const { reference: ref, current: cur } = input;
  const notComputed = (detector: EmbeddingDetector, samples: [number, number], reason: string): DetectorOutcome => ({
    detector,
    computed: false,
    reason,
    statistic: null,
    pValue: null,
    fired: false,
    samples,
    detail: '',
  });
  const outcome = (
    detector: EmbeddingDetector,
    samples: [number, number],
    run: () => Omit<DetectorOutcome, 'detector' | 'computed' | 'fired' | 'samples'>,
  ): DetectorOutcome => {
    if (Math.min(...samples) < min)
      return notComputed(
        detector,
        samples,
        `needs ${min} ${detector === 'centroid_ks' ? 'similarities' : 'vectors'} a side, has ${samples[0]} and ${samples[1]}`,
      );
    const r = run();
    return { detector, computed: true, ...r, fired: r.pValue !== null && r.pValue < detectorAlpha, samples };
  };
  const sims = input.similarities;
  let centroidKs: KsTwoSampleResult | null = null;
  const detectors: DetectorOutcome[] = [
    sims
      ? outcome('centroid_ks', [sims.reference.length, sims.current.length], () => {
          const ks = ksTwoSample(sims.current, sims.reference);
          centroidKs = ks;
          return {
            statistic: ks.statistic,
            pValue: ks.pValue,
            detail: `similarity to the training centroid: KS D ${ks.statistic.toFixed(3)}`,
          };
        })
      : notComputed('centroid_ks', [0, 0], 'no similarities from the warehouse'),
    outcome('per_dimension', [ref.length, cur.length], () => {
      const p = perDimensionDrift(ref, cur, { fdr: options.fdr ?? 0.05 });
      const t = p.top[0]!;
      return {
        statistic: p.share,
        pValue: p.pValue,
        detail: `${p.drifted} of ${p.dims} dimensions drifted at FDR ${p.fdr}; largest: dimension ${t.dim + 1}, ${t.standardisedShift >= 0 ? '+' : ''}${t.standardisedShift.toFixed(2)} sd (KS D ${t.statistic.toFixed(3)})`,
      };
    }),
  ];
  const cs = options.classifierSample ?? 1000;
  detectors.push(
    outcome('domain_classifier', [Math.min(ref.length, cs), Math.min(cur.length, cs)], () => {
      const c = domainClassifierDrift(ref.slice(0, cs), cur.slice(0, cs), { seed, permutations });
      return {
        statistic: c.auc,
        pValue: c.pValue,
        detail: `held-out ROC AUC ${c.auc.toFixed(3)} (0.5: indistinguishable) on ${c.testSize} vectors`,
      };
    }),
  );
  const ms = options.mmdSample ?? 400;
  detectors.push(
    outcome('mmd', [Math.min(ref.length, ms), Math.min(cur.length, ms)], () => {
      const m = mmdTest(ref.slice(0, ms), cur.slice(0, ms), { seed, permutations });
      return {
        statistic: m.mmd2,
        pValue: m.pValue,
        detail: `MMD² ${m.mmd2.toExponential(2)} (Gaussian kernel, bandwidth ${m.bandwidth.toPrecision(3)})`,
      };
    }),
  );
  const fired = detectors.filter((d) => d.fired).map((d) => d.detector);
  return { drifted: fired.length > 0, alpha, detectorAlpha, detectors, fired, centroidKs };
}
