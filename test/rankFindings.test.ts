import { describe, expect, it } from 'vitest';
import { rankFindings } from '../src/analysis/rankFindings';

describe('rankFindings', () => {
  it('orders by severity, then dollars, then users, keeping ties in their order, and folds a topic onto its lead', () => {
    const ranked = rankFindings([
      { key: 'info', severity: 'info' as const, impact: { usd: 1e6 } },
      { key: 'w-users', severity: 'warning' as const, impact: { users: 5000 } },
      { key: 'w-none', severity: 'warning' as const },
      { key: 'w-usd', severity: 'warning' as const, impact: { usd: 40, users: 1 } },
      { key: 'c', severity: 'critical' as const },
      { key: 'w-topic-b', severity: 'warning' as const, topic: 't', impact: { users: 10 } },
      { key: 'w-topic-a', severity: 'warning' as const, topic: 't', impact: { users: 20 } },
    ]);
    expect(ranked.map((r) => r.lead.key)).toEqual(['c', 'w-usd', 'w-users', 'w-topic-a', 'w-none', 'info']);
    expect(ranked[3]!.related.map((r) => r.key)).toEqual(['w-topic-b']);
  });

  it('treats a non-finite estimate as no estimate', () => {
    const ranked = rankFindings([
      { key: 'nan', severity: 'warning' as const, impact: { usd: NaN } },
      { key: 'zero', severity: 'warning' as const, impact: { usd: 0 } },
    ]);
    expect(ranked.map((r) => r.lead.key)).toEqual(['zero', 'nan']);
  });
});
