export interface NearDuplicateOptions {
  /** Jaccard similarity of character shingles at or above which a text duplicates an earlier one (default 0.8). */
  threshold?: number;
  /** Shingle length in characters (default 5). */
  shingle?: number;
  /** MinHash signature length; bands x rows (default 32 bands of 4 rows). */
  bands?: number;
  rows?: number;
}

export interface NearDuplicateResult {
  /** Indices of the texts kept, in input order. */
  kept: number[];
  /** For each dropped text, the kept text it duplicates and their Jaccard similarity. */
  dropped: { index: number; duplicateOf: number; jaccard: number }[];
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function mix(x: number, seed: number): number {
  let h = (x ^ seed) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Character shingles of lower-cased text with runs of non-letters and non-digits collapsed to one space. */
function shingles(text: string, k: number): Set<number> {
  const t = text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  const out = new Set<number>();
  if (t.length <= k) out.add(fnv1a(t));
  for (let i = 0; i + k <= t.length; i++) out.add(fnv1a(t.slice(i, i + k)));
  return out;
}

function jaccard(a: Set<number>, b: Set<number>): number {
  let inter = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) inter++;
  const union = a.size + b.size - inter;
  return union === 0 ? 1 : inter / union;
}

/**
 * Removes near-duplicate texts (US-8.4 flywheel): texts are reduced to sets of character shingles; MinHash signatures
 * with locality-sensitive banding propose candidate pairs, and each candidate is confirmed on the exact Jaccard
 * similarity of the shingle sets. Texts are taken in input order; one is dropped when its Jaccard similarity with an
 * already kept text reaches the threshold. With 32 bands of 4 rows a pair at Jaccard 0.8 is proposed with probability
 * 1 - (1 - 0.8^4)^32 > 0.9999999, so the result equals the exhaustive pairwise comparison but for that chance.
 * Reference: Broder, "On the resemblance and containment of documents" (1997); Leskovec, Rajaraman and Ullman,
 * Mining of Massive Datasets, ch. 3 (banding).
 *
 * Degenerate input: no texts give nothing kept; empty texts are all alike (Jaccard 1) and keep one.
 * @throws RangeError for a threshold outside (0, 1] or a non-positive shingle, band or row count.
 * @example
 * nearDuplicates(['Recommend manga like Naruto!', 'recommend manga like naruto', 'Where is my order?']).kept // => [0, 2]
 */
export function nearDuplicates(texts: readonly string[], options: NearDuplicateOptions = {}): NearDuplicateResult {
  const threshold = options.threshold ?? 0.8;
  const k = options.shingle ?? 5;
  const bands = options.bands ?? 32;
  const rows = options.rows ?? 4;
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError(`threshold must be in (0, 1], got ${threshold}`);
  for (const [name, v] of [
    ['shingle', k],
    ['bands', bands],
    ['rows', rows],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a positive whole number, got ${v}`);
  }
  const sets = texts.map((t) => shingles(t, k));
  const seeds = Array.from({ length: bands * rows }, (_, i) => mix(i + 1, 0x9e3779b9));
  const buckets: Map<string, number[]>[] = Array.from({ length: bands }, () => new Map());
  const kept: number[] = [];
  const dropped: NearDuplicateResult['dropped'] = [];
  const signature = new Uint32Array(bands * rows);
  texts.forEach((_, i) => {
    signature.fill(0xffffffff);
    for (const x of sets[i]!) {
      for (let h = 0; h < signature.length; h++) {
        const v = mix(x, seeds[h]!);
        if (v < signature[h]!) signature[h] = v;
      }
    }
    const keys: string[] = [];
    let best: { index: number; jaccard: number } | null = null;
    const tried = new Set<number>();
    for (let b = 0; b < bands; b++) {
      const key = signature.subarray(b * rows, (b + 1) * rows).join(',');
      keys.push(key);
      for (const j of buckets[b]!.get(key) ?? []) {
        if (tried.has(j)) continue;
        tried.add(j);
        const s = jaccard(sets[i]!, sets[j]!);
        if (s >= threshold && (!best || s > best.jaccard || (s === best.jaccard && j < best.index))) best = { index: j, jaccard: s };
      }
    }
    if (best) {
      dropped.push({ index: i, duplicateOf: best.index, jaccard: best.jaccard });
      return;
    }
    kept.push(i);
    keys.forEach((key, b) => buckets[b]!.set(key, [...(buckets[b]!.get(key) ?? []), i]));
  });
  return { kept, dropped };
}
