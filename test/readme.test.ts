import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('README quick start', () => {
  const readme = readFileSync('README.md', 'utf8');
  const block = /## Quick start[\s\S]*?```bash\n([\s\S]*?)```/.exec(readme)?.[1]?.trim().split('\n') ?? [];

  it('is two lines: one runs the main job, one runs every test', () => {
    expect(block).toHaveLength(2);
    expect(block[0]).toMatch(/mangalab report weekly$/);
    expect(block[1]).toMatch(/npm test$/);
  });

  it('is what CI runs', () => {
    const ci = readFileSync('.ci/run', 'utf8').trim().split('\n').at(-1);
    expect(ci).toBe(block[1]);
  });
});
