import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { weeklyReport } from '../src/jobs/weekly/report';
import { renderDeck } from '../src/jobs/render/deck';
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
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the weekly deck in Chromium', () => {
  it('opens with no console error, renders every chart with a size, keeps planted script inert, and moves with the keyboard', async () => {
    expect(planted.length).toBeGreaterThan(0);
    const file = join(dir, 'deck.html');
    writeFileSync(file, await renderDeck(report));
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
      await page.goto(pathToFileURL(file).href);
      const slides = await page.locator('section.slide').count();
      expect(await page.locator('section.slide.active').getAttribute('id')).toBe('slide-1');
      await page.screenshot({ path: join(artifacts, 'slide-01.png') });
      await page.keyboard.press('ArrowRight');
      expect(await page.locator('section.slide.active').getAttribute('id')).toBe('slide-2');
      expect(page.url()).toMatch(/#2$/);
      await page.screenshot({ path: join(artifacts, 'slide-02.png') });
      await page.keyboard.press('ArrowRight');
      await page.screenshot({ path: join(artifacts, 'slide-03.png') });
      await page.keyboard.press('End');
      expect(await page.locator('section.slide.active').getAttribute('id')).toBe(`slide-${slides}`);
      await page.keyboard.press('Home');
      // Every chart: shown on its slide, its SVG has a size, a title and axis titles.
      const charts = await page.locator('figure.chart').count();
      expect(charts).toBe(report.sections.reduce((n, s) => n + s.charts.length, 0));
      for (let i = 0; i < charts; i++) {
        const fig = page.locator('figure.chart').nth(i);
        const slide = await fig.evaluate((el) => el.closest('section')!.id);
        await page.goto(`${pathToFileURL(file).href}#${slide.slice('slide-'.length)}`);
        await page.reload();
        const box = await fig.locator('svg').boundingBox();
        expect(box!.width, slide).toBeGreaterThan(100);
        expect(box!.height, slide).toBeGreaterThan(50);
        expect(await fig.locator('svg .role-title-text').count(), `${slide} title`).toBeGreaterThan(0);
        // Every axis drawn carries a title (what is measured, with its unit where it has one); grid lines are axes too
        // in vega's SVG, without a title.
        const axes = (await fig.locator('svg g.role-axis').count()) - (await fig.locator('svg g.role-axis-grid').count());
        expect(await fig.locator('svg .role-axis-title').count(), `${slide} axis titles`).toBe(axes);
      }
      // The planted markup is on screen as text and nothing ran.
      const markupSlide = await page.locator('section.slide', { hasText: 'User messages' }).first().getAttribute('id');
      await page.goto(`${pathToFileURL(file).href}#${markupSlide!.slice('slide-'.length)}`);
      await page.reload();
      const text = await page.locator('section.slide.active').innerText();
      expect(text).toContain(planted[0]!.trim().slice(0, 20));
      expect(await page.locator('section.slide.active script, section.slide.active img').count()).toBe(0);
      await page.screenshot({ path: join(artifacts, 'slide-markup.png') });
      expect(dialogs).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('writes the deck, its PDF (one page a slide) and every chart as PNG through writeReport', async () => {
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
    const pngs = written.filter((f) => f.endsWith('.png'));
    expect(pngs).toHaveLength(report.sections.reduce((n, s) => n + s.charts.length, 0));
    for (const p of pngs) expect(readFileSync(p).subarray(1, 4).toString()).toBe('PNG');
    expect(existsSync(join(dir, 'out', 'weekly', '2026-W46', 'report.json'))).toBe(false);
  });
});
