import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { aaSimulation } from '../src/analysis/aaSimulation';
import { loadContract } from '../src/pipeline/contract';

describe('docs/warehouse.md', () => {
  const doc = readFileSync('docs/warehouse.md', 'utf8');
  const sections = new Map(
    doc
      .split('\n### ')
      .slice(1)
      .map((s) => [s.split('\n')[0]!.trim(), s]),
  );

  it('documents every contract table and column with its type, and nothing the contract lacks', () => {
    const contract = loadContract();
    expect([...sections.keys()].sort()).toEqual(contract.map((t) => t.name).sort());
    for (const table of contract) {
      const rows = [...sections.get(table.name)!.matchAll(/^\| `([a-z0-9_]+)` \| ([A-Z[\]]+) \|/gm)].map((m) => `${m[1]} ${m[2]}`);
      expect(rows, table.name).toEqual(table.columns.map((c) => `${c.name} ${c.type}`));
    }
  });
});

describe('docs/experiments.md', () => {
  it('states the A/A simulation figures the code produces', () => {
    const doc = readFileSync('docs/experiments.md', 'utf8');
    const r = aaSimulation({ experiments: 2000, days: 28, sessionsPerDay: 500, rate: 0.6, seed: 20261122 });
    const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
    expect(doc).toContain(`| mSPRT, stop the first day its always-valid p < 0.05 | ${pct(r.msprtFalseStopRate)} |`);
    expect(doc).toContain(`| naive: two-proportion z-test every day, stop the first day p < 0.05 | ${pct(r.naiveFalseStopRate)} |`);
    expect(doc).toContain(`| one z-test at day 28 only (calibration check) | ${pct(r.fixedHorizonFalsePositiveRate)} |`);
  });
});

/** Every numeric leaf of a JSON document, by dotted path. */
function numericLeaves(o: Record<string, unknown>, prefix = ''): [string, number][] {
  return Object.entries(o).flatMap(([k, v]): [string, number][] =>
    typeof v === 'number'
      ? [[`${prefix}${k}`, v]]
      : typeof v === 'object' && v !== null
        ? numericLeaves(v as Record<string, unknown>, `${prefix}${k}.`)
        : [],
  );
}

describe.each([
  ['docs/cost.md', 'config/cost.json'],
  ['docs/errors.md', 'config/errors.json'],
])('%s', (docFile, configFile) => {
  it(`lists every numeric setting of ${configFile} with the value the file holds`, () => {
    const doc = readFileSync(docFile, 'utf8');
    const rows = new Map([...doc.matchAll(/^\| `([a-z_.]+)` \| ([\d.]+) \|/gm)].map((m) => [m[1]!, Number(m[2])]));
    const config = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>;
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(numericLeaves(config)));
  });
});
