import { createHash } from 'node:crypto';
import type { Report, Severity } from '../report';
import { renderSvg } from './charts';
import { escapeHtml } from './escape';
import { HTML_ROWS, shownNote, tableText } from './table';

const ORDER: Severity[] = ['critical', 'warning', 'info'];

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:20px 32px}header h1{margin:0 0 4px;font-size:22px}
header p{margin:0;color:#c8ccd6;font-size:13px}.layout{display:grid;grid-template-columns:240px minmax(0,1fr);gap:0 24px;padding:0 32px}
nav{position:sticky;top:0;align-self:start;padding:16px 0;font-size:14px;max-height:100vh;overflow:auto}nav ol{padding-left:18px;margin:0 0 16px}nav li{margin:4px 0}
nav a{color:#1d2330}.count{font-size:11px;font-weight:700;padding:0 5px;border-radius:8px;margin-left:4px}.count.critical{background:#fdecea;color:#c62828}.count.warning{background:#fff8e1;color:#8a5a00}
.filter label{display:block;margin:3px 0}main{min-width:0}
section{background:#fff;border:1px solid #e2e5ea;border-radius:8px;margin:16px 0;padding:16px 24px}
h2{margin-top:0}ul.findings{list-style:none;padding:0}ul.findings li{padding:6px 10px;margin:4px 0;border-left:4px solid #9aa3b2;background:#fafbfc}
li.critical{border-color:#c62828!important;background:#fdecea!important}li.warning{border-color:#e0a100!important;background:#fff8e1!important}
.badge{font-size:11px;font-weight:700;text-transform:uppercase;margin-right:8px}
.pair{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:24px;align-items:start}.pair.single{grid-template-columns:minmax(0,1fr)}
.tables{min-width:0;overflow-x:auto}.charts{position:sticky;top:8px}
table{border-collapse:collapse;margin:8px 0;font-size:14px}th,td{border-bottom:1px solid #e2e5ea;padding:6px 12px;text-align:right}
th:first-child,td:first-child{text-align:left}th{background:#f0f2f5;cursor:pointer;user-select:none}th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
.note{color:#5b6475;font-size:13px}figure{margin:12px 0}figcaption{font-weight:600;margin-bottom:4px}figure svg{max-width:100%;height:auto}
body.hide-critical li.critical,body.hide-warning li.warning,body.hide-info li.info{display:none}
@media print{body{background:#fff}nav{display:none}.layout{display:block}section{break-inside:avoid;border:none}}`;

// The report's own script: the severity filter and sortable tables (click a heading; numbers sort by their raw value).
const SCRIPT = `(function(){document.querySelectorAll('.filter input').forEach(function(c){c.addEventListener('change',function(){document.body.classList.toggle('hide-'+c.value,!c.checked);});});
document.querySelectorAll('table.sortable').forEach(function(t){var hs=t.querySelectorAll('th');hs.forEach(function(h,i){h.addEventListener('click',function(){var asc=h.getAttribute('aria-sort')!=='ascending';
hs.forEach(function(x){x.removeAttribute('aria-sort');});h.setAttribute('aria-sort',asc?'ascending':'descending');var b=t.tBodies[0],rows=Array.prototype.slice.call(b.rows);
function key(r){var c=r.cells[i],v=c.getAttribute('data-v');return v===null?c.textContent:parseFloat(v);}
rows.sort(function(a,z){var x=key(a),y=key(z),n=typeof x==='number'&&typeof y==='number';var d=n?x-y:String(x).localeCompare(String(y));return asc?d:-d;});rows.forEach(function(r){b.appendChild(r);});});});});})();`;

const cellValue = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? ` data-v="${v}"` : '');

/**
 * One self-contained HTML file: a table of contents with each section's critical and warning counts, findings
 * filterable by severity, sortable tables (the first HTML_ROWS rows of a longer one, with the total and where every
 * row is), and each section's charts beside its tables. Inline CSS and SVG, no network; the only script is the
 * report's own, allowed by its hash in the Content-Security-Policy; every string from the data is escaped.
 */
export async function renderHtml(report: Report): Promise<string> {
  const hash = createHash('sha256').update(SCRIPT).digest('base64');
  const parts: string[] = [];
  parts.push('<!doctype html><html lang="en"><head><meta charset="utf-8">');
  parts.push(`<meta name="viewport" content="width=device-width, initial-scale=1">`);
  parts.push(
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${hash}'">`,
  );
  parts.push(`<title>${escapeHtml(`mangalab ${report.job} ${report.period.label}`)}</title><style>${STYLE}</style></head><body>`);
  parts.push(`<header><h1>${escapeHtml(`mangalab · ${report.job} report · ${report.period.label}`)}</h1>`);
  parts.push(
    `<p>${escapeHtml(`Source ${report.source} · ${report.period.from} to ${report.period.to} · generated ${report.generatedAt}`)}</p></header><div class="layout"><nav aria-label="Contents"><strong>Contents</strong><ol>`,
  );
  for (const section of report.sections) {
    const counts = (['critical', 'warning'] as const)
      .map((sev) => [sev, section.findings.filter((f) => f.severity === sev).length] as const)
      .filter(([, n]) => n > 0)
      .map(([sev, n]) => `<span class="count ${sev}" title="${sev}">${n}</span>`)
      .join('');
    parts.push(`<li><a href="#${escapeHtml(section.id)}">${escapeHtml(section.title)}</a>${counts}</li>`);
  }
  parts.push('</ol><div class="filter"><strong>Show findings</strong>');
  for (const sev of ORDER) parts.push(`<label><input type="checkbox" value="${sev}" checked> ${sev}</label>`);
  parts.push('</div></nav><main>');
  for (const section of report.sections) {
    parts.push(`<section id="${escapeHtml(section.id)}"><h2>${escapeHtml(section.title)}</h2>`);
    const findings = [...section.findings].sort((a, b) => ORDER.indexOf(a.severity) - ORDER.indexOf(b.severity));
    if (findings.length > 0) {
      parts.push('<ul class="findings">');
      for (const f of findings)
        parts.push(`<li class="${f.severity}"><span class="badge">${f.severity}</span>${escapeHtml(f.message)}</li>`);
      parts.push('</ul>');
    }
    parts.push(`<div class="pair${section.charts.length === 0 || section.tables.length === 0 ? ' single' : ''}">`);
    if (section.tables.length > 0) {
      parts.push('<div class="tables">');
      for (const table of section.tables) {
        parts.push(`<h3 id="${escapeHtml(table.id)}">${escapeHtml(table.title)}</h3><table class="sortable"><thead><tr>`);
        for (const c of table.columns) parts.push(`<th scope="col">${escapeHtml(c.label)}</th>`);
        parts.push('</tr></thead><tbody>');
        const text = tableText(table);
        table.rows.slice(0, HTML_ROWS).forEach((row, r) => {
          parts.push(`<tr>${table.columns.map((c, i) => `<td${cellValue(row[c.key])}>${escapeHtml(text[r]![i]!)}</td>`).join('')}</tr>`);
        });
        parts.push('</tbody></table>');
        const shown = shownNote(table, HTML_ROWS);
        for (const note of [...(shown ? [shown] : []), ...(table.notes ?? [])]) parts.push(`<p class="note">${escapeHtml(note)}</p>`);
      }
      parts.push('</div>');
    }
    if (section.charts.length > 0) {
      parts.push('<div class="charts">');
      for (const chart of section.charts) {
        const svg = await renderSvg(chart.vegaLite);
        parts.push(`<figure id="${escapeHtml(chart.id)}" class="chart"><figcaption>${escapeHtml(chart.title)}</figcaption>${svg}</figure>`);
      }
      parts.push('</div>');
    }
    parts.push('</div></section>');
  }
  parts.push(`</main></div><script>${SCRIPT}</script></body></html>\n`);
  return parts.join('');
}
