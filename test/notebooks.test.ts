import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { describe, expect, inject, it } from 'vitest';

const fixtures = inject('fixtures');
const notebooks = readdirSync('notebooks')
  .filter((f) => f.endsWith('.ipynb'))
  .sort();

interface Output {
  output_type: string;
  name?: string;
  text?: string[];
  ename?: string;
}

describe('notebooks', () => {
  it('exist', () => {
    expect(notebooks).toContain('00-getting-started.ipynb');
  });

  it.each(notebooks)('%s runs headlessly on the tslab kernel with no cell error', (name) => {
    const out = mkdtempSync(join(tmpdir(), 'mangalab-nb-'));
    const env = {
      ...process.env,
      MANGALAB_SOURCE: fixtures.duckdb,
      PATH: [resolve('node_modules/.bin'), process.env.PATH].join(delimiter),
    };
    // nbconvert exits non-zero on the first cell error (no --allow-errors), which fails this test with its output.
    execFileSync(
      'jupyter',
      ['nbconvert', '--to', 'notebook', '--execute', '--ExecutePreprocessor.timeout=120', name, '--output', join(out, name)],
      { cwd: 'notebooks', env, stdio: 'pipe' },
    );
    const executed = JSON.parse(readFileSync(join(out, name), 'utf8')) as { cells: { cell_type: string; outputs?: Output[] }[] };
    const outputs = executed.cells.flatMap((c) => c.outputs ?? []);
    // tslab reports compile errors on stderr without failing the cell; none may appear.
    const stderr = outputs.filter((o) => o.output_type === 'stream' && o.name === 'stderr').map((o) => (o.text ?? []).join(''));
    expect(stderr).toEqual([]);
    expect(outputs.filter((o) => o.output_type === 'error')).toEqual([]);
    expect(JSON.stringify(outputs)).toContain('<svg');
    rmSync(out, { recursive: true, force: true });
  });
});
