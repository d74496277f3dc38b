import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { costReadout, type CostReadout } from '../src/jobs/cost/readout';
import { costReport } from '../src/jobs/cost/report';
import { renderHtml } from '../src/jobs/render/html';
import { renderMarkdown } from '../src/jobs/render/markdown';
import { weeklyReport } from '../src/jobs/weekly/report';
import { loadCostConfig, loadWhatIf } from '../src/pipeline/cost-config';
import { DuckDBSource } from '../src/pipeline/duckdb-source';
import { alteredCopy, mangalab, scalar, withoutOwnScript } from './helpers';
import { loadPrices } from '../src/pipeline/prices';

const fixtures = inject('fixtures');
const python = process.env.MANGALAB_REFERENCE_PYTHON ?? '/usr/bin/python3';
const WHATIF = 'config/whatif-product-question-haiku.json';
let dir: string;
let source: DuckDBSource;
let readout: CostReadout;

interface Reference {
  total_cost: number;
  previous_cost: number;
  by_intent: Record<string, number>;
  by_model: Record<string, number>;
  by_user_type: Record<string, number>;
  by_region: Record<string, number>;
  daily: Record<string, number>;
  trailing: Record<string, number | null>;
  sessions: number;
  cost_per_session: number;
  cost_per_session_by_user_type: Record<string, number>;
  capped_sessions: number;
  degraded_sessions: number;
  sessions_at_cap_tokens: number;
  token_percentiles: Record<'p50' | 'p90' | 'p99', number>;
  token_max: number;
  bypass_by_intent: Record<string, [number, number]>;
  route_quality: Record<string, { up: number; down: number; esc: number; turns: number }>;
  strategy_quality: Record<string, { up: number; down: number; turns: number }>;
  bypass_savings: number;
  cache: Record<string, { hits: number; misses: number; saved: number; premium: number }>;
  whatif_cost_by_intent: Record<string, number>;
}
let ref: Reference;

function priceFile(models: object[]): string {
  const path = join(dir, `prices-${readdirSync(dir).length}.json`);
  writeFileSync(path, JSON.stringify({ version: 'test', models }));
  return path;
}
const basePrices = () => (JSON.parse(readFileSync('config/prices.json', 'utf8')) as { models: Record<string, unknown>[] }).models;

// Independent cost expressions written from config/prices.json by hand (the sample uses these two models only).
const SONNET_COST = `(input_tokens * 0.003 + output_tokens * 0.015 + cache_read_tokens * 0.0003 + cache_write_tokens * 0.00375) / 1000`;
const HAIKU_COST = `(input_tokens * 0.00025 + output_tokens * 0.00125 + cache_read_tokens * 0.00003 + cache_write_tokens * 0.0003) / 1000`;
const LIST_COST = `CASE model WHEN 'claude-3.5-sonnet' THEN ${SONNET_COST} WHEN 'claude-3-haiku' THEN ${HAIKU_COST} ELSE 0 END`;

const altered = (name: string, sql: string[]) => alteredCopy(fixtures.duckdb, dir, name, sql);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mangalab-cost-'));
  source = await DuckDBSource.open(fixtures.duckdb);
  readout = await costReadout(source, { week: '2026-W46', whatIf: WHATIF });
  // Expected values: test/reference/cost_reference.py (pandas 1.5, Debian python3-pandas) over the CSV export of the
  // same fixture warehouse: W46 against W45, trailing window from 2026-11-02, 5,000-token cap, the same what-if routing.
  ref = JSON.parse(
    execFileSync(
      python,
      [
        'test/reference/cost_reference.py',
        'report',
        fixtures.csv,
        'config/prices.json',
        '2026-11-09',
        '2026-11-16',
        '2026-11-02',
        '2026-11-02',
        '5000',
        JSON.stringify({ product_question: 'claude-3-haiku' }),
      ],
      { encoding: 'utf8' },
    ),
  ) as Reference;
});
afterAll(async () => {
  await source.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('costReadout against pandas', () => {
  it("attributes the week's LLM cost by intent, model, user type and region, and the week before", () => {
    expect(readout.period.label).toBe('2026-W46');
    expect(readout.previous.label).toBe('2026-W45');
    expect(readout.current.costUsd).toBeCloseTo(ref.total_cost, 9);
    expect(readout.prior.costUsd).toBeCloseTo(ref.previous_cost, 9);
    for (const dim of ['intent', 'model', 'user_type', 'region'] as const) {
      const expected = ref[`by_${dim}`];
      const got = Object.fromEntries(readout.breakdowns[dim].filter((b) => b.llmRequests > 0).map((b) => [b.key, b.costUsd]));
      expect(Object.keys(got).sort(), dim).toEqual(Object.keys(expected).sort());
      for (const [k, v] of Object.entries(expected)) expect(got[k], `${dim}=${k}`).toBeCloseTo(v, 9);
    }
    // Intents the LLM never answered are listed at zero cost with their requests, not dropped.
    expect(readout.breakdowns.intent.find((b) => b.key === 'order_tracking')).toMatchObject({
      costUsd: 0,
      llmRequests: 0,
      bypassedRequests: ref.bypass_by_intent.order_tracking![1],
    });
  });

  it("gives every day's cost and its 7-day trailing mean (day excluded) as pandas rolling().shift(1) does", () => {
    expect(readout.days.map((d) => d.day)).toEqual(Object.keys(ref.daily));
    for (const d of readout.days) {
      expect(d.value, d.day).toBeCloseTo(ref.daily[d.day]!, 9);
      if (ref.trailing[d.day] === null) expect(d.trailingMean, d.day).toBeNull();
      else expect(d.trailingMean, d.day).toBeCloseTo(ref.trailing[d.day]!, 9);
    }
  });

  it('finds the planted spike on 2026-11-11 and no other day of the week', () => {
    expect(readout.days.filter((d) => d.inPeriod && d.spike).map((d) => d.day)).toEqual(['2026-11-11']);
    const spike = readout.days.find((d) => d.day === '2026-11-11')!;
    expect(spike.ratio).toBeCloseTo(ref.daily['2026-11-11']! / ref.trailing['2026-11-11']!, 9);
  });

  it('computes sessions, cost per session, capped, degraded and at-cap sessions and token percentiles', () => {
    const s = readout.sessions.total;
    expect(s.sessions).toBe(ref.sessions);
    expect(s.costPerSessionUsd).toBeCloseTo(ref.cost_per_session, 12);
    expect(s.cappedSessions).toBe(ref.capped_sessions);
    expect(s.degradedSessions).toBe(ref.degraded_sessions);
    expect(s.sessionsAtCapTokens).toBe(ref.sessions_at_cap_tokens);
    for (const u of readout.sessions.userType)
      expect(u.costPerSessionUsd, u.key).toBeCloseTo(ref.cost_per_session_by_user_type[u.key]!, 12);
    // pandas Series.quantile (linear) is the same definition as percentile_cont.
    expect(readout.tokens.p50).toBeCloseTo(ref.token_percentiles.p50, 6);
    expect(readout.tokens.p90).toBeCloseTo(ref.token_percentiles.p90, 6);
    expect(readout.tokens.p99).toBeCloseTo(ref.token_percentiles.p99, 6);
    expect(readout.tokens.max).toBe(ref.token_max);
    expect(readout.tokens.histogram.reduce((n, b) => n + b.sessions, 0)).toBe(ref.sessions);
  });

  it('counts bypassed turns by intent, their quality against LLM turns, and the savings estimate', () => {
    const got = Object.fromEntries(readout.bypass.intents.map((i) => [i.intent, [i.bypassedTurns, i.turns]]));
    expect(got).toEqual(ref.bypass_by_intent);
    expect(readout.bypass.estimatedSavingsUsd).toBeCloseTo(ref.bypass_savings, 9);
    for (const r of readout.routes) {
      expect({ up: r.thumbsUp, down: r.thumbsDown, esc: r.escalations, turns: r.turns }, r.key).toEqual(ref.route_quality[r.key]);
    }
    for (const r of readout.strategies) {
      expect({ up: r.thumbsUp, down: r.thumbsDown, turns: r.turns }, r.key).toEqual(ref.strategy_quality[r.key]);
    }
  });

  it('reports prompt-cache hits, misses, savings and write premium per week', () => {
    const w46 = readout.cache.find((w) => w.week === '2026-W46')!;
    const expected = ref.cache['2026-11-09']!;
    expect({ hits: w46.hits, misses: w46.misses }).toEqual({ hits: expected.hits, misses: expected.misses });
    expect(w46.hitRate).toBeCloseTo(expected.hits / (expected.hits + expected.misses), 12);
    expect(w46.savedUsd).toBeCloseTo(expected.saved, 9);
    expect(w46.writePremiumUsd).toBeCloseTo(expected.premium, 9);
    expect(readout.cache.map((w) => w.week)).toEqual(['2026-W45', '2026-W46']);
  });

  it("splits each month's calls by inference type, with the busiest day's on-demand share over all models", async () => {
    // Independent: straight from the table, all models together, then per model.
    const share = `CAST(sum(CASE WHEN inference_type = 'on_demand' THEN 1 ELSE 0 END) AS DOUBLE)
      / nullif(sum(CASE WHEN inference_type IN ('on_demand', 'provisioned') THEN 1 ELSE 0 END), 0)`;
    const nov = `model IS NOT NULL AND ts >= '2026-11-01' AND ts < '2026-12-01'`;
    const all = readout.throughput.find((t) => t.month === '2026-11' && t.model === null)!;
    expect(all.onDemandCalls).toBe(await scalar(source, `SELECT count(*) FROM requests WHERE ${nov} AND inference_type = 'on_demand'`));
    expect(all.peakDayOnDemandShare).toBeCloseTo(
      await scalar(source, `SELECT max(s) FROM (SELECT ${share} AS s FROM requests WHERE ${nov} GROUP BY CAST(ts AS DATE))`),
      12,
    );
    expect(all.days).toBe(await scalar(source, `SELECT count(DISTINCT CAST(ts AS DATE)) FROM requests WHERE ${nov}`));
    for (const t of readout.throughput.filter((x) => x.month === '2026-11' && x.model !== null)) {
      expect(t.peakDayOnDemandShare, t.model!).toBeCloseTo(
        await scalar(
          source,
          `SELECT max(s) FROM (SELECT ${share} AS s FROM requests WHERE ${nov} AND model = '${t.model}' GROUP BY CAST(ts AS DATE))`,
        ),
        12,
      );
    }
    expect(readout.throughput.filter((t) => t.month === '2026-11').map((t) => t.model)).toEqual([
      null,
      'claude-3-haiku',
      'claude-3.5-sonnet',
    ]);
  });

  it('re-prices the week under the what-if routing, intent by intent', () => {
    const byIntent: Record<string, number> = {};
    for (const r of readout.whatIf!.rows) byIntent[r.intent] = (byIntent[r.intent] ?? 0) + r.costWhatIfUsd;
    expect(Object.keys(byIntent).sort()).toEqual(Object.keys(ref.whatif_cost_by_intent).sort());
    for (const [k, v] of Object.entries(ref.whatif_cost_by_intent)) expect(byIntent[k], k).toBeCloseTo(v, 9);
    // One row per intent and current model; every product_question row moves to Haiku, the others keep their model.
    const pq = readout.whatIf!.rows.filter((r) => r.intent === 'product_question');
    expect(pq.map((r) => r.modelWhatIf)).toEqual(pq.map(() => 'claude-3-haiku'));
    expect(pq.some((r) => r.modelNow === 'claude-3.5-sonnet')).toBe(true);
    expect(pq.reduce((s, r) => s + r.costNowUsd, 0)).toBeCloseTo(ref.by_intent.product_question!, 9);
    expect(readout.whatIf!.rows.filter((r) => r.intent !== 'product_question').every((r) => r.modelWhatIf === r.modelNow)).toBe(true);
  });
});

describe('costReadout inputs', () => {
  it('compares one day with the day before', async () => {
    const day = await costReadout(source, { day: '2026-11-11' });
    expect(day.period.label).toBe('2026-11-11');
    expect(day.previous.label).toBe('2026-11-10');
    expect(day.current.costUsd).toBeCloseTo(ref.daily['2026-11-11']!, 9);
    expect(day.prior.costUsd).toBeCloseTo(ref.daily['2026-11-10']!, 9);
    expect(day.days.filter((d) => d.inPeriod).map((d) => [d.day, d.spike])).toEqual([['2026-11-11', true]]);
  });

  it('reads a calendar month against the month before and says how many of their days the source covers', async () => {
    const month = await costReport(source, { month: '2026-11' });
    expect(month.period.label).toBe('2026-11');
    const findings = month.sections[0]!.findings;
    // Independent: days with requests in each month, counted straight from the table.
    const nov = await scalar(
      source,
      `SELECT count(DISTINCT CAST(ts AS DATE)) FROM requests WHERE ts >= '2026-11-01' AND ts < '2026-12-01'`,
    );
    const oct = await scalar(
      source,
      `SELECT count(DISTINCT CAST(ts AS DATE)) FROM requests WHERE ts >= '2026-10-01' AND ts < '2026-11-01'`,
    );
    expect(findings.find((f) => f.id === 'cost.coverage')!.message).toBe(
      `The source holds requests on ${nov} of the 30 days of 2026-11 and ${oct} of the 31 days of 2026-10: totals and the budget comparison cover only those days.`,
    );
    const total = findings.find((f) => f.id === 'cost.total')!;
    expect(total.value).toBeCloseTo(
      await scalar(source, `SELECT sum(${LIST_COST}) FROM requests WHERE ts >= '2026-11-01' AND ts < '2026-12-01'`),
      9,
    );
    expect(total.baseline).toBeCloseTo(
      await scalar(source, `SELECT sum(${LIST_COST}) FROM requests WHERE ts >= '2026-10-01' AND ts < '2026-11-01'`),
      9,
    );
    expect(findings.find((f) => f.id === 'cost.budget')!.threshold).toBe(85 * 30);
    await expect(costReadout(source, { month: '2026-13' })).rejects.toThrow('--month: month "2026-13" is not written YYYY-MM');
    await expect(costReadout(source, { month: '2026-11', week: '2026-W46' })).rejects.toThrow(
      '--week/--month: give one of --day, --week and --month, not 2',
    );
  });

  it('refuses a model with no price in force, naming the model, the days and the price file', async () => {
    const models = basePrices().map((m) => (m.model === 'claude-3-haiku' ? { ...m, effective_from: '2026-11-12' } : m));
    const file = priceFile(models);
    const db = await DuckDBSource.open(fixtures.duckdb, { priceFile: file });
    await expect(costReadout(db, { week: '2026-W46' })).rejects.toThrow(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: no price in force for claude-3-haiku on 2026-11-02 to 2026-11-11 \\(10 days\\), [\\d,]+ requests`,
      ),
    );
    await db.close();
  });

  it('prices each request at the entry in force on its day (a later price applies from its date)', async () => {
    const doubled = basePrices().flatMap((m) =>
      m.model === 'claude-3.5-sonnet'
        ? [m, { ...m, effective_from: '2026-11-12', input: 0.006, output: 0.03, cache_read: 0.0006, cache_write: 0.0075 }]
        : [m],
    );
    const db = await DuckDBSource.open(fixtures.duckdb, { priceFile: priceFile(doubled) });
    const r = await costReadout(db, { week: '2026-W46' });
    // Independent: Sonnet's cost from 2026-11-12 summed straight from the table at the old prices; it doubles.
    const later = await scalar(
      source,
      `SELECT sum(${SONNET_COST}) FROM requests WHERE model = 'claude-3.5-sonnet' AND ts >= '2026-11-12' AND ts < '2026-11-16'`,
    );
    expect(r.current.costUsd).toBeCloseTo(ref.total_cost + later, 9);
    expect(r.days.find((d) => d.day === '2026-11-11')!.value).toBeCloseTo(ref.daily['2026-11-11']!, 9);
    await db.close();
  });

  it('rejects rows with a negative or missing token count: counted, reported, and left out of every cost', async () => {
    const db = await altered('bad-tokens', [
      `UPDATE requests SET input_tokens = -5 WHERE trace_id IN (SELECT trace_id FROM requests WHERE model = 'claude-3.5-sonnet' AND ts >= '2026-11-10' AND ts < '2026-11-11' ORDER BY trace_id LIMIT 3)`,
      `UPDATE requests SET output_tokens = NULL WHERE trace_id IN (SELECT trace_id FROM requests WHERE model = 'claude-3-haiku' AND ts >= '2026-11-13' AND ts < '2026-11-14' ORDER BY trace_id LIMIT 2)`,
    ]);
    const lost = await scalar(
      source,
      `SELECT sum(${LIST_COST}) FROM requests WHERE trace_id IN (
        (SELECT trace_id FROM requests WHERE model = 'claude-3.5-sonnet' AND ts >= '2026-11-10' AND ts < '2026-11-11' ORDER BY trace_id LIMIT 3)
        UNION ALL (SELECT trace_id FROM requests WHERE model = 'claude-3-haiku' AND ts >= '2026-11-13' AND ts < '2026-11-14' ORDER BY trace_id LIMIT 2))`,
    );
    const r = await costReadout(db, { week: '2026-W46' });
    expect(r.current).toMatchObject({ rejectedNegative: 3, rejectedMissing: 2 });
    expect(r.current.costUsd).toBeCloseTo(ref.total_cost - lost, 9);
    expect(r.days.find((d) => d.day === '2026-11-10')!.rejected).toBe(3);
    // The same rows are left out of the provisioned/on-demand dollars (one definition of a priced request).
    const monthCost = (x: CostReadout) =>
      x.throughput.filter((t) => t.model === null).reduce((a, t) => a + t.onDemandCostUsd + t.provisionedCostUsd, 0);
    expect(monthCost(readout) - monthCost(r)).toBeCloseTo(lost, 9);
    const report = await costReport(db, { week: '2026-W46' });
    const finding = report.sections[0]!.findings.find((f) => f.id === 'cost.rejected_rows')!;
    expect(finding).toMatchObject({ severity: 'warning', value: 5 });
    expect(finding.message).toMatch(
      /^5 requests in 2026-W46 were rejected and left out of every cost: 3 with a negative token count, 2 LLM calls with a missing one/,
    );
    await db.close();
  });

  it('re-prices under a scenario written in code with another price table (a Sonnet price cut)', async () => {
    const halved = basePrices().map((m) =>
      m.model === 'claude-3.5-sonnet' ? { ...m, input: 0.0015, output: 0.0075, cache_read: 0.00015, cache_write: 0.001875 } : m,
    );
    const r = await costReadout(source, { week: '2026-W46', whatIf: { name: 'Sonnet at half price', prices: priceFile(halved) } });
    // By hand: every price of Sonnet halved, Haiku unchanged, nobody moved, so Sonnet rows cost half.
    for (const row of r.whatIf!.rows) {
      expect(row.modelWhatIf, row.intent).toBe(row.modelNow);
      expect(row.costWhatIfUsd, `${row.intent}/${row.modelNow}`).toBeCloseTo(
        row.modelNow === 'claude-3.5-sonnet' ? row.costNowUsd / 2 : row.costNowUsd,
        12,
      );
    }
    expect(r.whatIf!.rows.reduce((a, x) => a + x.costWhatIfUsd, 0)).toBeCloseTo(
      ref.by_model['claude-3.5-sonnet']! / 2 + ref.by_model['claude-3-haiku']!,
      9,
    );
    await expect(costReadout(source, { week: '2026-W46', whatIf: { name: 'nothing' } })).rejects.toThrow(
      'what-if "nothing": a what-if needs a routing, a prices table, or both: this one changes nothing',
    );
  });

  it('names the file and field of a bad configuration or what-if scenario', () => {
    const config = join(dir, 'cost.json');
    const doc = JSON.parse(readFileSync('config/cost.json', 'utf8'));
    writeFileSync(config, JSON.stringify({ ...doc, spike: { ratio: -1, trailing_days: 7 } }));
    expect(() => loadCostConfig(config)).toThrow(`${config}: spike.ratio must be above 0, got -1`);
    writeFileSync(config, JSON.stringify({ ...doc, token_budget: { ...doc.token_budget, cap_tokens: 'many' } }));
    expect(() => loadCostConfig(config)).toThrow(`${config}: token_budget.cap_tokens must be a number, got "many"`);
    const prices = loadPrices();
    const scenario = join(dir, 'whatif.json');
    writeFileSync(scenario, JSON.stringify({ name: 'x', routing: { recommendation: 'gpt-9' } }));
    expect(() => loadWhatIf(scenario, prices)).toThrow(`${scenario} (routing.recommendation): model gpt-9 has no price in ${prices.file}`);
    writeFileSync(scenario, JSON.stringify({ name: 'x' }));
    expect(() => loadWhatIf(scenario, prices)).toThrow(/this one changes nothing/);
    writeFileSync(scenario, '{ not json');
    expect(() => loadWhatIf(scenario, prices)).toThrow(new RegExp(`^${scenario}: cannot read what-if scenario`));
  });
});

describe('cost report', () => {
  it('has one section per concern, with the budget, spike, cap, bypass, cache and on-demand findings', async () => {
    const report = await costReport(source, { week: '2026-W46', whatIf: WHATIF, now: () => new Date('2026-11-22T06:00:00Z') });
    expect(report.sections.map((s) => s.id)).toEqual([
      'cost.attribution',
      'cost.daily',
      'cost.tokens',
      'cost.bypass',
      'cost.cache',
      'cost.throughput',
      'cost.whatif',
    ]);
    const findings = Object.fromEntries(report.sections.flatMap((s) => s.findings).map((f) => [f.id, f]));
    expect(findings['cost.total']).toMatchObject({ value: readout.current.costUsd, baseline: readout.prior.costUsd });
    expect(findings['cost.budget']!.threshold).toBe(85 * 7);
    expect(findings['cost.spike.2026-11-11']).toMatchObject({ severity: 'warning', threshold: 1.2 });
    // 30 of 1,675 sessions hit the cap (pandas above): 1.8% is above the 1% alert.
    expect(findings['cost.token_cap']).toMatchObject({ severity: 'warning' });
    expect(findings['cost.token_cap']!.value).toBeCloseTo(ref.capped_sessions / ref.sessions, 12);
    expect(findings['cost.bypass_savings']!.value).toBeCloseTo(ref.bypass_savings, 9);
    expect(findings['cost.whatif.total']!.value).toBeCloseTo(
      Object.values(ref.whatif_cost_by_intent).reduce((a, b) => a + b, 0),
      9,
    );
    for (const f of Object.values(findings)) {
      if (f.value === null) expect(f.message, f.id).toMatch(/could not|no |not computable|without/i);
    }
    const html = await renderHtml(report);
    const charts = report.sections.reduce((n, s) => n + s.charts.length, 0);
    expect(charts).toBeGreaterThanOrEqual(5);
    expect(html.match(/<svg/g)?.length).toBe(charts);
    expect(withoutOwnScript(html)).not.toMatch(/<script/i);
    expect(renderMarkdown(report)).toContain('## Daily cost and spikes');
  });

  it('puts a Cost section in the weekly report, between Retrieval and Experiments', async () => {
    const weekly = await weeklyReport(source, { week: '2026-W46' });
    expect(weekly.sections.map((s) => s.id)).toEqual([
      'overview',
      'quality',
      'retrieval',
      'cost',
      'experiments',
      'drift',
      'monitoring',
      'errors',
      'human',
    ]);
    const cost = weekly.sections[3]!;
    expect(cost.findings.find((f) => f.id === 'cost.total')!.value).toBeCloseTo(ref.total_cost, 9);
    expect(cost.findings.some((f) => f.id === 'cost.spike.2026-11-11')).toBe(true);
  });

  it('turns a cost refusal into a warning in the weekly report instead of failing it', async () => {
    const models = basePrices().filter((m) => m.model !== 'claude-3-haiku');
    const db = await DuckDBSource.open(fixtures.duckdb, { priceFile: priceFile(models) });
    const weekly = await weeklyReport(db, { week: '2026-W46' });
    const cost = weekly.sections.find((s) => s.id === 'cost')!;
    expect(cost.findings).toHaveLength(1);
    expect(cost.findings[0]).toMatchObject({ id: 'cost.not_computed', severity: 'warning', value: null });
    expect(cost.findings[0]!.message).toMatch(/^The cost section could not be computed: .*no price in force for claude-3-haiku/);
    await db.close();
  });
});

describe('mangalab report cost', () => {
  it('writes the readout for a week and exits 0; exits 1 when a finding reaches --fail-on', () => {
    const out = mkdtempSync(join(dir, 'out-'));
    const r = mangalab(
      'report',
      'cost',
      '--source',
      fixtures.duckdb,
      '--week',
      '2026-W46',
      '--what-if',
      WHATIF,
      '--out',
      out,
      '--format',
      'json',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(join(out, 'cost/2026-W46/report.json'));
    const json = JSON.parse(readFileSync(join(out, 'cost/2026-W46/report.json'), 'utf8'));
    expect(json.sections.at(-1).id).toBe('cost.whatif');
    expect(mangalab('report', 'cost', '--source', fixtures.duckdb, '--day', '2026-11-11', '--out', out, '--fail-on', 'warning').code).toBe(
      1,
    );
  });

  it.each([
    [['--day', '2026-11-11', '--week', '2026-W46'], /--day/],
    [['--day', '11/11/2026'], /--day/],
    [['--what-if', 'no-such-file.json'], /no-such-file\.json: cannot read what-if scenario/],
    [['--config', 'config/prices.json'], /config\/prices\.json: daily_budget_usd must be a number/],
  ])('exits 2 with one message naming the input for %j and writes nothing', (args, message) => {
    const out = mkdtempSync(join(dir, 'out-'));
    const r = mangalab('report', 'cost', '--source', fixtures.duckdb, '--out', out, ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(
      r.stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('error')).length,
    ).toBe(1);
    expect(existsSync(join(out, 'cost'))).toBe(false);
  });

  it('exits 2 when report weekly is given an option of report cost', () => {
    const r = mangalab('report', 'weekly', '--source', fixtures.duckdb, '--day', '2026-11-11');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--day: this option belongs to report cost and report drift/);
  });
});
