// The walls between the rooms (docs/architecture.md): no import cycles anywhere in src/, no file over 450 lines,
// and what each room may import. eslint keeps the same walls while editing; this test proves them over the tree.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { Period } from '../src/analysis/isoWeek';
import { renderMarkdown } from '../src/jobs/render/markdown';
import type { Section } from '../src/jobs/report';
import { overviewPart } from '../src/jobs/overview/weekly';
import { weeklyPart } from '../src/jobs/weekly/part';
import { weeklyReport } from '../src/jobs/weekly/report';
import { DuckDBSource } from '../src/pipeline/duckdb-source';
import { readCostSessions } from '../src/pipeline/rows/cost';
import type { Source } from '../src/pipeline/source';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((e) => {
      const full = join(dir, e);
      return statSync(full).isDirectory() ? sourceFiles(full) : e.endsWith('.ts') ? [full] : [];
    });
}

const FILES = sourceFiles('src');

/** Every relative import of a file (type-only ones included), as repository paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s[^;]*?\sfrom\s+'(\.[^']+)'/gm)) {
    const base = join(dirname(file), m[1]!);
    const target = [`${base}.ts`, join(base, 'index.ts'), base].find((p) => FILES.includes(p));
    if (target) out.push(target);
  }
  return out;
}

const GRAPH = new Map(FILES.map((f) => [f, importsOf(f)]));

/** The import cycles of the graph, each as the files around it (Tarjan's strongly connected components). */
function cycles(): string[][] {
  let index = 0;
  const stack: string[] = [];
  const on = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of GRAPH.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (GRAPH.get(v) ?? []).includes(v)) out.push(component.sort());
    }
  };
  for (const f of GRAPH.keys()) if (!idx.has(f)) visit(f);
  return out;
}

const room = (f: string) => relative('src', f).split('/')[0]!;

describe('architecture', () => {
  it('has no import cycles in src/', () => {
    expect(FILES.length).toBeGreaterThan(150);
    expect(cycles()).toEqual([]);
  });

  it('finds a cycle when there is one (the checker itself)', () => {
    GRAPH.set('src/x.ts', ['src/y.ts']);
    GRAPH.set('src/y.ts', ['src/x.ts']);
    try {
      expect(cycles()).toContainEqual(['src/x.ts', 'src/y.ts']);
    } finally {
      GRAPH.delete('src/x.ts');
      GRAPH.delete('src/y.ts');
    }
  });

  it('keeps every file under 450 lines', () => {
    const long = FILES.map((f) => [f, readFileSync(f, 'utf8').split('\n').length] as const).filter(([, n]) => n > 450);
    expect(long).toEqual([]);
  });

  it('keeps the walls: analysis imports no other room, pipeline nothing from jobs or cli, jobs nothing from cli', () => {
    const allowed: Record<string, string[]> = {
      analysis: ['analysis', 'types'],
      pipeline: ['analysis', 'pipeline', 'types'],
      jobs: ['analysis', 'pipeline', 'jobs', 'types'],
    };
    const breaches = [...GRAPH].flatMap(([f, deps]) =>
      deps.filter((d) => allowed[room(f)] && !allowed[room(f)]!.includes(room(d))).map((d) => `${f} -> ${d}`),
    );
    expect(breaches).toEqual([]);
  });

  it('keeps sections to wording: a sections file imports no pipeline code and, from analysis, only descriptive helpers (types aside)', () => {
    // relativeChange words a change, isoWeek names periods, annotationSchema lists the rubric: no statistics.
    const wording = ['analysis/relativeChange', 'analysis/isoWeek', 'analysis/annotationSchema'];
    const sections = FILES.filter((x) => /^src\/jobs\/[^/]+\/([a-z-]+-)?sections\.ts$/.test(x));
    expect(sections.length).toBeGreaterThanOrEqual(9);
    const breaches: string[] = [];
    for (const f of sections) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/^import\s+(type\s+)?[^;]*?\sfrom\s+'(\.[^']+)'/gm)) {
        if (m[1]) continue; // types carry no I/O and compute nothing
        const target = relative('src', join(dirname(f), m[2]!));
        const r = target.split('/')[0];
        if (r === 'pipeline' || (r === 'analysis' && !wording.includes(target))) breaches.push(`${f} imports ${m[2]}`);
        if (r === 'jobs' && /\/(readout|report|weekly)$/.test(target)) breaches.push(`${f} imports ${m[2]} (a readout or job)`);
      }
    }
    expect(breaches).toEqual([]);
  });

  it('reads queries in jobs and commands only through the typed readers of src/pipeline/rows (raw results only where a query is shown as it is)', () => {
    // `mangalab query` and `mangalab traces` print a result as the warehouse names its columns, so they take the
    // Arrow table; the writers in render/ format such tables. Everything else reads typed rows.
    const passThrough = ['src/cli/commands/query.ts', 'src/jobs/traces/readout.ts'];
    const raw = FILES.filter((f) => /^src\/(jobs|cli)\//.test(f) && !f.startsWith('src/jobs/render/') && !passThrough.includes(f)).flatMap(
      (f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .flatMap((line, i) => (/\.query\(|tableToObjects|getChild\(/.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(raw).toEqual([]);
    expect(FILES.filter((f) => f.startsWith('src/pipeline/rows/')).length).toBeGreaterThanOrEqual(16);
  });
});

// The worked example of docs/architecture.md: a readout, its sections, and a part registered in the weekly list.
interface RegionsReadout {
  period: Period;
  rows: { region: string; sessions: number }[];
}

async function regionsReadout(source: Source, period: Period): Promise<RegionsReadout> {
  const rows = await readCostSessions(source, { from_ts: period.from, to_ts: period.to, token_cap: 5000 });
  return {
    period,
    rows: rows.filter((r) => r.breakdown === 'region').map((r) => ({ region: r.region ?? '(none)', sessions: r.sessions ?? 0 })),
  };
}

function regionsSections(r: RegionsReadout): Section[] {
  return [
    {
      id: 'regions',
      title: 'Sessions by region',
      charts: [],
      findings: [
        {
          id: 'regions.count',
          severity: 'info',
          metric: 'regions',
          value: r.rows.length,
          message: `${r.rows.length} regions in ${r.period.label}.`,
        },
      ],
      tables: [
        {
          id: 'regions.table',
          title: 'Sessions by region',
          columns: [
            { key: 'region', label: 'Region' },
            { key: 'sessions', label: 'Sessions', format: 'integer' },
          ],
          rows: r.rows,
        },
      ],
    },
  ];
}

describe('a new weekly section (docs/architecture.md)', () => {
  it('takes one readout, one sections function and one entry in the list of parts', async () => {
    const db = await DuckDBSource.open(inject('fixtures').duckdb);
    try {
      const report = await weeklyReport(db, {
        week: '2026-W46',
        parts: [overviewPart, weeklyPart({ id: 'regions', readout: regionsReadout, sections: regionsSections })],
      });
      expect(report.sections.map((s) => s.id)).toEqual(['overview', 'regions']);
      const regions = report.sections[1]!.tables[0]!.rows;
      // Independent: sessions with a turn in the week, per region, straight from DuckDB.
      const direct = (
        await db.conn.runAndReadAll(`SELECT region, COUNT(*) FROM (SELECT session_id, MIN(region) AS region FROM requests
        WHERE ts >= TIMESTAMP '2026-11-09' AND ts < TIMESTAMP '2026-11-16' GROUP BY session_id) GROUP BY region`)
      ).getRows();
      expect(Object.fromEntries(regions.map((r) => [r.region, r.sessions]))).toEqual(
        Object.fromEntries(direct.map(([k, v]) => [String(k), Number(v)])),
      );
      expect(renderMarkdown(report)).toContain('## Sessions by region');
    } finally {
      await db.close();
    }
  });
});
