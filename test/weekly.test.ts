import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { withoutOwnScript } from './helpers';
import { DuckDBSource } from '../src/pipeline/duckdb-source';
import { renderHtml } from '../src/jobs/render/html';
import { renderMarkdown } from '../src/jobs/render/markdown';
import type { Report } from '../src/jobs/report';
import { resolveWeek, WEEKLY_LANES, weeklyReport } from '../src/jobs/weekly/report';
import { overviewPart } from '../src/jobs/overview/weekly';
import { partSections, weeklyPart, type WeeklyPart } from '../src/jobs/weekly/part';
import type { Source } from '../src/pipeline/source';
import { isoWeek } from '../src/analysis/isoWeek';
import { writeReport } from '../src/jobs/render/write';

const fixtures = inject('fixtures');
let report: Report;
let source: DuckDBSource;

beforeAll(async () => {
  source = await DuckDBSource.open(fixtures.csv);
  report = await weeklyReport(source, { now: () => new Date('2026-11-22T06:00:00Z') });
});
afterAll(async () => source.close());

describe('weekly report', () => {
  it('defaults to the latest complete ISO week in the source', () => {
    expect(report.period).toEqual({ label: '2026-W46', from: '2026-11-09T00:00:00.000Z', to: '2026-11-16T00:00:00.000Z' });
    expect(report.generatedAt).toBe('2026-11-22T06:00:00.000Z');
  });

  it('matches pandas on every Overview metric for this week and the week before', () => {
    // Expected values: test/reference/weekly_overview.py (pandas 1.5, Debian python3-pandas) over the same CSV export.
    const expected = JSON.parse(
      execFileSync(
        process.env.MANGALAB_REFERENCE_PYTHON ?? '/usr/bin/python3',
        ['test/reference/weekly_overview.py', fixtures.csv, 'config/prices.json', '2026-11-09', '2026-11-16', '2026-11-02'],
        { encoding: 'utf8' },
      ),
    ) as Record<'current' | 'previous', Record<string, number>>;
    const overview = report.sections.find((s) => s.id === 'overview')!;
    for (const finding of overview.findings) {
      expect(finding.value, finding.metric).toBeCloseTo(expected.current[finding.metric]!, 6);
      expect(finding.baseline, finding.metric).toBeCloseTo(expected.previous[finding.metric]!, 6);
    }
    expect(overview.findings.map((f) => f.metric)).toEqual([
      'requests',
      'sessions',
      'peak_messages_per_second',
      'latency_p50_ms',
      'latency_p99_ms',
      'error_rate',
      'escalation_rate',
      'guardrail_block_rate',
      'thumbs_up_rate',
      'llm_cost_usd',
    ]);
  });

  it('has the JSON shape the issue specifies', () => {
    expect(Object.keys(report)).toEqual(['job', 'source', 'period', 'generatedAt', 'sections', 'brief']);
    const [section] = report.sections;
    expect(section).toMatchObject({ id: 'overview', title: 'Overview' });
    for (const f of section!.findings) {
      expect(['critical', 'warning', 'info']).toContain(f.severity);
      expect(typeof f.message).toBe('string');
    }
  });

  it('refuses a week with no data and a malformed week, naming them', async () => {
    await expect(resolveWeek(source, '2026-W30')).rejects.toThrow(
      /--week 2026-W30: no requests between 2026-07-20 and 2026-07-27 .* \(it covers 2026-10-19 to 2026-11-1\d\)/,
    );
    await expect(resolveWeek(source, 'W46')).rejects.toThrow(/--week: week "W46" is not written YYYY-Www/);
  });

  it('says what could not be computed instead of printing zero', async () => {
    // The first week has no week before it in the source: every baseline is missing, with the reason.
    const first = await weeklyReport(source, { week: '2026-W43' });
    const overview = first.sections[0]!;
    expect(overview.findings.every((f) => f.baseline === null)).toBe(true);
    expect(overview.tables[0]!.notes).toContain('Requests in 2026-W42: no requests in 2026-W42.');
    expect(renderMarkdown(first)).toContain('no comparison: no value for the baseline period');
  });

  it('says which LLM cost it cannot compute, for the week and each day, when a model has no price', async () => {
    // A price table without claude-3-haiku: its requests are counted as unpriced, never priced at zero.
    const prices = JSON.parse(readFileSync('config/prices.json', 'utf8')) as { models: { model: string }[] };
    const dir = mkdtempSync(join(tmpdir(), 'mangalab-p-'));
    writeFileSync(
      join(dir, 'prices.json'),
      JSON.stringify({ ...prices, models: prices.models.filter((m) => m.model !== 'claude-3-haiku') }),
    );
    const unpriced = await DuckDBSource.open(fixtures.csv, { priceFile: join(dir, 'prices.json') });
    const overview = (await partSections(overviewPart, unpriced, isoWeek('2026-W46')))[0]!;
    await unpriced.close();
    const cost = overview.findings.find((f) => f.metric === 'llm_cost_usd')!;
    expect(cost.value).toBeNull();
    expect(cost.message).toMatch(/^LLM cost could not be computed: \d+ LLM requests in 2026-W46 have no price in /);
    expect(cost.message.endsWith(`have no price in ${join(dir, 'prices.json')} (claude-3-haiku on 2026-11-02 to 2026-11-15).`)).toBe(true);
    const chart = overview.charts.find((c) => c.id === 'overview.daily_llm_cost')!;
    const values = (chart.vegaLite.data as { values: { day: string; llm_cost_usd: number | null }[] }).values;
    expect(values).toHaveLength(14);
    expect(values.every((v) => v.llm_cost_usd === null)).toBe(true); // haiku runs every day
    expect(overview.tables[0]!.notes?.at(-1)).toBe(
      `LLM cost per day has no bar for ${values.map((v) => v.day).join(', ')}: an LLM request on that day has no price or no token counts.`,
    );
  });

  it('writes JSON, Markdown and HTML together into reports/<job>/<period>/ and leaves no temporary files', async () => {
    const out = mkdtempSync(join(tmpdir(), 'mangalab-out-'));
    const files = await writeReport(report, out);
    expect(files.map((f) => f.slice(out.length))).toEqual([
      '/weekly/2026-W46/report.json',
      '/weekly/2026-W46/report.md',
      '/weekly/2026-W46/report.html',
      // every table longer than a slide holds, in full beside the report
      ...report.sections
        .flatMap((s) => s.tables)
        .filter((t) => t.rows.length > 12)
        .map((t) => `/weekly/2026-W46/table-${t.id}.csv`),
    ]);
    expect(JSON.parse(readFileSync(files[0]!, 'utf8')).period.label).toBe('2026-W46');
    expect(readdirSync(join(out, 'weekly'))).toEqual(['2026-W46']);
    rmSync(out, { recursive: true, force: true });
  });

  it('renders charts as inline SVG with titles and labelled axes, and no script', async () => {
    const html = await renderHtml(report);
    const charts = report.sections.reduce((n, s) => n + s.charts.length, 0);
    expect(charts).toBeGreaterThanOrEqual(2);
    expect(html.match(/<svg/g)?.length).toBe(charts);
    expect(html).toContain('Requests per day');
    expect(html).toContain('Day (UTC)');
    expect(html).toContain('LLM cost (USD)');
    expect(withoutOwnScript(html)).not.toMatch(/<script/i);
  });

  it('writes nothing when rendering fails', async () => {
    const out = mkdtempSync(join(tmpdir(), 'mangalab-out-'));
    const broken: Report = {
      ...report,
      sections: [{ ...report.sections[0]!, charts: [{ id: 'x', title: 'x', vegaLite: { mark: 'nonsense' } }] }],
    };
    await expect(writeReport(broken, out)).rejects.toThrow();
    expect(existsSync(join(out, 'weekly'))).toBe(false);
    rmSync(out, { recursive: true, force: true });
  });

  it('runs its parts two at a time, each lane on a connection of its own, and keeps their order', async () => {
    let running = 0;
    let most = 0;
    const seen = new Set<Source>();
    const delays = [60, 10, 40, 5, 30];
    const parts: WeeklyPart[] = delays.map((ms, i) =>
      weeklyPart({
        id: `p${i}`,
        readout: async (s: Source) => {
          running++;
          most = Math.max(most, running);
          seen.add(s);
          await new Promise((r) => setTimeout(r, ms));
          const requests = Number((await s.query('overview/time_range')).get(0)!.requests);
          running--;
          return requests;
        },
        sections: (requests: number) => [{ id: `p${i}`, title: `part ${i}`, findings: [], tables: [], charts: [], requests } as never],
      }),
    );
    const r = await weeklyReport(source, { week: '2026-W46', parts, now: () => new Date('2026-11-22T06:00:00Z') });
    expect(r.sections.map((x) => x.id)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
    expect(WEEKLY_LANES).toBe(2);
    expect(most).toBe(2);
    // Two lanes for the week and two for last week's findings (recomputed: no output folder was named).
    expect(seen.size).toBe(4);
    expect(seen.has(source)).toBe(false);
    const total = Number((await source.query('overview/time_range')).get(0)!.requests);
    expect(r.sections.map((x) => (x as unknown as { requests: number }).requests)).toEqual(delays.map(() => total));
  });

  it("a part that fails fails the job with its own error; the other lane's connection is closed, the source still answers", async () => {
    const later = vi.fn();
    const parts: WeeklyPart[] = [
      weeklyPart({ id: 'slow', readout: async () => new Promise((r) => setTimeout(r, 50)), sections: () => [] }),
      weeklyPart({ id: 'broken', readout: async (s: Source) => s.query('no/such_query'), sections: () => [] }),
      weeklyPart({ id: 'later', readout: async () => later(), sections: () => [] }),
    ];
    await expect(weeklyReport(source, { week: '2026-W46', parts })).rejects.toThrow(/no\/such_query/);
    expect(later).not.toHaveBeenCalled();
    expect(Number((await source.query('overview/time_range')).get(0)!.requests)).toBeGreaterThan(0);
  });
});
