import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { betaBinomialAB } from '../src/analysis/betaBinomialAB';
import { sampleRatioMismatch } from '../src/analysis/sampleRatioMismatch';
import { DuckDBSource } from '../src/pipeline/duckdb-source';
import { alteredCopy, mangalab, scalar } from './helpers';
import { experimentReadout } from '../src/jobs/experiments/readout';
import { experimentReport } from '../src/jobs/experiments/report';
import { promotionChange } from '../src/jobs/experiments/sections';

const fixtures = inject('fixtures');
let dir: string;
let source: DuckDBSource;

const altered = (name: string, sql: string[]) => alteredCopy(fixtures.duckdb, dir, name, sql);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mangalab-exp-'));
  source = await DuckDBSource.open(fixtures.duckdb);
});
afterAll(async () => {
  await source.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('experimentReadout', () => {
  it('counts sessions and thumbs per arm exactly as the warehouse holds them, and reads them with betaBinomialAB', async () => {
    const r = await experimentReadout(source, 'exp-prompt-v24');
    // Independent counts straight from the tables.
    for (const arm of ['control', 'treatment']) {
      expect(r.sessions[arm]).toBe(
        await scalar(source, `SELECT count(*) FROM sessions WHERE experiment_id = 'exp-prompt-v24' AND variant = '${arm}'`),
      );
    }
    const counts = async (arm: string) => ({
      successes: await scalar(
        source,
        `SELECT count(*) FROM feedback f JOIN requests r USING (trace_id) JOIN sessions s ON s.session_id = r.session_id WHERE s.experiment_id = 'exp-prompt-v24' AND s.variant = '${arm}' AND f.value = 'thumbs_up'`,
      ),
      trials: await scalar(
        source,
        `SELECT count(*) FROM feedback f JOIN requests r USING (trace_id) JOIN sessions s ON s.session_id = r.session_id WHERE s.experiment_id = 'exp-prompt-v24' AND s.variant = '${arm}'`,
      ),
    });
    const expected = betaBinomialAB(await counts('control'), await counts('treatment'));
    const thumbs = r.arms[0]!.metrics.find((m) => m.metric.key === 'thumbs_up_rate')!;
    expect(thumbs.chanceBetter).toBeCloseTo(expected.probTreatmentBeatsControl, 12);
    expect(thumbs.control).toBeCloseTo(expected.control.mean, 12);
    expect(r.srm.pValue).toBeCloseTo(sampleRatioMismatch([r.sessions.control!, r.sessions.treatment!], [50, 50]).pValue, 12);
    expect(r.trustworthy).toBe(true);
  });

  it('reports latency P50/P99 per variant equal to DuckDB quantile_cont over the experiment turns', async () => {
    const r = await experimentReadout(source, 'exp-prompt-v24');
    for (const arm of ['control', 'treatment']) {
      const q = (p: number) =>
        scalar(
          source,
          `SELECT quantile_cont(latency_ms, ${p}) FROM requests WHERE experiment_id = 'exp-prompt-v24' AND variant = '${arm}'`,
        );
      expect(r.latency[arm]!.p50!).toBeCloseTo(await q(0.5), 9);
      expect(r.latency[arm]!.p99!).toBeCloseTo(await q(0.99), 9);
    }
  });

  it('marks the readout untrustworthy on a sample ratio mismatch and makes no decision', async () => {
    const db = await altered('srm', [`DELETE FROM sessions WHERE variant = 'treatment' AND hash(session_id) % 5 = 0`]);
    const r = await experimentReadout(db, 'exp-prompt-v24');
    await db.close();
    expect(r.srm.pValue).toBeLessThan(0.001);
    expect(r.trustworthy).toBe(false);
    expect(r.arms[0]!.overall).toBe('untrustworthy');
  });

  it('stops for harm when a critical metric is credibly worse', async () => {
    const db = await altered('harm', [
      `UPDATE feedback SET value = 'thumbs_down' WHERE value = 'thumbs_up' AND hash(feedback_id) % 3 = 0
         AND trace_id IN (SELECT r.trace_id FROM requests r JOIN sessions s USING (session_id) WHERE s.variant = 'treatment')`,
    ]);
    const r = await experimentReadout(db, 'exp-prompt-v24');
    await db.close();
    const thumbs = r.arms[0]!.metrics.find((m) => m.metric.key === 'thumbs_up_rate')!;
    expect(thumbs.decision).toBe('stop_for_harm');
    expect(thumbs.alwaysValidP!).toBeLessThan(0.05);
    expect(r.arms[0]!.overall).toBe('stop_for_harm');
  });

  it('refuses an unknown experiment, a control that is not a variant, and weights that do not sum to 100', async () => {
    await expect(experimentReadout(source, 'exp-nope')).rejects.toThrow(/--id exp-nope: no experiment with this id/);
    await expect(experimentReadout(source, 'exp-prompt-v24', { control: 'blue' })).rejects.toThrow(
      '--control blue: not a variant of exp-prompt-v24 (variants: control, treatment)',
    );
    const db = await altered('weights', [
      `UPDATE experiments SET variants = '[{"name":"control","weight":50},{"name":"treatment","weight":40}]'`,
    ]);
    await expect(experimentReadout(db, 'exp-prompt-v24')).rejects.toThrow(/variant weights must sum to 100, got 90/);
    await db.close();
  });

  it('archives its full configuration and writes a promotion change only for a ship decision', async () => {
    const { files, readout } = await experimentReport(source, 'exp-prompt-v24', { now: () => new Date('2026-11-22T00:00:00Z') });
    const config = JSON.parse(files['readout-config.json']!);
    expect(config).toMatchObject({ control: 'control', prior: { alpha: 1, beta: 1 }, msprtTau: 0.02, rule: { winProbability: 0.95 } });
    expect(config.experiment.variants).toEqual([
      { name: 'control', weight: 50, prompt_version: 'v2.3' },
      { name: 'treatment', weight: 50, prompt_version: 'v2.4' },
    ]);
    const shipped = {
      ...readout,
      arms: readout.arms.map((a) => ({ ...a, overall: 'ship' as const, overallReason: 'arm' })),
      decision: { overall: 'ship' as const, bestArm: 'treatment', reason: 'test' },
    };
    expect(promotionChange(shipped)).toEqual({
      kind: 'experiment-promotion',
      experiment_id: 'exp-prompt-v24',
      winner: 'treatment',
      weights: { control: 0, treatment: 100 },
      prompt_version: 'v2.4',
      evidence: { readout_period: readout.period.label, reason: 'test' },
    });
    const running = { ...readout, decision: { overall: 'keep_running' as const, bestArm: null, reason: 'test' } };
    expect(promotionChange(running)).toBeNull();
  });
});

describe('mangalab report experiment', () => {
  it('writes the readout with its archived configuration', () => {
    const out = join(dir, 'out');
    const r = mangalab('report', 'experiment', '--id', 'exp-prompt-v24', '--source', fixtures.duckdb, '--out', out);
    expect(r.code).toBe(0);
    const files = r.stdout.trim().split('\n');
    expect(files.some((f) => f.endsWith('readout-config.json'))).toBe(true);
    expect(
      readFileSync(
        files.find((f) => f.endsWith('report.md'))!,
        'utf8',
      ),
    ).toContain('Segments (exploratory)');
  });

  it('exits 2 for a missing or unknown id and writes nothing', () => {
    const out = join(dir, 'none');
    for (const args of [[], ['--id', 'exp-nope']]) {
      const r = mangalab('report', 'experiment', ...args, '--source', fixtures.duckdb, '--out', out);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--id/);
    }
    expect(existsSync(out)).toBe(false);
  });
});
