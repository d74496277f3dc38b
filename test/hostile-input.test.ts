// Hostile or careless input (issue 22): ids that try to leave --out, interrupted replaces, formula cells, terminal
// escapes, a carriage return in a table cell, an experiment with nothing to read yet, a closed pipe.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromArrays } from 'apache-arrow';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { experimentsPart } from '../src/jobs/experiments/weekly';
import { escapeMarkdown, escapeTerminal } from '../src/jobs/render/escape';
import { toTextTable } from '../src/jobs/render/query-output';
import { writeReport } from '../src/jobs/render/write';
import type { Report } from '../src/jobs/report';
import { weeklyReport } from '../src/jobs/weekly/report';
import { csvField, readCsvRecords, toCsvText } from '../src/pipeline/csv';
import { writeSampleGolden } from '../src/pipeline/golden-seed';
import { safeSegment, writeFolderAtomically } from '../src/pipeline/output';
import { ResultsStore } from '../src/pipeline/results-store';
import { flywheelReport } from '../src/jobs/errors/flywheel';
import { AuditLog } from '../src/pipeline/audit';
import { DuckDBSource } from '../src/pipeline/duckdb-source';
import { loadErrorsConfig } from '../src/pipeline/errors-config';
import { ensureSampleKnowledgeBase } from '../src/pipeline/kb-seed';
import { alteredCopy, mangalabWithEnv } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'mangalab-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const report = (label: string): Report => ({
  job: 'replay',
  source: 'test',
  period: { label, from: '2026-11-15T00:00:00.000Z', to: '2026-11-15T00:00:00.000Z' },
  generatedAt: '2026-11-15T00:00:00.000Z',
  sections: [],
});

describe('paths from data stay inside --out', () => {
  it('safeSegment keeps plain ids and neutralises separators, dots and control characters, never mapping two ids to one', () => {
    expect(['T00002828425', 'exp-prompt-v24', '2026-W46', 'v2.4'].map(safeSegment)).toEqual([
      'T00002828425',
      'exp-prompt-v24',
      '2026-W46',
      'v2.4',
    ]);
    for (const bad of ['..', '.', '', '../../../../elsewhere/x', '/etc/passwd', 'a\\b', 'a\0b', '.hidden'])
      expect(safeSegment(bad)).toMatch(/^[A-Za-z0-9_][A-Za-z0-9._-]*$/);
    expect(safeSegment('a/b')).not.toBe(safeSegment('a_b'));
    expect(safeSegment('x'.repeat(500)).length).toBeLessThanOrEqual(120);
  });

  it('a trace id of ../../../../elsewhere/x writes under --out and leaves what is outside untouched', async () => {
    const outside = join(dir, 'elsewhere', 'x');
    mkdirSync(outside, { recursive: true });
    writeFileSync(join(outside, 'keep.txt'), 'precious');
    const out = join(dir, 'a', 'b', 'out');
    const files = await writeReport(report('../../../../elsewhere/x'), out, ['json']);
    expect(files).toHaveLength(1);
    expect(files[0]!.startsWith(join(out, 'replay') + '/')).toBe(true);
    expect(readFileSync(join(outside, 'keep.txt'), 'utf8')).toBe('precious');
    expect(readdirSync(outside)).toEqual(['keep.txt']);
  });

  it('refuses --out that is a file or in /proc, exit-2 style, naming it', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    expect(() => writeFolderAtomically(file, ['weekly', '2026-W46'], { 'r.json': '{}' })).toThrow(`${file}: is a file, not a folder`);
    expect(() => writeFolderAtomically(join(file, 'sub'), ['weekly'], { 'r.json': '{}' })).toThrow(
      /is under .*a-file, which is a file, not a folder/,
    );
    expect(() => writeFolderAtomically('/proc/self', ['weekly'], { 'r.json': '{}' })).toThrow(/kernel pseudo-file system/);
  });

  it('a run killed between the two renames leaves the previous report aside; the next run puts it back and clears leftovers', () => {
    const root = join(dir, 'reports');
    writeFolderAtomically(root, ['weekly', '2026-W46'], { 'report.json': '{"v":1}' });
    const target = join(root, 'weekly', '2026-W46');
    // What a kill after the first rename leaves: the report moved aside by a process that is gone, and its temp folder.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    spawnSync('mv', [target, `${target}.old-tmp-${dead}-1`]);
    mkdirSync(`${target}.tmp-${dead}-2`);
    expect(existsSync(target)).toBe(false);
    // Another report in the same folder restores nothing it should not, and a failed write of this one keeps the old.
    writeFolderAtomically(root, ['weekly', '2026-W45'], { 'report.json': '{}' });
    expect(() => writeFolderAtomically(root, ['weekly', '2026-W46'], { 'report.json': 5 as unknown as string })).toThrow();
    expect(JSON.parse(readFileSync(join(target, 'report.json'), 'utf8'))).toEqual({ v: 1 });
    writeFolderAtomically(root, ['weekly', '2026-W46'], { 'report.json': '{"v":2}' });
    expect(JSON.parse(readFileSync(join(target, 'report.json'), 'utf8'))).toEqual({ v: 2 });
    expect(readdirSync(join(root, 'weekly')).sort()).toEqual(['2026-W45', '2026-W46']);
  });
});

describe('outputs that hold warehouse text', () => {
  it('CSV cells a spreadsheet would run as formulas open as text (OWASP); numbers and plain text are as they were', () => {
    expect(['=HYPERLINK("x")', '+1', '-2+3', '@SUM(A1)', '\tx', '\rx'].map(csvField)).toEqual([
      `"'=HYPERLINK(""x"")"`,
      "'+1",
      "'-2+3",
      "'@SUM(A1)",
      "'\tx",
      `"'\rx"`,
    ]);
    expect([-2, 3.5, 'manga', 'a,b'].map(csvField)).toEqual(['-2', '3.5', 'manga', '"a,b"']);
    const file = join(dir, 'sample.csv');
    writeFileSync(file, toCsvText(['sample_id', 'user_message'], [{ sample_id: 'HS-1', user_message: '=cmd|"/c calc"!A1' }]));
    expect(readCsvRecords(file)[0]!.values.user_message).toBe(`'=cmd|"/c calc"!A1`);
  });

  it('terminal output shows escape sequences as text', () => {
    expect(escapeTerminal('ok\u001b]0;pwned\u0007\u001b[2Jend\u009b\r\n')).toBe('ok\\x1b]0;pwned\\x07\\x1b[2Jend\\x9b\\r\\n');
    const t = toTextTable(tableFromArrays({ user_message: ['hi \u001b[31mred\u001b[0m'] }));
    expect(t.includes('\u001b')).toBe(false);
    expect(t).toContain('hi \\x1b[31mred\\x1b[0m');
  });

  it('a carriage return cannot split a Markdown table row', () => {
    expect(escapeMarkdown('\rleading and\r\nmiddle\rend')).toBe(' leading and middle end');
  });
});

describe('the weekly report and an experiment with nothing to read yet', () => {
  it('says "not read yet" for it and goes on', async () => {
    const db = await alteredCopy(inject('fixtures').duckdb, dir, 'new-experiment', [
      `INSERT INTO experiments VALUES ('exp-brand-new', 'New', 'running', TIMESTAMP '2026-11-15 23:00:00', NULL,
        '[{"name":"control","weight":50},{"name":"treatment","weight":50}]', 'conversion')`,
    ]);
    try {
      const r = await weeklyReport(db, { week: '2026-W46', parts: [experimentsPart] });
      const findings = r.sections[0]!.findings;
      const notYet = findings.find((f) => f.id === 'experiments.not_read.exp-brand-new');
      expect(notYet?.message).toMatch(/^exp-brand-new: not read yet \(no sessions between 2026-11-15T23:00:00.000Z and /);
      expect(findings.some((f) => f.id !== notYet!.id)).toBe(true);
    } finally {
      await db.close();
    }
  });
});

describe('a broken audit log', () => {
  it('a garbage line is reported as a break by audit verify (exit 1), and the next action is still audited', () => {
    const file = join(dir, 'audit', 'audit.jsonl');
    const audit = new AuditLog(file);
    const record = {
      component: 'prompt:x',
      action: 'prompt-set',
      old: '1',
      new: '2',
      why: null,
      ticket: null,
      evalRunId: null,
      evalPassed: null,
      outcome: 'completed',
    };
    audit.append(record);
    writeFileSync(file, `${readFileSync(file, 'utf8')}{"torn": \n`);
    expect(audit.append({ ...record, old: '2', new: '3' }).seq).toBe(2);
    const r = mangalabWithEnv({ MANGALAB_AUDIT: file }, 'audit', 'verify');
    expect(r.code).toBe(1);
    expect(`${r.stdout}${r.stderr}`).toContain('line 2 is not an audit record');
  });
});

describe('concurrent runs and the results store', () => {
  it('6 evaluations at once against one store: every run saved, none refused on the lock', async () => {
    const { golden, predictions } = writeSampleGolden(join(dir, 'concurrent'));
    const store = join(dir, 'concurrent', 'results.duckdb');
    const run = (i: number) =>
      new Promise<number | null>((resolve) => {
        const p = spawn(
          process.execPath,
          [
            'bin/mangalab.mjs',
            'eval',
            '--golden',
            golden,
            '--predictions',
            predictions,
            '--store',
            store,
            '--out',
            join(dir, 'concurrent', `out-${i}`),
            '--name',
            `run-${i}`,
          ],
          { env: { ...process.env, CI: 'true' }, stdio: 'ignore' },
        );
        p.on('close', resolve);
      });
    const codes = await Promise.all(Array.from({ length: 6 }, (_, i) => run(i)));
    expect(codes.every((c) => c === 0 || c === 1)).toBe(true); // 1: a gate failed on the sample candidate; never 2 or 3
    const s = await ResultsStore.open(store);
    try {
      expect((await s.recentRuns(100)).map((r) => r.name).sort()).toEqual(['run-0', 'run-1', 'run-2', 'run-3', 'run-4', 'run-5']);
    } finally {
      s.close();
    }
  }, 180_000);
});

describe('seed --out', () => {
  it('a parquet or CSV warehouse folder gets its golden set and knowledge base inside it, not in the folder above', () => {
    const parent = join(dir, 'seed-parent');
    const r = mangalabWithEnv({}, 'seed', '--format', 'csv', '--out', join(parent, 'wh'), '--requests', '2000');
    expect(r.code).toBe(0);
    expect(readdirSync(parent)).toEqual(['wh']);
    expect(readdirSync(join(parent, 'wh'))).toEqual(
      expect.arrayContaining(['golden-v1.jsonl', 'predictions-sample.jsonl', 'kb', 'requests.csv']),
    );
  });
});

describe('a cut CSV export', () => {
  it('validate and the weekly report exit 2 with one line naming the file and the line, writing nothing', () => {
    const fixtures = inject('fixtures');
    const folder = join(dir, 'cut-csv');
    mkdirSync(folder);
    for (const f of readdirSync(fixtures.csv).filter((f) => f.endsWith('.csv')))
      writeFileSync(join(folder, f), readFileSync(join(fixtures.csv, f)));
    const text = readFileSync(join(folder, 'requests.csv'), 'utf8');
    // Cut in the middle of a line, as an interrupted copy leaves it; the cut line is the file's last.
    const cut = text.slice(0, Math.floor(text.length / 2));
    const lastLine = cut.split('\n').length; // no field of the sample holds a line break
    writeFileSync(join(folder, 'requests.csv'), cut);
    const v = mangalabWithEnv({}, 'validate', '--source', folder);
    expect(v.code).toBe(2);
    expect(v.stdout).toBe('');
    expect(v.stderr.trim()).toMatch(
      new RegExp(
        `^error: ${join(folder, 'requests.csv').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(line ${lastLine}\\): (\\d+ fields where the header has 33|a quoted field that never closes) \\(is the file cut short\\?\\)$`,
      ),
    );
    const out = join(dir, 'cut-out');
    const w = mangalabWithEnv({}, 'report', 'weekly', '--source', folder, '--out', out);
    expect(w.code).toBe(2);
    expect(w.stderr).toContain(`${join(folder, 'requests.csv')} (line ${lastLine})`);
    expect(existsSync(out)).toBe(false);
  });

  it('names the line an editor shows when a quoted field holds line breaks, as DuckDB counts rows', async () => {
    const folder = join(dir, 'multiline-csv');
    mkdirSync(folder);
    writeFileSync(join(folder, 'requests.csv'), 'trace_id,session_id,user_message\nT1,S1,"a\nb\nc"\n\nT2,S2,ok\nT3,S3\nT4,S4,ok\n');
    const db = await DuckDBSource.open(folder);
    await expect(db.checkReadable()).rejects.toThrow(`${join(folder, 'requests.csv')} (line 7): 2 fields where the header has 3`);
    await db.close();
  });
});

describe('rough edges a new user hits', () => {
  it('flywheel candidates of a limited pool span the quarter, not its last days', async () => {
    const db = await DuckDBSource.open(inject('fixtures').duckdb);
    try {
      const base = loadErrorsConfig();
      const config = { ...base, flywheel: { ...base.flywheel, trainingLimit: 40, goldenLimit: 40 } };
      const { files } = await flywheelReport(db, { quarter: '2026-Q4', config });
      for (const name of ['training_candidates.jsonl', 'golden_candidates.jsonl']) {
        const ts = files[name]!.trim()
          .split('\n')
          .map((l) => Date.parse((JSON.parse(l) as { ts: string }).ts));
        expect(ts.length).toBeGreaterThan(20);
        // The fixture holds 28 days; newest-first limits gave the last hours or days.
        expect((Math.max(...ts) - Math.min(...ts)) / 86_400_000, name).toBeGreaterThan(14);
      }
    } finally {
      await db.close();
    }
  });

  it('the sample knowledge base is written when a default names it and it is missing', () => {
    const home = mkdtempSync(join(tmpdir(), 'mangalab-home-'));
    const saved = process.env.MANGALAB_HOME;
    process.env.MANGALAB_HOME = home;
    try {
      const docs = join(home, 'data', 'sample', 'kb', 'documents.jsonl');
      ensureSampleKnowledgeBase(docs);
      expect(readdirSync(join(home, 'data', 'sample', 'kb')).sort()).toEqual(['documents.jsonl', 'queries.jsonl']);
      ensureSampleKnowledgeBase(join(dir, 'not-the-sample.jsonl'));
      expect(existsSync(join(dir, 'not-the-sample.jsonl'))).toBe(false);
    } finally {
      process.env.MANGALAB_HOME = saved;
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('a closed pipe', () => {
  it('mangalab query --list | head -1 ends quietly', () => {
    const r = spawnSync('sh', ['-c', 'node bin/mangalab.mjs query --list | head -1'], {
      encoding: 'utf8',
      env: { ...process.env, CI: 'true' },
    });
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/EPIPE|Error/);
  });
});

describe('a killed PDF step', () => {
  it('leaves no Chromium profile the next launch does not remove, and a finished one leaves none', async () => {
    const { launchChromium } = await import('../src/pipeline/browser');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const stale = join(tmpdir(), `mangalab-chromium-${dead}-1`);
    mkdirSync(join(stale, 'playwright_chromiumdev_profile-x'), { recursive: true });
    const browser = await launchChromium();
    expect(existsSync(stale)).toBe(false);
    const own = readdirSync(tmpdir()).filter((f) => f.startsWith(`mangalab-chromium-${process.pid}-`));
    expect(own.length).toBe(1);
    await browser.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(join(tmpdir(), own[0]!))).toBe(false);
  }, 60_000);
});
