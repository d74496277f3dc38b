import type { Tokenizer } from './chunkText';

/**
 * The same tokenizer remembering what it encoded, for work that chunks one corpus more than once (the weekly retrieval
 * readout builds the production configuration for the grid and again for its chunk ids). Each encode hands out a copy,
 * so a caller may change it; the memory lives as long as the returned value does.
 * Reference: https://en.wikipedia.org/wiki/Memoization
 * @example
 * const t = memoTokenizer({ encode: (s) => [...s].map((c) => c.charCodeAt(0)), decode: (x) => String.fromCharCode(...x) });
 * t.encode('ab') // => [97, 98]
 */
export function memoTokenizer(tokenizer: Tokenizer): Tokenizer {
  const seen = new Map<string, number[]>();
  return {
    encode(text) {
      let tokens = seen.get(text);
      if (!tokens) seen.set(text, (tokens = tokenizer.encode(text)));
      return tokens.slice();
    },
    decode: (tokens) => tokenizer.decode(tokens),
  };
}
