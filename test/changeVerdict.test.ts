import { describe, expect, it } from 'vitest';
import { changeVerdict } from '../src/analysis/changeVerdict';

describe('changeVerdict', () => {
  it('colours by the direction that is good for the metric, flat within the tolerance', () => {
    expect(changeVerdict(0.0037, 0.0034, 'lower')).toBe('bad'); // +8.8%
    expect(changeVerdict(719, 1110, 'lower')).toBe('good');
    expect(changeVerdict(0.66, 0.64, 'higher')).toBe('good');
    expect(changeVerdict(0.6, 0.64, 'higher')).toBe('bad');
    expect(changeVerdict(102, 100, 'lower')).toBe('flat'); // exactly 2%: flat
    expect(changeVerdict(103, 100, 'lower', 0.05)).toBe('flat');
    expect(changeVerdict(200, 100, 'neither')).toBe('flat');
  });

  it('a zero baseline: any rise is past every tolerance; missing or non-finite values are unknown', () => {
    expect(changeVerdict(1, 0, 'lower')).toBe('bad');
    expect(changeVerdict(0, 0, 'lower')).toBe('flat');
    expect(changeVerdict(null, 1, 'lower')).toBe('unknown');
    expect(changeVerdict(1, undefined, 'lower')).toBe('unknown');
    expect(changeVerdict(NaN, 1, 'lower')).toBe('unknown');
    expect(() => changeVerdict(1, 1, 'lower', -0.1)).toThrow(RangeError);
  });
});
