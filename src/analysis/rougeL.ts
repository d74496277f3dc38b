import { rougeTokenize } from './rougeTokenize';

export interface RougeScore {
  /** LCS length / candidate tokens. */
  precision: number;
  /** LCS length / reference tokens. */
  recall: number;
  /** Harmonic mean of precision and recall; 0 when both are 0. */
  fmeasure: number;
}

/** Length of the longest common subsequence of two token lists, in O(n m) time and O(min(n, m)) memory. */
function lcsLength(a: string[], b: string[]): number {
  const [long, short] = a.length >= b.length ? [a, b] : [b, a];
  let prev = new Uint32Array(short.length + 1);
  let cur = new Uint32Array(short.length + 1);
  for (let i = 1; i <= long.length; i++) {
    const x = long[i - 1];
    for (let j = 1; j <= short.length; j++) {
      cur[j] = x === short[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[short.length]!;
}

/**
 * ROUGE-L of a candidate against a reference: precision, recall and F-measure of their longest common subsequence
 * of tokens, with rouge-score's tokenizer (`rougeTokenize`, stemming on by default as in `use_stemmer=True`).
 * Either side without tokens scores 0 on all three, as in rouge-score.
 * Reference: Lin 2004, "ROUGE: A Package for Automatic Evaluation of Summaries";
 * https://github.com/google-research/google-research/tree/master/rouge (rouge_scorer.py, _score_lcs)
 *
 * @throws never: any two strings give a score.
 * @example
 * rougeL('the cat sat on the mat', 'the cat lay on the mat') // => { precision: 0.8333 (to 4 places), recall: 0.8333, fmeasure: 0.8333 }
 */
export function rougeL(reference: string, candidate: string, options: { stem?: boolean } = {}): RougeScore {
  const ref = rougeTokenize(reference, options);
  const cand = rougeTokenize(candidate, options);
  if (ref.length === 0 || cand.length === 0) return { precision: 0, recall: 0, fmeasure: 0 };
  const lcs = lcsLength(ref, cand);
  const precision = lcs / cand.length;
  const recall = lcs / ref.length;
  return { precision, recall, fmeasure: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0 };
}
