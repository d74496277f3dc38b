import { describe, expect, it } from 'vitest';
import { findingChanges, type TrackedFinding } from '../src/analysis/findingChanges';

const f = (key: string, severity: 'critical' | 'warning' = 'warning', message = key): TrackedFinding => ({ key, severity, message });

describe('findingChanges', () => {
  it('splits new, resolved and still open, continuing last week streaks or counting 2+ without them', () => {
    const r = findingChanges([f('a'), f('b', 'critical'), f('c')], [f('b'), f('c'), f('d', 'warning', 'd last week')], {
      b: { weeks: 3, atLeast: false },
    });
    expect(r.new.map((x) => x.key)).toEqual(['a']);
    expect(r.resolved).toEqual([f('d', 'warning', 'd last week')]);
    expect(r.open.map((x) => [x.key, x.weeks, x.atLeast, x.worse])).toEqual([
      ['b', 4, false, true],
      ['c', 2, true, false],
    ]);
    expect(r.streaks).toEqual({ a: { weeks: 1, atLeast: false }, b: { weeks: 4, atLeast: false }, c: { weeks: 2, atLeast: true } });
  });

  it('counts several findings under one key once, at their highest severity', () => {
    const r = findingChanges([f('spike'), f('spike', 'critical', 'worse day')], [], null);
    expect(r.new).toEqual([f('spike', 'critical', 'worse day')]);
  });

  it('with no findings either week has nothing to say', () => {
    expect(findingChanges([], [], null)).toEqual({ new: [], resolved: [], open: [], streaks: {} });
  });
});
