import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
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
