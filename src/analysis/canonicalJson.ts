/**
 * JSON with object keys sorted at every level, so that a value hashes the same however it was built (the audit chain's
 * record hashes and the registry's content hashes). Arrays keep their order; undefined is written as null.
 * See RFC 8785 (JSON Canonicalization Scheme), whose key ordering this follows for the ASCII keys used here.
 * @example
 * canonicalJson({ b: 1, a: [2, { d: null, c: 'x' }] })
 * // => '{"a":[2,{"c":"x","d":null}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
