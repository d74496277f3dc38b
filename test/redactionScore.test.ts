// redactionScore (src/analysis/redactionScore.ts) by hand, and redactPii measured with it on the labelled set
// test/fixtures/pii-labelled.jsonl (scripts/pii-labelled-set.ts; docs/privacy.md), in TypeScript and in DuckDB alike.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { redactPii } from '../src/analysis/redactPii';
import { redactionScore, type LabelledMessage } from '../src/analysis/redactionScore';
import { redactPiiSql } from '../src/pipeline/queries';

const FIXTURE = 'test/fixtures/pii-labelled.jsonl';
const messages = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as LabelledMessage & { id: string; lang: string });

describe('redactionScore', () => {
  it('counts an item removed only when none of its text survives, and tags on the neutralised text as false positives (by hand)', () => {
    const set: LabelledMessage[] = [
      {
        text: 'call 090-1234-5678 or 03-1234-5678',
        pii: [
          { kind: 'phone', text: '090-1234-5678' },
          { kind: 'phone', text: '03-1234-5678' },
        ],
      },
      { text: 'order 123-4567', pii: [], keep: ['123-4567'] },
    ];
    // A redactor that removes only the first phone and also every "123-4567".
    const r = redactionScore(set, (t) => t.replace('090-1234-5678', '[PHONE]').replace('123-4567', '[PHONE]'));
    expect(r.recall).toEqual({ phone: { items: 2, removed: 1, recall: 0.5 } });
    // Tags written: 1 (first message: "03-1234-5678" does not contain "123-4567") + 1; neutralised: the order id's.
    expect([r.tags, r.falsePositives, r.precision]).toEqual([2, 1, 0.5]);
    expect([r.clean, r.cleanChanged, r.kept, r.keepTotal]).toEqual([1, 1, 0, 1]);
    expect(() => redactionScore([], (t) => t)).toThrow('no messages to score');
  });
});

describe('redactPii on the labelled set', () => {
  const set = messages(readFileSync(FIXTURE, 'utf8'));

  it('is the set the script writes: 575 messages, Japanese and English, 427 labelled items', () => {
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/pii-labelled-set.ts'], { encoding: 'utf8' });
    expect(messages(readFileSync(FIXTURE, 'utf8'))).toEqual(set);
    expect(set.length).toBeGreaterThanOrEqual(500);
    expect(set.filter((m) => m.lang === 'ja').length).toBeGreaterThan(200);
    expect(set.reduce((n, m) => n + m.pii.length, 0)).toBe(427);
  });

  it('removes every labelled phone, address and e-mail, names where the text marks them, and nothing else (TypeScript)', () => {
    const r = redactionScore(set, (t) => redactPii(t).text);
    expect(r.recall.phone).toEqual({ items: 135, removed: 135, recall: 1 });
    expect(r.recall.address).toEqual({ items: 165, removed: 165, recall: 1 });
    expect(r.recall.email).toEqual({ items: 40, removed: 40, recall: 1 });
    // Names: with 様, a title or before an address; "this is Kenta Sato" and "佐藤美咲です" pass (docs/privacy.md).
    expect(r.recall.name).toEqual({ items: 87, removed: 49, recall: 49 / 87 });
    expect([r.falsePositives, r.cleanChanged, r.kept]).toEqual([0, 0, r.keepTotal]);
    expect(r.precision).toBe(1);
  });

  it('redacts in DuckDB exactly as in TypeScript (without the Luhn check, which SQL cannot run), message by message', async () => {
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    try {
      for (const m of set) {
        const got = (await db.runAndReadAll(`SELECT ${redactPiiSql('$1', 'duckdb')}`, [m.text])).getRows()[0]![0];
        expect(got, m.id).toBe(redactPii(m.text, { luhn: false }).text);
      }
    } finally {
      db.closeSync();
    }
  });
});
