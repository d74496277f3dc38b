// Writes each query file's `-- @returns` lines from what the query returns on the sample warehouse (DuckDB), for a
// developer adding or changing a query: `node --import tsx scripts/declare-returns.ts [NAME ...]`. It runs every
// query with placeholder parameters of the declared types (results may be empty; only the columns matter) and
// replaces the file's @returns lines. Relations (queries/relations/) are read through a query that includes them.
// It then writes src/pipeline/rows/, the typed reader of every query, from the declarations.
// Review the diff: the engine's type is a proposal (a column that is whole on DuckDB may be DOUBLE on purpose).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Table } from 'apache-arrow';
import { describeQuery } from '../src/pipeline/describe-query';
import { openSource } from '../src/pipeline/open';
import { listQueries, loadQuery } from '../src/pipeline/queries';
import { describeArrowType } from '../src/pipeline/result-columns';
import { projectRoot } from '../src/pipeline/paths';
import { renderQueryRows } from '../src/pipeline/typed-query';
import { join } from 'node:path';

function declarationLines(table: Table): string[] {
  const parts = table.schema.fields.map((f) => `${f.name} ${describeArrowType(f.type)}`);
  const lines: string[] = [];
  let line = '';
  for (const part of parts) {
    if (line && line.length + part.length + 2 > 104) {
      lines.push(`-- @returns ${line}`);
      line = '';
    }
    line = line ? `${line}, ${part}` : part;
  }
  if (line) lines.push(`-- @returns ${line}`);
  return lines;
}

/** Replaces a file's @returns lines with `lines`, placed after its last header declaration. */
function rewrite(path: string, lines: string[]): void {
  const text = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => !/^--\s?@returns\b/.test(l.trim()));
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    const t = text[i]!.trim();
    if (!t.startsWith('--')) break;
    if (/^--\s?@dialect\b/.test(t)) break;
    at = i + 1;
  }
  text.splice(at, 0, ...lines);
  writeFileSync(path, text.join('\n'));
}

const wanted = process.argv.slice(2);
const source = await openSource(undefined);
const all = listQueries().map((n) => loadQuery(n));
let failed = 0;
for (const file of all) {
  if (wanted.length > 0 && !wanted.includes(file.name)) continue;
  try {
    const table = await describeQuery(source, file, all);
    rewrite(file.path, declarationLines(table));
  } catch (e) {
    failed++;
    process.stderr.write(`${file.name}: ${(e as Error).message.split('\n')[0]}\n`);
  }
}
await source.close();
// The typed readers follow the declarations as they now stand.
const rowsDir = join(projectRoot(), 'src', 'pipeline', 'rows');
rmSync(rowsDir, { recursive: true, force: true });
mkdirSync(rowsDir, { recursive: true });
for (const [file, text] of Object.entries(renderQueryRows(listQueries().map((n) => loadQuery(n)))))
  writeFileSync(join(rowsDir, file), text);
process.exitCode = failed > 0 ? 1 : 0;
