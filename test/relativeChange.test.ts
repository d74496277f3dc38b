import { describe, expect, it } from 'vitest';
import { relativeChange } from '../src/analysis/relativeChange';

describe('relativeChange', () => {
  it('gives absolute and relative change against the baseline', () => {
    expect(relativeChange(110, 100)).toEqual({ computable: true, absolute: 10, relative: 0.1 });
    expect(relativeChange(-3, -4)).toEqual({ computable: true, absolute: 1, relative: 0.25 });
  });

  it('states a zero baseline has no relative change instead of returning Infinity', () => {
    expect(relativeChange(5, 0)).toEqual({ computable: true, absolute: 5, relative: null });
  });

  it('says which side is missing rather than returning NaN', () => {
    expect(relativeChange(null, 3)).toEqual({ computable: false, reason: 'no value for this period' });
    expect(relativeChange(3, undefined)).toEqual({ computable: false, reason: 'no value for the baseline period' });
    expect(relativeChange(Number.NaN, 3).computable).toBe(false);
  });
});
