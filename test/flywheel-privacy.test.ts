import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { nearDuplicates } from '../src/analysis/nearDuplicates';
import { redactPii } from '../src/analysis/redactPii';
import type { Report } from '../src/jobs/report';
import { DuckDBSource } from '../src/pipeline/duckdb-source';
import { mangalab, mangalabWithEnv, scalar } from './helpers';

const fixtures = inject('fixtures');
let dir: string;
let db: DuckDBSource;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mangalab-flywheel-'));
  db = await DuckDBSource.open(fixtures.duckdb);
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const jsonl = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('mangalab flywheel', () => {
  it("writes anonymized, deduplicated training and golden candidates with the quarter's metrics", async () => {
    const r = mangalab('flywheel', '--source', fixtures.duckdb, '--out', dir, '--quarter', '2026-Q4');
    expect(r.code, r.stderr).toBe(0);
    const folder = join(dir, 'flywheel', '2026-Q4');
    const training = jsonl(join(folder, 'training_candidates.jsonl'));
    const golden = jsonl(join(folder, 'golden_candidates.jsonl'));
    expect(training.length).toBeGreaterThan(0);
    expect(golden.length).toBeGreaterThan(0);
    for (const row of [...training, ...golden]) {
      expect(redactPii(String(row.user_message)).found, String(row.trace_id)).toEqual([]);
      expect(row).not.toHaveProperty('customer_id');
    }
    // Deduplicated: running the deduplication again removes nothing.
    expect(nearDuplicates(training.map((t) => String(t.user_message))).dropped).toEqual([]);
    const report = JSON.parse(readFileSync(join(folder, 'report.json'), 'utf8')) as Report;
    const eligible = await scalar(
      db,
      `SELECT count(*) FROM requests r JOIN sessions s USING (session_id) JOIN (SELECT trace_id, max(CASE WHEN value = 'thumbs_up' THEN 1 ELSE 0 END) up FROM feedback GROUP BY 1) f USING (trace_id)
      WHERE f.up = 1 AND s.resolved AND NOT r.escalated AND r.guardrail_passed AND r.intent_confidence >= 0.9 AND r.user_message IS NOT NULL`,
    );
    const quarters = report.sections[0]!.tables.find((t) => t.id === 'flywheel.quarters')!;
    expect(quarters.rows).toEqual([expect.objectContaining({ quarter: '2026-Q4', training: eligible })]);
    const fetched = Math.min(eligible, 5000);
    expect(report.sections[0]!.findings[0]!.message).toMatch(
      new RegExp(`^${training.length.toLocaleString('en-US')} training candidates for 2026-Q4: ${fetched.toLocaleString('en-US')} fetched`),
    );
    expect(report.sections[0]!.findings.find((f) => f.id === 'flywheel.pii')).toMatchObject({ value: 0 });
  });

  it('refuses a malformed quarter with exit 2', () => {
    const r = mangalab('flywheel', '--source', fixtures.duckdb, '--out', dir, '--quarter', '2026-Q5');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--quarter: quarter "2026-Q5" is not written YYYY-Q1 to YYYY-Q4/);
  });
});

describe('mangalab privacy', () => {
  it('counts rows past retention per table as SQL does', async () => {
    const r = mangalab(
      'privacy',
      'retention',
      '--source',
      fixtures.duckdb,
      '--out',
      dir,
      '--as-of',
      '2027-01-31',
      '--format',
      'json',
      '--fail-on',
      'warning',
    );
    expect(r.code).toBe(1);
    const report = JSON.parse(readFileSync(join(dir, 'retention', '2027-02-01', 'report.json'), 'utf8')) as Report;
    const rows = report.sections[0]!.tables[0]!.rows;
    // As of the end of 2027-01-31, the 90-day cutoff is 2026-11-03 00:00 UTC.
    expect(rows.find((x) => x.table === 'requests')!.raw).toBe(
      await scalar(db, `SELECT count(*) FROM requests WHERE ts < TIMESTAMP '2026-11-03'`),
    );
    expect(rows.find((x) => x.table === 'human_annotations')!.raw).toBe(
      await scalar(db, `SELECT count(*) FROM human_annotations WHERE week < DATE '2026-11-03'`),
    );
    expect(rows.every((x) => x.analytics === 0)).toBe(true);
  });

  it("plans a customer deletion as SQL counts it, and --apply removes the customer's rows from workbench files with an audit record", async () => {
    const out = join(dir, 'del');
    expect(mangalab('flywheel', '--source', fixtures.duckdb, '--out', out, '--quarter', '2026-Q4').code).toBe(0);
    const golden = join(out, 'flywheel', '2026-Q4', 'golden_candidates.jsonl');
    const traceId = String(jsonl(golden)[0]!.trace_id);
    const customer = String(
      (await db.conn.runAndReadAll(`SELECT customer_id FROM requests WHERE trace_id = '${traceId}'`)).getRows()[0]![0],
    );
    const run = (...args: string[]) =>
      mangalabWithEnv(
        { MANGALAB_AUDIT: join(dir, 'audit', 'audit.jsonl') },
        'privacy',
        'delete-plan',
        '--customer',
        customer,
        '--source',
        fixtures.duckdb,
        '--out',
        out,
        ...args,
      );
    const plan = JSON.parse(run('--format', 'json').stdout) as {
      warehouse: { table: string; rows: number }[];
      workbench: { file: string; rows: number }[];
      applied: boolean;
    };
    const want = async (sql: string) => scalar(db, sql.replaceAll(':c', `'${customer}'`));
    expect(plan.warehouse.find((w) => w.table === 'requests')!.rows).toBe(
      await want('SELECT count(*) FROM requests WHERE customer_id = :c'),
    );
    expect(plan.warehouse.find((w) => w.table === 'feedback')!.rows).toBe(
      await want('SELECT count(*) FROM feedback WHERE session_id IN (SELECT session_id FROM sessions WHERE customer_id = :c)'),
    );
    expect(plan.warehouse.find((w) => w.table === 'classifier_labels')!.rows).toBe(
      await want('SELECT count(*) FROM classifier_labels WHERE trace_id IN (SELECT trace_id FROM requests WHERE customer_id = :c)'),
    );
    expect(plan.workbench).toEqual([{ file: join('flywheel', '2026-Q4', 'golden_candidates.jsonl'), rows: expect.any(Number) }]);
    expect(plan.applied).toBe(false);
    const before = jsonl(golden).length;
    const applied = run('--apply', '--ticket', 'PRIV-1', '--format', 'json');
    expect(applied.code, applied.stderr).toBe(0);
    expect(jsonl(golden).length).toBe(before - plan.workbench[0]!.rows);
    expect(jsonl(golden).some((r) => r.trace_id === traceId)).toBe(false);
    const audit = readFileSync(join(dir, 'audit', 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(audit.at(-1)).toMatchObject({
      component: 'privacy:workbench',
      action: 'customer-deletion',
      ticket: 'PRIV-1',
      outcome: 'completed',
    });
    expect(JSON.stringify(audit)).not.toContain(customer);
  });

  it("holds the workbench's own files to the analytics retention: reported by row age, removed with --apply and audited", () => {
    const out = join(dir, 'ret');
    mkdirSync(join(out, 'flywheel', '2024-Q1'), { recursive: true });
    mkdirSync(join(out, 'human', '2024-W02'), { recursive: true });
    const candidates = join(out, 'flywheel', '2024-Q1', 'training_candidates.jsonl');
    writeFileSync(
      candidates,
      [
        { trace_id: 'old-1', ts: '2024-01-10T08:00:00.000Z', user_message: 'one piece vol 1' },
        { trace_id: 'old-2', ts: '2024-11-29T23:00:00.000Z', user_message: 'naruto box set' },
        { trace_id: 'new-1', ts: '2026-10-01T08:00:00.000Z', user_message: 'is vol 105 out' },
      ]
        .map((r) => `${JSON.stringify(r)}\n`)
        .join(''),
    );
    const sample = join(out, 'human', '2024-W02', 'sample.csv');
    writeFileSync(
      sample,
      'sample_id,trace_id,stratum,intent,user_message,response_text\nHS-2024-W02-001,old-1,faq,faq,"a, quoted message",ok\nHS-2026-W46-001,new-2,faq,faq,hello,hi\n',
    );
    const env = { MANGALAB_AUDIT: join(dir, 'audit', 'retention.jsonl') };
    // As of the end of 2026-11-30: the 730-day cutoff is 2024-12-01 00:00 UTC, the 90-day cutoff 2026-09-02.
    const args = ['privacy', 'retention', '--source', fixtures.duckdb, '--out', out, '--as-of', '2026-11-30', '--format', 'json'];
    expect(mangalab(...args).code).toBe(0);
    const read = () => JSON.parse(readFileSync(join(out, 'retention', '2026-12-01', 'report.json'), 'utf8')) as Report;
    const table = () => read().sections[0]!.tables.find((t) => t.id === 'retention.workbench')!.rows;
    expect(table()).toEqual([
      { file: join('flywheel', '2024-Q1', 'training_candidates.jsonl'), rows: 3, raw: 2, analytics: 2, action: 'remove with --apply' },
      { file: join('human', '2024-W02', 'sample.csv'), rows: 2, raw: 1, analytics: 1, action: 'remove with --apply' },
    ]);
    expect(
      read()
        .sections[0]!.findings.filter((f) => f.metric === 'workbench_rows_past_analytics_retention')
        .map((f) => [f.severity, f.value]),
    ).toEqual([
      ['warning', 2],
      ['warning', 1],
    ]);
    expect(mangalabWithEnv(env, ...args, '--apply', '--ticket', 'PRIV-2').code).toBe(0);
    expect(jsonl(candidates).map((r) => r.trace_id)).toEqual(['new-1']);
    expect(readFileSync(sample, 'utf8')).toBe(
      'sample_id,trace_id,stratum,intent,user_message,response_text\nHS-2026-W46-001,new-2,faq,faq,hello,hi\n',
    );
    const audit = readFileSync(join(dir, 'audit', 'retention.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { action: string; ticket: string; details: { files: { rows: number }[] } });
    expect(audit.at(-1)).toMatchObject({ action: 'retention-purge', ticket: 'PRIV-2', details: { files: [{ rows: 2 }, { rows: 1 }] } });
    expect(mangalab(...args).code).toBe(0);
    expect(table().map((r) => r.analytics)).toEqual([0, 0]);
  });

  it('refuses an empty customer id and an impossible --as-of day with exit 2, writing nothing', () => {
    const r = mangalab('privacy', 'delete-plan', '--customer', ' ', '--source', fixtures.duckdb, '--out', dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--customer: is empty/);
    const d = mangalab('privacy', 'retention', '--source', fixtures.duckdb, '--out', join(dir, 'none'), '--as-of', '2027-02-30');
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/--as-of: day "2027-02-30" is not a date written YYYY-MM-DD/);
    expect(existsSync(join(dir, 'none'))).toBe(false);
  });
});
