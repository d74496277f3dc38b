/** A finding someone has to act on (critical or warning), under its week-independent key (see findingKey). */
export interface TrackedFinding {
  key: string;
  severity: 'critical' | 'warning';
  message: string;
}

/** How long a finding has been open: `weeks` counted, `atLeast` when the history ran out before it started. */
export interface Streak {
  weeks: number;
  atLeast: boolean;
}

export interface FindingChangesResult {
  /** Open this week and not last week. */
  new: TrackedFinding[];
  /** Open last week and not this week (as last week worded them). */
  resolved: TrackedFinding[];
  /** Open both weeks, with how long, and whether it got worse (warning to critical). */
  open: (TrackedFinding & Streak & { worse: boolean })[];
  /** Every finding open this week by key: what next week's comparison continues from. */
  streaks: Record<string, Streak>;
}

const RANK = { warning: 1, critical: 2 } as const;

function byKey(findings: TrackedFinding[]): Map<string, TrackedFinding> {
  const out = new Map<string, TrackedFinding>();
  for (const f of findings) {
    const had = out.get(f.key);
    if (!had || RANK[f.severity] > RANK[had.severity]) out.set(f.key, f);
  }
  return out;
}

/**
 * What changed since last week's review: the findings new this week, resolved since last week and still open, with
 * the number of consecutive weeks each has been open. A finding open last week continues last week's streak
 * (`previousStreaks`, from last week's report) or, when last week's report kept none, counts 2 weeks "at least".
 * Several findings under one key (two spike days) count once, at their highest severity.
 *
 * Reference: the "what changed" review of the weekly deck (docs/scheduling.md#the-weekly-deck).
 * @throws never.
 * @example
 * const w = (key: string) => ({ key, severity: 'warning' as const, message: key });
 * const r = findingChanges([w('a'), w('b')], [w('b'), w('c')], { b: { weeks: 3, atLeast: false } });
 * r.new.map((f) => f.key) // => ['a']
 * r.resolved.map((f) => f.key) // => ['c']
 * r.open[0].weeks // => 4
 */
export function findingChanges(
  current: TrackedFinding[],
  previous: TrackedFinding[],
  previousStreaks: Record<string, Streak> | null,
): FindingChangesResult {
  const now = byKey(current);
  const before = byKey(previous);
  const result: FindingChangesResult = { new: [], resolved: [], open: [], streaks: {} };
  for (const [key, f] of now) {
    const last = before.get(key);
    if (!last) {
      result.new.push(f);
      result.streaks[key] = { weeks: 1, atLeast: false };
      continue;
    }
    const prior = previousStreaks?.[key];
    const streak = prior ? { weeks: prior.weeks + 1, atLeast: prior.atLeast } : { weeks: 2, atLeast: true };
    result.open.push({ ...f, ...streak, worse: RANK[f.severity] > RANK[last.severity] });
    result.streaks[key] = streak;
  }
  for (const [key, f] of before) if (!now.has(key)) result.resolved.push(f);
  result.open.sort((a, b) => b.weeks - a.weeks);
  return result;
}
