/** What ranking needs of a finding: its severity, its estimated impact and the cause it belongs to. */
export interface RankableFinding {
  key: string;
  severity: 'critical' | 'warning' | 'info';
  impact?: { users?: number; usd?: number };
  /** Findings of one cause share a topic; without one, the key is the topic. */
  topic?: string;
}

export interface RankedFinding<T> {
  lead: T;
  /** The other findings of the lead's topic, in rank order: shown as "and N related", not again. */
  related: T[];
}

const SEVERITY = { critical: 2, warning: 1, info: 0 } as const;

/**
 * Findings in the order a review should take them: by severity, then by estimated dollars at stake, then by users
 * (turns, sessions or rated responses) affected, a finding without an estimate after those with one, ties in their
 * given order. Findings of one topic collapse onto the highest ranked of them (deduplication across sections).
 *
 * Reference: the severity order of --fail-on (src/jobs/report.ts).
 * @throws never.
 * @example
 * rankFindings([
 *   { key: 'a', severity: 'warning', impact: { usd: 10 } },
 *   { key: 'b', severity: 'critical' },
 *   { key: 'c', severity: 'warning', impact: { usd: 90 }, topic: 't' },
 *   { key: 'd', severity: 'warning', topic: 't' },
 * ]).map((r) => r.lead.key) // => ['b', 'c', 'a']
 */
export function rankFindings<T extends RankableFinding>(findings: T[]): RankedFinding<T>[] {
  const score = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? -1 : x);
  const ordered = findings
    .map((f, i) => ({ f, i }))
    .sort(
      (a, b) =>
        SEVERITY[b.f.severity] - SEVERITY[a.f.severity] ||
        score(b.f.impact?.usd) - score(a.f.impact?.usd) ||
        score(b.f.impact?.users) - score(a.f.impact?.users) ||
        a.i - b.i,
    );
  const groups = new Map<string, RankedFinding<T>>();
  for (const { f } of ordered) {
    const topic = f.topic ?? f.key;
    const group = groups.get(topic);
    if (group) group.related.push(f);
    else groups.set(topic, { lead: f, related: [] });
  }
  return [...groups.values()];
}
