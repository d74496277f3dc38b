/** A text's contextual token embeddings, as a BERT-style encoder gives them (special tokens included). */
export interface TokenEmbedding {
  /** Token ids (word-piece ids or strings): idf weights are counted by id. */
  ids: (number | string)[];
  /** One vector a token, all of one dimension. */
  vectors: ArrayLike<number>[];
  /** True for [CLS], [SEP] and the like: matched against like any token, but weighted 0 (as bert_score does). */
  special: boolean[];
}

/** Embeds one text. Injected, so that the arithmetic is tested without a model; the pipeline's provider loads one. */
export type TokenEmbedder = (text: string) => TokenEmbedding;

export interface BertScoreOptions {
  /**
   * Weight tokens by inverse document frequency over the references, `log((M + 1) / (df + 1))` (bert_score's
   * `idf=True`), or by a given id -> weight map. Default false: every non-special token weighs 1.
   */
  idf?: boolean | Map<number | string, number>;
  /** Baseline rescaling: each of P, R, F1 becomes (x - b) / (1 - b) with the model's baseline b. */
  baseline?: { precision: number; recall: number; f1: number };
}

export interface BertScoreResult {
  precision: number[];
  recall: number[];
  f1: number[];
  /** Means over the pairs (0 pairs: an error, see @throws). */
  mean: { precision: number; recall: number; f1: number };
  /** Indexes of pairs whose candidate or reference has no non-special token: scored 0 before rescaling. */
  empty: number[];
}

function unitVectors(e: TokenEmbedding, where: string, dim: { d: number | null }): Float64Array[] {
  if (e.vectors.length !== e.ids.length || e.special.length !== e.ids.length) {
    throw new RangeError(
      `${where}: ${e.ids.length} ids, ${e.vectors.length} vectors and ${e.special.length} special flags must be as many`,
    );
  }
  return e.vectors.map((v, t) => {
    if (dim.d === null) dim.d = v.length;
    if (v.length !== dim.d) throw new RangeError(`${where}: token ${t} has dimension ${v.length}, expected ${dim.d}`);
    let norm = 0;
    for (let k = 0; k < v.length; k++) norm += v[k]! * v[k]!;
    norm = Math.sqrt(norm);
    if (!(norm > 0)) throw new RangeError(`${where}: token ${t} has a zero or non-finite vector`);
    const u = new Float64Array(v.length);
    for (let k = 0; k < v.length; k++) u[k] = v[k]! / norm;
    return u;
  });
}

function weights(e: TokenEmbedding, idf: Map<number | string, number> | null, unseen: number): number[] {
  return e.ids.map((id, t) => (e.special[t] ? 0 : idf ? (idf.get(id) ?? unseen) : 1));
}

/**
 * BERTScore of candidates against references (Zhang et al. 2020): every token of one side is matched greedily to
 * its most cosine-similar token of the other side; precision is the (idf-)weighted mean of the candidate tokens'
 * best similarities, recall that of the reference tokens', F1 their harmonic mean. Special tokens take part in the
 * matching with weight 0, and a pair with an empty side scores 0, as in bert_score's `greedy_cos_idf`.
 * Reference: https://arxiv.org/abs/1904.09675; https://github.com/Tiiiger/bert_score (bert_score/utils.py)
 *
 * @throws RangeError when the lists differ in length or are empty, or an embedding is malformed (mixed dimensions,
 * a zero vector, ids and vectors of different counts).
 * @example
 * const table = { a: [1, 0], b: [0, 1], c: [1, 1] };
 * const embed = (s) => ({ ids: s.split(' '), vectors: s.split(' ').map((w) => table[w]), special: s.split(' ').map(() => false) });
 * bertScore(['a b'], ['a c'], embed).f1 // => [0.8536 (to 4 places)]
 */
export function bertScore(
  candidates: string[],
  references: string[],
  embedder: TokenEmbedder,
  options: BertScoreOptions = {},
): BertScoreResult {
  if (candidates.length !== references.length)
    throw new RangeError(`bertScore: ${candidates.length} candidates but ${references.length} references`);
  if (candidates.length === 0) throw new RangeError('bertScore: no pairs to score');
  const cache = new Map<string, TokenEmbedding>();
  const embed = (s: string) => {
    let e = cache.get(s);
    if (!e) cache.set(s, (e = embedder(s)));
    return e;
  };
  const refs = references.map(embed);
  const cands = candidates.map(embed);
  let idf: Map<number | string, number> | null = null;
  let unseen = 1;
  if (options.idf instanceof Map) idf = options.idf;
  else if (options.idf) {
    const df = new Map<number | string, number>();
    for (const r of refs) for (const id of new Set(r.ids)) df.set(id, (df.get(id) ?? 0) + 1);
    const m = refs.length;
    idf = new Map([...df].map(([id, c]) => [id, Math.log((m + 1) / (c + 1))]));
    unseen = Math.log(m + 1);
  }
  const dim = { d: null as number | null };
  const b = options.baseline;
  const out: BertScoreResult = { precision: [], recall: [], f1: [], mean: { precision: 0, recall: 0, f1: 0 }, empty: [] };
  for (let i = 0; i < cands.length; i++) {
    const c = cands[i]!;
    const r = refs[i]!;
    const cu = unitVectors(c, `candidate ${i}`, dim);
    const ru = unitVectors(r, `reference ${i}`, dim);
    const cw = weights(c, idf, unseen);
    const rw = weights(r, idf, unseen);
    let p = 0;
    let rec = 0;
    let f = 0;
    if (c.special.some((s) => !s) && r.special.some((s) => !s)) {
      const bestC = new Float64Array(cu.length).fill(-Infinity);
      const bestR = new Float64Array(ru.length).fill(-Infinity);
      for (let x = 0; x < cu.length; x++) {
        const u = cu[x]!;
        for (let y = 0; y < ru.length; y++) {
          const v = ru[y]!;
          let s = 0;
          for (let k = 0; k < u.length; k++) s += u[k]! * v[k]!;
          if (s > bestC[x]!) bestC[x] = s;
          if (s > bestR[y]!) bestR[y] = s;
        }
      }
      const cSum = cw.reduce((a, w) => a + w, 0);
      const rSum = rw.reduce((a, w) => a + w, 0);
      p = cw.reduce((a, w, x) => a + (w / cSum) * bestC[x]!, 0);
      rec = rw.reduce((a, w, y) => a + (w / rSum) * bestR[y]!, 0);
      f = (2 * p * rec) / (p + rec);
      // Weights summing to 0 (every token in every reference, under idf) give 0/0: bert_score leaves NaN; we score 0.
      if (!Number.isFinite(p)) p = 0;
      if (!Number.isFinite(rec)) rec = 0;
      if (!Number.isFinite(f)) f = 0;
    } else out.empty.push(i);
    if (b) {
      p = (p - b.precision) / (1 - b.precision);
      rec = (rec - b.recall) / (1 - b.recall);
      f = (f - b.f1) / (1 - b.f1);
    }
    out.precision.push(p);
    out.recall.push(rec);
    out.f1.push(f);
  }
  const n = cands.length;
  out.mean = {
    precision: out.precision.reduce((a, x) => a + x, 0) / n,
    recall: out.recall.reduce((a, x) => a + x, 0) / n,
    f1: out.f1.reduce((a, x) => a + x, 0) / n,
  };
  return out;
}
