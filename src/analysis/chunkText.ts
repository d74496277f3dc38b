/** A tokenizer as chunking needs it: token ids for a text and the text of a run of ids (js-tiktoken's shape). */
export interface Tokenizer {
  encode(text: string): number[];
  decode(tokens: number[]): string;
}

export interface ChunkOptions {
  /** Tokens a chunk holds at most: 128 to 1024. */
  size: number;
  /** Tokens shared by consecutive chunks: 0 to 100, and less than size. */
  overlap: number;
  /** 'tokens': fixed token windows; 'sentences': whole sentences packed up to size, overlap carried as whole sentences. */
  mode?: 'tokens' | 'sentences';
}

/** A chunk: its text (an exact substring of the source), where it sits, and its token count. */
export interface TextChunk {
  index: number;
  text: string;
  /** Character offsets into the source, end exclusive. */
  start: number;
  end: number;
  tokens: number;
}

export const CHUNK_SIZE_RANGE = [128, 1024] as const;
export const CHUNK_OVERLAP_RANGE = [0, 100] as const;

/**
 * Checks chunking options against US-5.4's ranges (size 128 to 1024 tokens, overlap 0 to 100 tokens, overlap below size).
 * @throws RangeError naming the value.
 */
export function checkChunkOptions(o: ChunkOptions): void {
  if (!Number.isInteger(o.size) || o.size < CHUNK_SIZE_RANGE[0] || o.size > CHUNK_SIZE_RANGE[1])
    throw new RangeError(`chunk size must be a whole number of tokens from 128 to 1024, got ${o.size}`);
  if (!Number.isInteger(o.overlap) || o.overlap < CHUNK_OVERLAP_RANGE[0] || o.overlap > CHUNK_OVERLAP_RANGE[1])
    throw new RangeError(`overlap must be a whole number of tokens from 0 to 100, got ${o.overlap}`);
  if (o.overlap >= o.size) throw new RangeError(`overlap ${o.overlap} must be smaller than the chunk size ${o.size}`);
  if (o.mode !== undefined && o.mode !== 'tokens' && o.mode !== 'sentences')
    throw new RangeError(`mode must be tokens or sentences, got ${String(o.mode)}`);
}

/** Sentence and paragraph spans of a text: a sentence ends at . ! or ? followed by white space, or at a blank line. */
function sentenceSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  const re = /[^.!?\n]*(?:[.!?]+(?=\s|$)|\n\s*\n|$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++;
      if (re.lastIndex > text.length) break;
      continue;
    }
    const lead = m[0].length - m[0].trimStart().length;
    const s = m.index + lead;
    const e = m.index + m[0].trimEnd().length;
    if (e > s) spans.push([s, e]);
  }
  return spans;
}

/**
 * Splits a text into chunks of at most `size` tokens. In 'tokens' mode, windows of `size` tokens start every
 * `size - overlap` tokens, the last window ending at the text's end. In 'sentences' mode, whole sentences (and
 * paragraphs) are packed up to `size` tokens; the next chunk starts with the previous chunk's last sentences
 * totalling at most `overlap` tokens; a sentence longer than `size` is cut into token windows. Offsets are mapped
 * back to the source, so a chunk's text is always a substring of it. Empty or white-space text gives no chunks.
 * Reference: MangaAssist US-5.4 (../shared/seeds); LangChain's TokenTextSplitter for the window arithmetic.
 *
 * @throws RangeError for options outside US-5.4's ranges (see checkChunkOptions).
 * @example
 * // with a tokenizer of one token a word:
 * chunkText('a b c d e', { size: 128, overlap: 0 }, words).length // => 1
 */
export function chunkText(text: string, options: ChunkOptions, tokenizer: Tokenizer): TextChunk[] {
  checkChunkOptions(options);
  if (text.trim() === '') return [];
  const { size, overlap } = options;
  const tokens = tokenizer.encode(text);
  // Character offset of each token boundary, from the decoded prefix (exact for text whose tokens fall on characters).
  const boundary = (i: number) => Math.min(text.length, tokenizer.decode(tokens.slice(0, i)).length);
  const windows = (from: number, to: number): [number, number][] => {
    const out: [number, number][] = [];
    for (let s = from; ; s += size - overlap) {
      const e = Math.min(s + size, to);
      out.push([s, e]);
      if (e >= to) break;
    }
    return out;
  };
  const make = (spans: [number, number][], counts: number[]): TextChunk[] =>
    spans
      .map(([s, e], index) => {
        const start = s + (text.slice(s, e).length - text.slice(s, e).trimStart().length);
        const end = s + text.slice(s, e).trimEnd().length;
        return { index, text: text.slice(start, end), start, end, tokens: counts[index]! };
      })
      .filter((c) => c.text.length > 0)
      .map((c, index) => ({ ...c, index }));

  if ((options.mode ?? 'tokens') === 'tokens') {
    const w = windows(0, tokens.length);
    return make(
      w.map(([s, e]) => [boundary(s), boundary(e)]),
      w.map(([s, e]) => e - s),
    );
  }
  const sentences = sentenceSpans(text).map(([s, e]) => ({ s, e, n: tokenizer.encode(text.slice(s, e)).length }));
  const spans: [number, number][] = [];
  const counts: number[] = [];
  let cur: typeof sentences = [];
  const flush = () => {
    if (cur.length === 0) return;
    spans.push([cur[0]!.s, cur.at(-1)!.e]);
    counts.push(tokenizer.encode(text.slice(cur[0]!.s, cur.at(-1)!.e)).length);
    // Carry the trailing sentences that fit in the overlap.
    const carry: typeof sentences = [];
    let t = 0;
    for (let i = cur.length - 1; i >= 0 && t + cur[i]!.n <= overlap; i--) {
      carry.unshift(cur[i]!);
      t += cur[i]!.n;
    }
    cur = carry.length === cur.length ? [] : carry;
  };
  for (const sen of sentences) {
    if (sen.n > size) {
      flush();
      cur = [];
      const local = tokenizer.encode(text.slice(sen.s, sen.e));
      const at = (i: number) => sen.s + Math.min(sen.e - sen.s, tokenizer.decode(local.slice(0, i)).length);
      for (const [s, e] of windows(0, local.length)) {
        spans.push([at(s), at(e)]);
        counts.push(e - s);
      }
      continue;
    }
    // Tokens of the sentences joined: their separate counts plus one a join bound it closely; encode exactly only near the limit.
    const fits = () => {
      if (cur.length === 0) return true;
      const estimate = cur.reduce((a, x) => a + x.n, 0) + sen.n + cur.length;
      return estimate <= size - 8 || tokenizer.encode(text.slice(cur[0]!.s, sen.e)).length <= size;
    };
    if (!fits()) {
      flush();
      while (!fits()) cur.shift(); // the carried overlap gives way to a sentence that needs the room
    }
    cur.push(sen);
  }
  if (cur.length > 0) {
    const last = spans.at(-1);
    // What is left is only the carried overlap when it ends where the last chunk ended: nothing new to add.
    if (!last || cur.at(-1)!.e > last[1]) {
      spans.push([cur[0]!.s, cur.at(-1)!.e]);
      counts.push(tokenizer.encode(text.slice(cur[0]!.s, cur.at(-1)!.e)).length);
    }
  }
  return make(spans, counts);
}
