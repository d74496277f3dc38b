// Embedding drift of the drift readout: the warehouse checks the vectors (dimensions, non-finite components),
// computes every embedding's similarity to the training centroid and returns a fixed-seed sample of the vectors;
// the four detectors of embeddingDrift judge them.
import { embeddingDrift, type EmbeddingDriftResult } from '../../analysis/embeddingDrift';
import type { KsTwoSampleResult } from '../../analysis/ksTwoSamplePValue';
import type { MonitoringConfig } from '../../pipeline/monitoring-config';
import { readDriftEmbeddingDims, readDriftEmbeddingSample, readDriftEmbeddingSimilarity } from '../../pipeline/rows/drift';
import type { Source } from '../../pipeline/source';
import type { Window } from './alerts';

export interface EmbeddingDrift {
  /** The seed's detector (US-4.2), also one of result.detectors; null when not computed. */
  ks: KsTwoSampleResult | null;
  productionEmbeddings: number;
  trainingEmbeddings: number;
  dims: number | null;
  productionMeanSimilarity: number | null;
  trainingMeanSimilarity: number | null;
  /** Every detector's outcome and the verdict; null when nothing could be compared (`note` says why). */
  result: EmbeddingDriftResult | null;
  drifted: boolean;
  note?: string;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** Embedding drift of production queries in `current` against the training queries. */
export async function embeddingReadout(source: Source, current: Window, config: MonitoringConfig): Promise<EmbeddingDrift> {
  const window = { from_ts: current.from, to_ts: current.to };
  const dims = await readDriftEmbeddingDims(source, window);
  const count = (s: string) => dims.filter((r) => r.source === s).reduce((t, r) => t + (r.embeddings ?? 0), 0);
  const none = (note: string): EmbeddingDrift => ({
    ks: null,
    productionEmbeddings: count('production'),
    trainingEmbeddings: count('training'),
    dims: dims.length === 1 ? dims[0]!.dims : null,
    productionMeanSimilarity: null,
    trainingMeanSimilarity: null,
    result: null,
    drifted: false,
    note,
  });
  const distinct = [...new Set(dims.map((r) => r.dims))];
  if (distinct.length > 1)
    return none(`embeddings of mixed dimensions: ${dims.map((r) => `${r.source} ${r.dims}-d x ${r.embeddings}`).join(', ')}`);
  const nonfinite = dims.filter((r) => (r.nonfinite ?? 0) > 0);
  if (nonfinite.length > 0)
    return none(
      `${nonfinite.map((r) => `${r.nonfinite} ${r.source} embedding${r.nonfinite === 1 ? '' : 's'}`).join(' and ')} hold NaN, infinite or null components`,
    );
  if (count('training') === 0) return none('no training embeddings');
  if (count('production') === 0) return none('no production embeddings in the window');

  const prod: number[] = [];
  const train: number[] = [];
  for (const s of await readDriftEmbeddingSimilarity(source, window)) {
    if (s.similarity === null || Number.isNaN(s.similarity)) continue; // a zero vector has no direction
    (s.source === 'training' ? train : prod).push(s.similarity);
  }
  const e = config.drift.embedding;
  const sample = await readDriftEmbeddingSample(source, { ...window, sample_size: e.sampleSize });
  const vectors = (s: string) => sample.flatMap((r) => (r.source === s && r.embedding ? [r.embedding] : []));
  const result = embeddingDrift(
    { reference: vectors('training'), current: vectors('production'), similarities: { reference: train, current: prod } },
    {
      alpha: config.drift.embeddingPValue,
      minSamples: e.minSamples,
      classifierSample: e.classifierSample,
      mmdSample: e.mmdSample,
      permutations: e.permutations,
      seed: e.seed,
      fdr: e.fdr,
    },
  );
  return {
    ks: result.centroidKs,
    productionEmbeddings: count('production'),
    trainingEmbeddings: count('training'),
    dims: distinct[0] ?? null,
    productionMeanSimilarity: mean(prod),
    trainingMeanSimilarity: mean(train),
    result,
    drifted: result.drifted,
  };
}
