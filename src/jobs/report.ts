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
  /** Who and what it touches, where the section can count it: turns, sessions or rated responses (users), dollars. */
  impact?: { users?: number; usd?: number };
  /** What to do about it: a plain sentence, the command that carries it out, and who it concerns. */
  action?: FindingAction;
  /** Findings of one cause share a topic (intent drift and the retraining it calls for): the deck shows the topic once. */
  topic?: string;
}

export interface FindingAction {
  text: string;
  command?: string;
  owner: string;
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
  /** The weekly review's summary (the deck's main slides): present on the weekly job's report. */
  brief?: Brief;
}

/** A KPI tile: this week's value, last week's, whether the change is good news, and the weekly history. */
export interface KpiTile {
  key: string;
  label: string;
  format: CellFormat;
  value: number | null;
  previous: number | null;
  /** Relative change against last week; null when it cannot be stated (then `note` says why). */
  change: number | null;
  verdict: 'good' | 'bad' | 'flat' | 'unknown';
  history: { week: string; value: number | null }[];
  note?: string;
}

/** A finding as the brief lists it: where it lives (its section, and so its appendix slide). */
export interface BriefFinding {
  id: string;
  key: string;
  severity: Severity;
  message: string;
  section: string;
  sectionTitle: string;
  impact?: Finding['impact'];
  action?: FindingAction;
  /** Other findings of the same cause, folded into this one. */
  related?: number;
  topic?: string;
}

/** One review area (5 to 11 of the deck): its chart and at most three takeaways, or one line when steady. */
export interface BriefArea {
  id: string;
  title: string;
  severity: Severity;
  takeaways: string[];
  chart?: { section: string; id: string };
  /** The sections the area covers. */
  sections: string[];
}

export interface Brief {
  headline: string;
  kpis: KpiTile[];
  changes: {
    /** The week compared with, how its findings were had, and what went wrong reading them (one sentence). */
    previous: string;
    origin: 'report' | 'recomputed' | 'none';
    note?: string;
    new: BriefFinding[];
    resolved: BriefFinding[];
    open: (BriefFinding & { weeks: number; atLeast: boolean; worse: boolean })[];
    streaks: Record<string, { weeks: number; atLeast: boolean }>;
  };
  top: BriefFinding[];
  areas: BriefArea[];
  steady: { id: string; title: string; line: string }[];
  actions: (FindingAction & { finding: string; severity: Severity })[];
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
