import { createHash } from 'node:crypto';

/** One arm of an experiment and its share of traffic in percent. */
export interface VariantWeight {
  name: string;
  weight: number;
}

/**
 * Checks an experiment's arms: at least two, unique non-empty names, whole-number weights from 0 to 100 that sum to 100.
 * @throws RangeError naming the arm or the sum at fault.
 */
export function checkVariantWeights(variants: readonly VariantWeight[]): void {
  if (variants.length < 2) throw new RangeError(`an experiment needs at least two variants, got ${variants.length}`);
  const names = new Set<string>();
  let sum = 0;
  for (const v of variants) {
    if (!v.name) throw new RangeError('every variant needs a name');
    if (names.has(v.name)) throw new RangeError(`variant ${v.name} appears twice`);
    names.add(v.name);
    if (!Number.isInteger(v.weight) || v.weight < 0 || v.weight > 100) {
      throw new RangeError(`variant ${v.name}: weight must be a whole number from 0 to 100, got ${v.weight}`);
    }
    sum += v.weight;
  }
  if (sum !== 100)
    throw new RangeError(`variant weights must sum to 100, got ${sum} (${variants.map((v) => `${v.name} ${v.weight}`).join(', ')})`);
}

/**
 * The deterministic arm of a session: sha256 of the session id (UTF-8), read as an unsigned 256-bit integer, modulo
 * 100, placed against the cumulative weights in the order given. Exact integer arithmetic (BigInt), so it equals the
 * orchestrator's Python `int(hashlib.sha256(id.encode()).hexdigest(), 16) % 100` for every id.
 * Reference: MangaAssist US-2.3 assignment; https://docs.python.org/3/library/hashlib.html
 *
 * @throws RangeError when the weights are not valid (see checkVariantWeights).
 * @example
 * assignVariant('S000000001', [{ name: 'control', weight: 50 }, { name: 'treatment', weight: 50 }]) // => 'control'
 */
export function assignVariant(sessionId: string, variants: readonly VariantWeight[]): string {
  checkVariantWeights(variants);
  return variants[variantIndex(sessionBucket(sessionId), variants)]!.name;
}

/** sha256(id) mod 100, the bucket a session falls in. */
export function sessionBucket(sessionId: string): number {
  return Number(BigInt(`0x${createHash('sha256').update(sessionId, 'utf8').digest('hex')}`) % 100n);
}

function variantIndex(bucket: number, variants: readonly VariantWeight[]): number {
  let cumulative = 0;
  for (let i = 0; i < variants.length; i++) {
    cumulative += variants[i]!.weight;
    if (bucket < cumulative) return i;
  }
  return variants.length - 1;
}
