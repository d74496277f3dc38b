import type { Report, ReportTable, Severity } from '../report';
import { escapeMarkdown } from './escape';
import { tableText } from './table';

const BADGE: Record<Severity, string> = { critical: '**CRITICAL**', warning: '**WARNING**', info: 'info' };

/** Markdown for pull-request comments and chat: findings first (worst first), then tables; charts are named. */
export function renderMarkdown(report: Report): string {
  const out: string[] = [];
  out.push(`# ${escapeMarkdown(report.job)} report, ${escapeMarkdown(report.period.label)}`);
  out.push('');
  out.push(
    `Source: \`${report.source.replace(/`/g, "'")}\` · period ${report.period.from} to ${report.period.to} · generated ${report.generatedAt}`,
  );
  for (const section of report.sections) {
    out.push('', `## ${escapeMarkdown(section.title)}`, '');
    const order: Severity[] = ['critical', 'warning', 'info'];
    const findings = [...section.findings].sort((a, b) => order.indexOf(a.severity) - order.indexOf(b.severity));
    for (const f of findings) out.push(`- ${BADGE[f.severity]} ${escapeMarkdown(f.message)}`);
    for (const table of section.tables) out.push('', ...markdownTable(table));
    if (section.charts.length > 0) {
      out.push('', `Charts in the HTML report: ${section.charts.map((c) => escapeMarkdown(c.title)).join(', ')}.`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** One table as Markdown lines: its title as a heading, the pipe table, then its notes in italics. */
export function markdownTable(table: ReportTable): string[] {
  const out = [`### ${escapeMarkdown(table.title)}`, ''];
  out.push(`| ${table.columns.map((c) => escapeMarkdown(c.label)).join(' | ')} |`);
  out.push(`| ${table.columns.map(() => '---').join(' | ')} |`);
  for (const cells of tableText(table)) out.push(`| ${cells.map(escapeMarkdown).join(' | ')} |`);
  for (const note of table.notes ?? []) out.push('', `_${escapeMarkdown(note)}_`);
  return out;
}
