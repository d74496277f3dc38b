import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isoWeek, type Period } from '../../analysis/isoWeek';
import { AuditLog } from '../../pipeline/audit';
import { readCsvRecords, toCsvText } from '../../pipeline/csv';
import type { ErrorsConfig } from '../../pipeline/errors-config';
import { InputError } from '../../pipeline/errors';
import { writeFileAtomically } from '../../pipeline/output';
import { readPrivacyCustomerRows, readPrivacyCustomerTraces, readPrivacyRetention } from '../../pipeline/rows/privacy';
import type { Source } from '../../pipeline/source';
import { formatCell } from '../render/format';
import { sampleIdWeek } from '../human-eval/readout';
import type { Finding, Report, ReportTable } from '../report';

const DAY = 86_400_000;

export interface RetentionOptions {
  /** The workbench's reports folder, whose own files (flywheel candidates, human-evaluation exports) are checked too. */
  reportsDir?: string;
  /** Remove the workbench rows past the analytics retention (atomically, recorded in the audit trail). */
  apply?: boolean;
  ticket?: string;
  audit?: AuditLog;
  now?: () => Date;
}

/**
 * The retention report (US-10.3): per warehouse table, rows past the raw-data retention (90 days by default) and past
 * the analytics retention (2 years), as of a day; and per workbench file, its rows by the same two ages. Workbench files
 * hold only redacted text, so the analytics retention is theirs: with `apply`, rows older than it are removed.
 */
export async function retentionReport(source: Source, asOf: Date, config: ErrorsConfig, options: RetentionOptions = {}): Promise<Report> {
  const now = options.now ?? (() => new Date());
  const raw = new Date(asOf.getTime() - config.retention.rawDays * DAY);
  const analytics = new Date(asOf.getTime() - config.retention.analyticsDays * DAY);
  const rows = (await readPrivacyRetention(source, { raw_cutoff: raw, analytics_cutoff: analytics })).map((r) => ({
    ...r,
    tableName: r.tableName ?? '(unnamed table)',
  }));
  const findings: Finding[] = [];
  for (const r of rows) {
    const pastRaw = r.pastRaw ?? 0;
    if (pastRaw > 0) {
      findings.push({
        id: `retention.${r.tableName}`,
        severity: 'warning',
        metric: 'rows_past_raw_retention',
        segment: r.tableName,
        value: pastRaw,
        threshold: config.retention.rawDays,
        message: `${r.tableName}: ${pastRaw.toLocaleString('en-US')} rows are older than ${config.retention.rawDays} days (before ${raw.toISOString().slice(0, 10)}): purge their raw text or anonymize them.`,
      });
    }
  }
  const workbench = options.reportsDir ? workbenchRetention(options.reportsDir, raw, analytics, options) : [];
  for (const w of workbench.filter((x) => x.pastAnalytics > 0)) {
    findings.push({
      id: `retention.workbench.${w.file}`,
      severity: options.apply ? 'info' : 'warning',
      metric: 'workbench_rows_past_analytics_retention',
      segment: w.file,
      value: w.pastAnalytics,
      threshold: config.retention.analyticsDays,
      message: `${w.file}: ${w.pastAnalytics.toLocaleString('en-US')} rows are older than ${config.retention.analyticsDays} days${options.apply ? ': removed' : ': remove them with --apply'}.`,
    });
  }
  if (findings.length === 0)
    findings.push({
      id: 'retention.ok',
      severity: 'info',
      metric: 'rows_past_raw_retention',
      value: 0,
      message: `No warehouse row is older than ${config.retention.rawDays} days${options.reportsDir ? `, and no workbench row older than ${config.retention.analyticsDays} days,` : ''} as of ${asOf.toISOString().slice(0, 10)}.`,
    });
  const day = asOf.toISOString().slice(0, 10);
  const period: Period = { label: day, from: new Date(asOf.getTime() - DAY), to: asOf };
  return {
    job: 'retention',
    source: source.description,
    period: { label: period.label, from: period.from.toISOString(), to: period.to.toISOString() },
    generatedAt: now().toISOString(),
    sections: [
      {
        id: 'retention',
        title: 'Data retention',
        findings,
        charts: [],
        tables: [
          {
            id: 'retention.tables',
            title: `Rows past retention as of ${day}`,
            columns: [
              { key: 'table', label: 'Table' },
              { key: 'rows', label: 'Rows', format: 'integer' },
              { key: 'raw', label: `Older than ${config.retention.rawDays} days`, format: 'integer' },
              { key: 'analytics', label: `Older than ${config.retention.analyticsDays} days`, format: 'integer' },
              { key: 'oldest', label: 'Oldest' },
            ],
            rows: rows.map((r) => ({
              table: r.tableName,
              rows: r.totalRows ?? 0,
              raw: r.pastRaw ?? 0,
              analytics: r.pastAnalytics ?? 0,
              oldest: r.oldest ? r.oldest.toISOString().slice(0, 16).replace('T', ' ') : 'empty',
            })),
            notes: [
              `Raw conversation data is kept ${config.retention.rawDays} days; anonymized analytics ${config.retention.analyticsDays} days (US-10.3).`,
            ],
          },
          ...(options.reportsDir
            ? [
                {
                  id: 'retention.workbench',
                  title: "The workbench's own files",
                  columns: [
                    { key: 'file', label: 'File' },
                    { key: 'rows', label: 'Rows', format: 'integer' as const },
                    { key: 'raw', label: `Older than ${config.retention.rawDays} days`, format: 'integer' as const },
                    { key: 'analytics', label: `Older than ${config.retention.analyticsDays} days`, format: 'integer' as const },
                    { key: 'action', label: 'Action' },
                  ],
                  rows: workbench.map((w) => ({
                    file: w.file,
                    rows: w.rows,
                    raw: w.pastRaw,
                    analytics: w.pastAnalytics,
                    action: w.pastAnalytics === 0 ? 'none' : options.apply ? 'removed' : 'remove with --apply',
                  })),
                  notes: [
                    workbench.length === 0
                      ? 'No flywheel candidate or human-evaluation file in the reports folder.'
                      : "These files hold redacted text only (anonymized), so the analytics retention applies. A row's age: its turn's time (candidates) or its sample week (human evaluation).",
                  ],
                },
              ]
            : []),
        ],
      },
    ],
  };
}

/** A workbench file that holds rows keyed by trace id (flywheel candidates, human-evaluation exports). */
interface StoreFile {
  path: string;
  kind: 'jsonl' | 'csv';
}

function workbenchFiles(reportsDir: string): StoreFile[] {
  const out: StoreFile[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir)) {
      const p = join(dir, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (/_candidates\.jsonl$/.test(e)) out.push({ path: p, kind: 'jsonl' });
      else if (e === 'sample.csv' || e === 'annotations.csv') out.push({ path: p, kind: 'csv' });
    }
  };
  walk(join(reportsDir, 'flywheel'));
  walk(join(reportsDir, 'human'));
  return out;
}

/** A workbench file's rows (raw text kept, for a faithful rewrite), each with its trace id and the instant it dates from. */
function workbenchRows(file: StoreFile): {
  header: string[] | null;
  rows: { text: string; values: Record<string, string>; traceId: string; dated: Date | null }[];
} {
  if (file.kind === 'jsonl') {
    const lines = readFileSync(file.path, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
    return {
      header: null,
      rows: lines.map((text) => {
        const row = JSON.parse(text) as { trace_id?: string; ts?: string };
        const dated = row.ts ? new Date(row.ts) : null;
        return { text, values: {}, traceId: row.trace_id ?? '', dated: dated && !Number.isNaN(dated.getTime()) ? dated : null };
      }),
    };
  }
  const header = readFileSync(file.path, 'utf8')
    .split('\n')[0]!
    .replace(/^\uFEFF/, '')
    .trim()
    .split(',');
  return {
    header,
    rows: readCsvRecords(file.path, ['sample_id', 'trace_id']).map((r) => {
      const week = sampleIdWeek(r.values.sample_id!);
      return { text: '', values: r.values, traceId: r.values.trace_id ?? '', dated: week ? isoWeek(week).from : null };
    }),
  };
}

/** A workbench file rewritten without the rows `drop` selects, and how many it dropped (rows already read may be given). */
function withoutRows(
  file: StoreFile,
  drop: (row: { traceId: string; dated: Date | null }) => boolean,
  read = workbenchRows(file),
): { content: string; removed: number } {
  const keep = read.rows.filter((r) => !drop(r));
  const content = read.header
    ? toCsvText(
        read.header,
        keep.map((r) => r.values),
      )
    : keep.map((r) => `${r.text}\n`).join('');
  return { content, removed: read.rows.length - keep.length };
}

/** Rewrites workbench files without the rows dropped from them (each atomically) and records it in the audit trail. */
function purgeWorkbench(
  files: { path: string; file: string; content: string; removed: number }[],
  action: string,
  why: (rows: number, files: number) => string,
  details: Record<string, unknown>,
  options: { ticket?: string; audit?: AuditLog },
): void {
  // The rewrite and its record are one step under the audit log's lock: either both happen or neither.
  const before = files.map((x) => ({ path: x.path, content: readFileSync(x.path) }));
  (options.audit ?? new AuditLog()).commit(action, () => ({
    record: {
      component: 'privacy:workbench',
      action,
      old: null,
      new: null,
      ticket: options.ticket ?? null,
      evalRunId: null,
      evalPassed: null,
      outcome: 'completed',
      why: why(
        files.reduce((s, x) => s + x.removed, 0),
        files.length,
      ),
      details: { files: files.map((x) => ({ file: x.file, rows: x.removed })), ...details },
    },
    apply: () => {
      for (const x of files) writeFileAtomically(x.path, x.content);
    },
    undo: () => {
      for (const x of before) writeFileAtomically(x.path, x.content);
    },
  }));
}

function workbenchRetention(reportsDir: string, raw: Date, analytics: Date, options: RetentionOptions) {
  const older = (cut: Date) => (r: { dated: Date | null }) => r.dated !== null && r.dated.getTime() < cut.getTime();
  const out = workbenchFiles(reportsDir).map((f) => {
    const read = workbenchRows(f);
    return {
      f,
      read,
      file: relative(reportsDir, f.path),
      rows: read.rows.length,
      pastRaw: read.rows.filter(older(raw)).length,
      pastAnalytics: read.rows.filter(older(analytics)).length,
    };
  });
  const due = out.filter((x) => x.pastAnalytics > 0);
  if (options.apply && due.length > 0) {
    purgeWorkbench(
      due.map((x) => ({ path: x.f.path, file: x.file, ...withoutRows(x.f, older(analytics), x.read) })),
      'retention-purge',
      (rows, n) => `analytics retention: ${rows} rows older than ${analytics.toISOString().slice(0, 10)} removed from ${n} workbench files`,
      { cutoff: analytics.toISOString() },
      options,
    );
  }
  return out;
}

export interface DeletionPlan {
  customerId: string;
  requestedOn: string;
  dueBy: string;
  warehouse: { table: string; rule: string; rows: number; statement: string }[];
  workbench: { file: string; rows: number }[];
  traces: number;
  applied: boolean;
}

/**
 * A deletion plan for one customer id (US-10.3): what would be removed from each warehouse table (with the bound
 * DELETE statement for the warehouse owner to run) and from the workbench's own files (flywheel candidates,
 * human-evaluation exports and imported annotations, found by the customer's trace ids). With `apply`, the workbench files are rewritten
 * without those rows (each atomically) and the action is written to the audit trail; the warehouse is never changed.
 * @throws InputError for an empty customer id.
 */
export async function deletionPlan(
  source: Source,
  customerId: string,
  options: { reportsDir: string; config: ErrorsConfig; apply?: boolean; ticket?: string; now?: () => Date; audit?: AuditLog },
): Promise<DeletionPlan> {
  if (customerId.trim() === '') throw new InputError('--customer', 'is empty: give the customer id of the deletion request');
  const now = (options.now ?? (() => new Date()))();
  const counts = await readPrivacyCustomerRows(source, { customer_id: customerId });
  const traces = new Set((await readPrivacyCustomerTraces(source, { customer_id: customerId })).map((r) => r.traceId));
  const stmt = (table: string, rule: string) =>
    rule.startsWith('customer_id')
      ? `DELETE FROM ${table} WHERE customer_id = :customer_id`
      : rule.startsWith('session_id')
        ? `DELETE FROM ${table} WHERE session_id IN (SELECT session_id FROM sessions WHERE customer_id = :customer_id)`
        : `DELETE FROM ${table} WHERE trace_id IN (SELECT trace_id FROM requests WHERE customer_id = :customer_id)`;
  const files = workbenchFiles(options.reportsDir)
    .map((f) => ({ path: f.path, file: relative(options.reportsDir, f.path), ...withoutRows(f, (r) => traces.has(r.traceId)) }))
    .filter((x) => x.removed > 0);
  if (options.apply) {
    purgeWorkbench(
      files,
      'customer-deletion',
      (rows, n) => `deletion request for a customer: ${rows} rows removed from ${n} workbench files`,
      { customer_sha256: createHash('sha256').update(customerId).digest('hex') },
      options,
    );
  }
  return {
    customerId,
    requestedOn: now.toISOString().slice(0, 10),
    dueBy: new Date(now.getTime() + options.config.retention.deletionDays * DAY).toISOString().slice(0, 10),
    // Children first: the order a purge runs in (the query's order).
    warehouse: counts.map((c) => ({
      table: c.tableName ?? '(unnamed table)',
      rule: c.matchRule ?? '',
      rows: c.rowCount ?? 0,
      statement: stmt(c.tableName ?? '(unnamed table)', c.matchRule ?? ''),
    })),
    workbench: files.map((x) => ({ file: x.file, rows: x.removed })),
    traces: traces.size,
    applied: Boolean(options.apply),
  };
}

/** The plan as a table for the terminal and the report. */
export function deletionTable(plan: DeletionPlan): ReportTable {
  return {
    id: 'deletion.plan',
    title: `Deletion plan, due by ${plan.dueBy}`,
    columns: [
      { key: 'where', label: 'Where' },
      { key: 'rows', label: 'Rows', format: 'integer' },
      { key: 'how', label: 'How' },
    ],
    rows: [
      ...plan.warehouse.map((w) => ({ where: `warehouse ${w.table}`, rows: w.rows, how: w.statement })),
      ...plan.workbench.map((w) => ({
        where: `workbench ${w.file}`,
        rows: w.rows,
        how: plan.applied ? 'removed' : 'removed with --apply',
      })),
    ],
    notes: [
      `${formatCell(plan.traces, 'integer')} turns belong to the customer. Run the warehouse statements with the customer id bound as :customer_id.`,
    ],
  };
}
