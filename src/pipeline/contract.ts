import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { paths } from './paths';

/** A column of the warehouse contract, with its DuckDB type as written in queries/schema/. */
export interface ContractColumn {
  name: string;
  type: string;
}

export interface ContractTable {
  name: string;
  columns: ContractColumn[];
  /** The DDL file that defines it. */
  file: string;
}

export type Contract = ContractTable[];

/**
 * Reads the warehouse contract from the DDL files in queries/schema/ (one CREATE TABLE per file), so the
 * contract is written once and everything else (mounting, validation, docs tests) derives from it.
 */
export function loadContract(dir: string = paths.schema()): Contract {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  return files.map((file) => parseCreateTable(readFileSync(join(dir, file), 'utf8'), join(dir, file)));
}

export function parseCreateTable(ddl: string, file: string): ContractTable {
  const text = ddl.replace(/--[^\n]*/g, '');
  const match = /create\s+table\s+([a-z_][a-z0-9_]*)\s*\(([\s\S]*)\)\s*;?\s*$/i.exec(text.trim());
  if (!match) throw new Error(`${file}: expected one CREATE TABLE statement`);
  const [, name, body] = match as unknown as [string, string, string];
  const columns = body
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const col = /^([a-z_][a-z0-9_]*)\s+([A-Z]+(?:\[\])?)/i.exec(part);
      if (!col) throw new Error(`${file}: cannot read column definition "${part}"`);
      return { name: col[1]!.toLowerCase(), type: col[2]!.toUpperCase() };
    });
  return { name: name.toLowerCase(), columns, file };
}

export function contractTable(contract: Contract, name: string): ContractTable {
  const table = contract.find((t) => t.name === name);
  if (!table) throw new Error(`no table ${name} in the warehouse contract`);
  return table;
}
