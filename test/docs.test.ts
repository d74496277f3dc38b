import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { aaSimulation } from '../src/analysis/aaSimulation';
import { loadContract } from '../src/pipeline/contract';

describe('docs/warehouse.md', () => {
  const doc = readFileSync('docs/warehouse.md', 'utf8');
  const sections = new Map(doc.split('\n### ').slice(1).map((s) => [s.split('\n')[0]!.trim(), s]));

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

describe('docs/cost.md', () => {
  it('lists every threshold of config/cost.json with the value the file holds', () => {
    const doc = readFileSync('docs/cost.md', 'utf8');
    const rows = new Map([...doc.matchAll(/^\| `([a-z_.]+)` \| ([\d.]+) \|/gm)].map((m) => [m[1]!, Number(m[2])]));
    const config = JSON.parse(readFileSync('config/cost.json', 'utf8')) as Record<string, unknown>;
    const leaves: [string, number][] = [];
    const walk = (o: Record<string, unknown>, prefix: string) => {
      for (const [k, v] of Object.entries(o)) {
        if (typeof v === 'number') leaves.push([`${prefix}${k}`, v]);
        else if (typeof v === 'object' && v !== null) walk(v as Record<string, unknown>, `${prefix}${k}.`);
      }
    };
    walk(config, '');
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(leaves));
  });
});
