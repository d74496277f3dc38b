import type { Period } from '../analysis/isoWeek';

/** How loud a finding is; --fail-on compares against this order. */
export type Severity = 'critical' | 'warning' | 'info';
export const SEVERITY_ORDER: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

/** One thing a section found. `value` is null exactly when it could not be computed; `message` then says why. */
export interface Finding {
  id: string;
  severity: Severity;
  metric: string;
  segment?: string;
  value: number | null;
  threshold?: number;
  baseline?: number | null;
  message: string;
  traceIds?: string[];
}

/** How a table cell is shown: the JSON keeps the raw number, writers format it. */
export type CellFormat = 'integer' | 'number' | 'percent' | 'ms' | 'usd' | 'text' | 'change' | 'pvalue' | 'probability';

export interface TableColumn {
  key: string;
  label: string;
  format?: CellFormat;
}

export type Cell = string | number | boolean | null;

export interface ReportTable {
  id: string;
  title: string;
  columns: TableColumn[];
  rows: Record<string, Cell>[];
  /** Shown under the table: how to read it, what could not be computed. */
  notes?: string[];
}

/** A chart as data: a vega-lite spec with its data inlined; writers render it (SVG in HTML, PNG on request). */
export interface ChartSpec {
  id: string;
  title: string;
  vegaLite: Record<string, unknown>;
}

export interface Section {
  id: string;
  title: string;
  findings: Finding[];
  tables: ReportTable[];
  charts: ChartSpec[];
}

export interface Report {
  job: string;
  source: string;
  period: { label: string; from: string; to: string };
  generatedAt: string;
  sections: Section[];
}

export function periodJson(p: Period): Report['period'] {
  return { label: p.label, from: p.from.toISOString(), to: p.to.toISOString() };
}

/** The highest severity among a report's findings, or undefined when there are none. */
export function worstSeverity(report: Report): Severity | undefined {
  let worst: Severity | undefined;
  for (const section of report.sections) {
    for (const finding of section.findings) {
      if (!worst || SEVERITY_ORDER[finding.severity] > SEVERITY_ORDER[worst]) worst = finding.severity;
    }
  }
  return worst;
}
