// The walls between the rooms (docs/architecture.md): no import cycles anywhere in src/, no file over 450 lines,
// and what each room may import. eslint keeps the same walls while editing; this test proves them over the tree.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((e) => {
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
    const breaches = [...GRAPH].flatMap(([f, deps]) => deps.filter((d) => allowed[room(f)] && !allowed[room(f)]!.includes(room(d))).map((d) => `${f} -> ${d}`));
    expect(breaches).toEqual([]);
  });

  it('keeps sections to wording: a sections file imports no pipeline code and, from analysis, only descriptive helpers (types aside)', () => {
    // relativeChange words a change, isoWeek names periods, annotationSchema lists the rubric: no statistics.
    const wording = ['analysis/relativeChange', 'analysis/isoWeek', 'analysis/annotationSchema'];
    const sections = FILES.filter((x) => /^src\/jobs\/[^/]+\/([a-z-]+-)?sections\.ts$/.test(x));
    expect(sections.length).toBeGreaterThan(8);
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
});
