import { contractDiff, typeMatches, type ContractIssue } from '../analysis/contractDiff';
import { loadContract, type Contract } from './contract';
import type { Source } from './source';

/**
 * Checks a source against the warehouse contract. Text columns where the contract wants another type are
 * counted value by value when the engine can (DuckDB sources), so a CSV export passes when its text converts.
 */
export async function validateSource(source: Source, contract: Contract = loadContract()): Promise<ContractIssue[]> {
  await source.checkReadable?.();
  const found = await source.columns();
  const specs = contract.flatMap((t) => t.columns.map((c) => ({ table: t.name, column: c.name, type: c.type })));
  const counts = new Map<string, number | undefined>();
  if (source.countUnreadable) {
    for (const spec of specs) {
      const type = found.get(spec.table)?.get(spec.column);
      if (type !== undefined && spec.type !== 'VARCHAR' && !typeMatches(spec.type, type) && typeMatches('VARCHAR', type)) {
        counts.set(`${spec.table}.${spec.column}`, await source.countUnreadable(spec.table, spec.column, spec.type));
      }
    }
  }
  return contractDiff(specs, found, (table, column) => counts.get(`${table}.${column}`));
}

/** One line per issue, for the terminal and for error messages. */
export function describeIssue(issue: ContractIssue): string {
  switch (issue.kind) {
    case 'missing_table':
      return `missing table ${issue.table}`;
    case 'missing_column':
      return `missing column ${issue.table}.${issue.column} (${issue.expected})`;
    case 'wrong_type':
      return (
        `wrong type ${issue.table}.${issue.column}: found ${issue.found}, contract says ${issue.expected}` +
        (issue.unreadable !== undefined ? ` (${issue.unreadable} values cannot be read as ${issue.expected})` : '')
      );
  }
}
