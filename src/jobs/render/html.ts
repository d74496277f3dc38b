import type { Report, Severity } from '../report';
import { renderSvg } from './charts';
import { escapeHtml } from './escape';
import { tableText } from './table';

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:20px 32px}header h1{margin:0 0 4px;font-size:22px}
header p{margin:0;color:#c8ccd6;font-size:13px}main{padding:16px 32px;max-width:1100px}
section{background:#fff;border:1px solid #e2e5ea;border-radius:8px;margin:16px 0;padding:16px 24px}
h2{margin-top:0}ul.findings{list-style:none;padding:0}ul.findings li{padding:6px 10px;margin:4px 0;border-left:4px solid #9aa3b2;background:#fafbfc}
li.critical{border-color:#c62828!important;background:#fdecea!important}li.warning{border-color:#e0a100!important;background:#fff8e1!important}
.badge{font-size:11px;font-weight:700;text-transform:uppercase;margin-right:8px}
table{border-collapse:collapse;margin:8px 0;font-size:14px}th,td{border-bottom:1px solid #e2e5ea;padding:6px 12px;text-align:right}
th:first-child,td:first-child{text-align:left}th{background:#f0f2f5}.note{color:#5b6475;font-size:13px}
figure{margin:12px 0}figcaption{font-weight:600;margin-bottom:4px}
@media print{body{background:#fff}section{break-inside:avoid;border:none}}`;

/** One self-contained HTML file: inline CSS, charts as inline SVG, no script, every string from the data escaped. */
export async function renderHtml(report: Report): Promise<string> {
  const parts: string[] = [];
  parts.push('<!doctype html><html lang="en"><head><meta charset="utf-8">');
  parts.push(`<meta name="viewport" content="width=device-width, initial-scale=1">`);
  parts.push(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
  parts.push(`<title>${escapeHtml(`mangalab ${report.job} ${report.period.label}`)}</title><style>${STYLE}</style></head><body>`);
  parts.push(`<header><h1>${escapeHtml(`mangalab · ${report.job} report · ${report.period.label}`)}</h1>`);
  parts.push(
    `<p>${escapeHtml(`Source ${report.source} · ${report.period.from} to ${report.period.to} · generated ${report.generatedAt}`)}</p></header><main>`,
  );
  const order: Severity[] = ['critical', 'warning', 'info'];
  for (const section of report.sections) {
    parts.push(`<section id="${escapeHtml(section.id)}"><h2>${escapeHtml(section.title)}</h2>`);
    const findings = [...section.findings].sort((a, b) => order.indexOf(a.severity) - order.indexOf(b.severity));
    if (findings.length > 0) {
      parts.push('<ul class="findings">');
      for (const f of findings) {
        parts.push(`<li class="${f.severity}"><span class="badge">${f.severity}</span>${escapeHtml(f.message)}</li>`);
      }
      parts.push('</ul>');
    }
    for (const table of section.tables) {
      parts.push(`<h3>${escapeHtml(table.title)}</h3><table><thead><tr>`);
      for (const c of table.columns) parts.push(`<th>${escapeHtml(c.label)}</th>`);
      parts.push('</tr></thead><tbody>');
      for (const cells of tableText(table)) parts.push(`<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`);
      parts.push('</tbody></table>');
      for (const note of table.notes ?? []) parts.push(`<p class="note">${escapeHtml(note)}</p>`);
    }
    for (const chart of section.charts) {
      const svg = await renderSvg(chart.vegaLite);
      parts.push(`<figure id="${escapeHtml(chart.id)}" class="chart"><figcaption>${escapeHtml(chart.title)}</figcaption>${svg}</figure>`);
    }
    parts.push('</section>');
  }
  parts.push('</main></body></html>\n');
  return parts.join('');
}
