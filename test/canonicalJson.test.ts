import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/analysis/canonicalJson';

// Expected strings are Python's json.dumps(value, sort_keys=True, separators=(',', ':'), ensure_ascii=False) of the same values
// (python3 -c 'import json; print(json.dumps({"b":1,"a":[2,{"d":None,"c":"x"}]}, sort_keys=True, separators=(",",":")))').
describe('canonicalJson', () => {
  it('sorts keys at every level and keeps array order, as json.dumps(sort_keys=True) does', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: null, c: 'x' }] })).toBe('{"a":[2,{"c":"x","d":null}],"b":1}');
    expect(canonicalJson({ z: { y: { x: [3, 1, 2] } }, é: 'ü' })).toBe('{"z":{"y":{"x":[3,1,2]}},"é":"ü"}');
  });

  it('writes the same text for the same value however it was built, and undefined as null', () => {
    const a: Record<string, unknown> = {};
    a.second = 2;
    a.first = 1;
    expect(canonicalJson(a)).toBe(canonicalJson({ first: 1, second: 2 }));
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson([undefined])).toBe('[null]');
  });
});
