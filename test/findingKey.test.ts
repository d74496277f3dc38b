import { describe, expect, it } from 'vitest';
import { findingKey } from '../src/analysis/findingKey';

describe('findingKey', () => {
  it('drops the day, ISO week or month a finding id names, wherever it sits, and keeps version dots', () => {
    expect(findingKey('cost.spike.2026-11-11')).toBe('cost.spike');
    expect(findingKey('cost.cache.2026-W46')).toBe('cost.cache');
    expect(findingKey('cost.throughput.2026-11')).toBe('cost.throughput');
    expect(findingKey('a.2026-11-11.b')).toBe('a.b');
    expect(findingKey('monitoring.shadow.sonnet-v2.1-rc1 vs sonnet-v2.0')).toBe('monitoring.shadow.sonnet-v2.1-rc1 vs sonnet-v2.0');
    expect(findingKey('experiment.exp-2026.decision')).toBe('experiment.exp-2026.decision');
  });
});
