import { describe, expect, it } from 'vitest';
import { contractDiff, typeMatches } from '../src/analysis/contractDiff';

const spec = [
  { table: 'feedback', column: 'feedback_id', type: 'VARCHAR' },
  { table: 'feedback', column: 'ts', type: 'TIMESTAMP' },
  { table: 'feedback', column: 'value', type: 'VARCHAR' },
  { table: 'intent_baseline', column: 'share', type: 'DOUBLE' },
];

describe('contractDiff', () => {
  it('lists a missing table once, then missing columns and wrong types in contract order', () => {
    const found = new Map([
      [
        'feedback',
        new Map([
          ['feedback_id', 'INTEGER'],
          ['ts', 'TIMESTAMP'],
        ]),
      ],
    ]);
    expect(contractDiff(spec, found)).toEqual([
      { kind: 'wrong_type', table: 'feedback', column: 'feedback_id', expected: 'VARCHAR', found: 'INTEGER' },
      { kind: 'missing_column', table: 'feedback', column: 'value', expected: 'VARCHAR' },
      { kind: 'missing_table', table: 'intent_baseline' },
    ]);
  });

  it('accepts text columns whose every value converts, and reports the count that does not', () => {
    const found = new Map([
      [
        'feedback',
        new Map([
          ['feedback_id', 'VARCHAR'],
          ['ts', 'VARCHAR'],
          ['value', 'VARCHAR'],
        ]),
      ],
      ['intent_baseline', new Map([['share', 'VARCHAR']])],
    ]);
    const issues = contractDiff(spec, found, (table) => (table === 'feedback' ? 0 : 2));
    expect(issues).toEqual([
      { kind: 'wrong_type', table: 'intent_baseline', column: 'share', expected: 'DOUBLE', found: 'VARCHAR', unreadable: 2 },
    ]);
  });

  it('treats an empty source as every table missing', () => {
    expect(contractDiff(spec, new Map()).map((i) => i.kind)).toEqual(['missing_table', 'missing_table']);
  });

  it('knows engine spellings of the same type', () => {
    expect(typeMatches('TIMESTAMP', 'timestamp without time zone')).toBe(true);
    expect(typeMatches('DOUBLE', 'DECIMAL(18,3)')).toBe(true);
    expect(typeMatches('VARCHAR', 'character varying(256)')).toBe(true);
    expect(typeMatches('INTEGER', 'BIGINT')).toBe(false);
    expect(typeMatches('FLOAT[]', 'super')).toBe(true);
  });
});
