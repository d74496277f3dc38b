/// <reference lib="dom" />
// Issue 27's browser acceptance: the weekly deck in real Chromium at 1280x720 (at most 12 main slides, then an
// appendix opening with "Appendix"; every slide's content fits; every chart drawn; no console error or dialog; keyboard
// and link navigation; planted markup inert), its PDF one page a slide, and the navigable HTML report. Screenshots of
// the main slides go to test-artifacts/deck/ for people to look at.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { weeklyReport } from '../src/jobs/weekly/report';
import { renderDeck } from '../src/jobs/render/deck';
import { renderHtml } from '../src/jobs/render/html';
import type { Report } from '../src/jobs/report';
import { writeReport } from '../src/jobs/render/write';
import { launchChromium } from '../src/pipeline/browser';
import { DuckDBSource } from '../src/pipeline/duckdb-source';

const fixtures = inject('fixtures');
const artifacts = resolve('test-artifacts/deck');
let dir: string;
let report: Report;
let planted: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mangalab-deck-'));
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  const db = await DuckDBSource.open(fixtures.duckdb);
  report = await weeklyReport(db, { week: '2026-W46', now: () => new Date('2026-11-22T12:00:00Z') });
  // The sample's planted markup, shown as data on a slide of its own: it must stay text.
  planted = (
    await db.conn.runAndReadAll(
      `SELECT DISTINCT user_message FROM requests WHERE user_message LIKE '%<script%' OR user_message LIKE '%onerror%' ORDER BY 1 LIMIT 5`,
    )
  )
    .getRows()
    .map((r) => r[0] as string);
  await db.close();
  report.sections.push({
    id: 'planted',
    title: 'Messages with markup',
    findings: [{ id: 'planted.note', severity: 'warning', metric: 'markup', value: planted.length, message: planted[0]! }],
    tables: [
      {
        id: 'planted.table',
        title: 'User messages',
        columns: [{ key: 'message', label: 'Message' }],
        rows: planted.map((message) => ({ message })),
      },
    ],
    charts: [],
  });
  report.brief!.headline = planted[0]!;
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every slide whose content overflows its box, or has an element reaching outside the slide: id and what. */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const s of Array.from(document.querySelectorAll<HTMLElement>('section.slide'))) {
      s.style.display = 'flex';
      const box = s.getBoundingClientRect();
      const c = s.querySelector<HTMLElement>('.content')!;
      if (c.scrollHeight > c.clientHeight + 1 || c.scrollWidth > c.clientWidth + 1)
        out.push(`${s.id}: content ${c.scrollWidth}x${c.scrollHeight} in ${c.clientWidth}x${c.clientHeight}`);
      for (const el of Array.from(s.querySelectorAll<HTMLElement>('h1,h2,h3,li,p,td,th,figure,svg.spark,.tile,footer'))) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
          out.push(`${s.id}: ${el.tagName} "${(el.textContent ?? '').slice(0, 40)}" outside the slide`);
        if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'hidden') out.push(`${s.id}: ${el.tagName} clipped`);
      }
      s.style.display = '';
    }
    return out;
  });
}

describe('the weekly deck in Chromium at 1280x720', () => {
  it('has at most 12 main slides then the appendix, fits every slide, draws every chart, keeps planted script inert, and moves with keys and links', async () => {
    expect(planted.length).toBeGreaterThan(0);
    const file = join(dir, 'deck.html');
    writeFileSync(file, await renderDeck(report));
    const url = pathToFileURL(file).href;
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      const errors: string[] = [];
      const dialogs: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('dialog', async (d) => {
        dialogs.push(d.message());
        await d.dismiss();
      });
      await page.goto(url);
      const main = await page.locator('section.slide.main').count();
      const slides = await page.locator('section.slide').count();
      expect(main).toBeGreaterThanOrEqual(6);
      expect(main).toBeLessThanOrEqual(12);
      expect(await page.locator(`#slide-${main + 1} h2`).innerText()).toBe('Appendix');
      expect(await page.locator('section.slide.active').getAttribute('id')).toBe('slide-1');
      expect(await overflowing(page)).toEqual([]);
      // The main slides in order, by keyboard, each on screen and photographed.
      const titles: string[] = [];
      for (let i = 1; i <= main; i++) {
        const active = page.locator('section.slide.active');
        expect(await active.getAttribute('id')).toBe(`slide-${i}`);
        expect(page.url()).toMatch(new RegExp(`#${i}$`));
        titles.push(await active.locator('h1,h2').first().innerText());
        await page.screenshot({ path: join(artifacts, `slide-${String(i).padStart(2, '0')}.png`) });
        await page.keyboard.press('ArrowRight');
      }
      expect(titles.slice(1, 4)).toEqual(['KPIs this week', 'What changed since last week', 'Top findings']);
      expect(titles.at(-1)).toBe('Decisions and actions');
      await page.keyboard.press('ArrowLeft');
      expect(await page.locator('section.slide.active').getAttribute('id')).toBe(`slide-${main}`);
      await page.keyboard.press('End');
      expect(await page.locator('section.slide.active').getAttribute('id')).toBe(`slide-${slides}`);
      await page.keyboard.press('Home');
      // Nine KPI tiles, each with an 8-week sparkline drawn from the weeks the sample holds.
      await page.goto(`${url}#2`);
      expect(await page.locator('section.slide.active .tile').count()).toBe(9);
      expect(await page.locator('section.slide.active .tile svg.spark polyline').count()).toBeGreaterThanOrEqual(9);
      // A top finding's link opens its section's appendix slide.
      await page.goto(`${url}#4`);
      await page.locator('section.slide.active ul.top a').first().click();
      // The deck moves on the hashchange event, after the click returns: wait for it rather than race it.
      await page.waitForFunction(() => document.querySelector('section.slide.active')?.id !== 'slide-4');
      const target = await page.locator('section.slide.active').getAttribute('id');
      expect(Number(target!.slice('slide-'.length))).toBeGreaterThan(main + 1);
      expect(await page.locator('section.slide.active .kicker').innerText()).toMatch(/^APPENDIX/i);
      // Every chart, on the main slides and in the appendix: drawn with a size, a title and titled axes.
      const charts = await page.locator('figure.chart').count();
      const specs = report.sections.reduce((n, s) => n + s.charts.length, 0);
      expect(charts).toBe(specs + report.brief!.areas.filter((a) => a.chart).length);
      for (let i = 0; i < charts; i++) {
        const fig = page.locator('figure.chart').nth(i);
        const slide = await fig.evaluate((el) => el.closest('section')!.id);
        await page.goto(`${url}#${slide.slice('slide-'.length)}`);
        const box = await fig.locator('svg').first().boundingBox();
        expect(box!.width, slide).toBeGreaterThan(300);
        expect(box!.height, slide).toBeGreaterThan(150);
        expect(await fig.locator('svg .role-title-text').count(), `${slide} title`).toBeGreaterThan(0);
        const axes = (await fig.locator('svg g.role-axis').count()) - (await fig.locator('svg g.role-axis-grid').count());
        expect(await fig.locator('svg .role-axis-title').count(), `${slide} axis titles`).toBe(axes);
      }
      // The planted markup is on screen as text (as the headline and on its slide) and nothing ran.
      await page.goto(`${url}#1`);
      expect(await page.locator('section.slide.active .headline').innerText()).toBe(planted[0]!.trim());
      const markupSlide = await page.locator('section.slide', { hasText: 'User messages' }).last().getAttribute('id');
      await page.goto(`${url}#${markupSlide!.slice('slide-'.length)}`);
      expect(await page.locator('section.slide.active').innerText()).toContain(planted[0]!.trim().slice(0, 20));
      expect(await page.locator('section.slide script, section.slide img').count()).toBe(0);
      expect(dialogs).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('writes the deck, its PDF (exactly one page a slide), every chart as PNG and the long tables as CSV', async () => {
    const written = await writeReport(report, join(dir, 'out'), ['deck', 'pdf', 'png']);
    const deck = readFileSync(
      written.find((f) => f.endsWith('deck.html'))!,
      'utf8',
    );
    const slides = deck.match(/<section class="slide/g)!.length;
    const pdf = readFileSync(written.find((f) => f.endsWith('deck.pdf'))!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)!.length;
    expect(pages).toBe(slides);
    // Each page is the deck's 1280x720 canvas (960x540 points).
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox\s*\[0 0 960 540\]/);
    const pngs = written.filter((f) => f.endsWith('.png'));
    expect(pngs).toHaveLength(report.sections.reduce((n, s) => n + s.charts.length, 0));
    for (const p of pngs) expect(readFileSync(p).subarray(1, 4).toString()).toBe('PNG');
    const long = report.sections.flatMap((s) => s.tables).filter((t) => t.rows.length > 12);
    expect(long.length).toBeGreaterThan(0);
    const csv = readFileSync(
      written.find((f) => f.endsWith(`table-${long[0]!.id}.csv`))!,
      'utf8',
    );
    expect(csv.trim().split('\n')).toHaveLength(long[0]!.rows.length + 1);
    expect(deck).toContain(`Showing the first 12 of ${long[0]!.rows.length} rows`);
    expect(existsSync(join(dir, 'out', 'weekly', '2026-W46', 'report.json'))).toBe(false);
  }, 60_000);

  it('the HTML report: contents, a severity filter, sortable tables, charts beside tables, no console error', async () => {
    const file = join(dir, 'report.html');
    writeFileSync(file, await renderHtml(report));
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(pathToFileURL(file).href);
      expect(await page.locator('nav ol li').count()).toBe(report.sections.length);
      const info = page.locator('li.info').first();
      expect(await info.isVisible()).toBe(true);
      await page.locator('.filter input[value=info]').uncheck();
      expect(await info.isVisible()).toBe(false);
      expect(await page.locator('li.warning').first().isVisible()).toBe(true);
      // Sorting a numeric column by its raw values, both ways.
      const table = page.locator('#errors ~ * table.sortable, section#errors table.sortable').first();
      const column = 1;
      const values = async () =>
        table.locator(`tbody tr td:nth-child(${column + 1})`).evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-v'))));
      await table.locator('th').nth(column).click();
      const up = await values();
      expect(up).toEqual([...up].sort((a, b) => a - b));
      await table.locator('th').nth(column).click();
      const down = await values();
      expect(down).toEqual([...up].reverse());
      // A section with charts shows them in a column beside its tables.
      const pair = page.locator('section#cost .pair');
      const t = await pair.locator('.tables').boundingBox();
      const c = await pair.locator('.charts').boundingBox();
      expect(c!.x).toBeGreaterThan(t!.x + t!.width - 1);
      expect(await page.locator('script').count()).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
