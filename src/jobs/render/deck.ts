import { createHash } from 'node:crypto';
import type { Finding, Report, Severity } from '../report';
import { renderSvg } from './charts';
import { escapeHtml } from './escape';
import { tableText } from './table';

const ORDER: Severity[] = ['critical', 'warning', 'info'];
const ROWS_PER_SLIDE = 12;
const FINDINGS_PER_SLIDE = 7;

const STYLE = `
html,body{margin:0;height:100%;background:#11151c;font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2330}
.slide{display:none;box-sizing:border-box;width:100vw;height:100vh;padding:4vh 5vw;background:#fff;overflow:hidden;flex-direction:column}
.slide.active{display:flex}
.slide h1{font-size:4.2vh;margin:0 0 1vh}.slide h2{font-size:3.6vh;margin:0 0 2vh;color:#1d2330}
.slide .kicker{font-size:1.8vh;color:#5b6475;text-transform:uppercase;letter-spacing:.08em;margin-bottom:.5vh}
.title{background:#1d2330;color:#fff;justify-content:center}.title h1{color:#fff;font-size:6vh}.title p{color:#c8ccd6;font-size:2.2vh}
ul.findings{list-style:none;padding:0;margin:0;font-size:2.3vh}ul.findings li{padding:1vh 1.2vw;margin:.8vh 0;border-left:6px solid #9aa3b2;background:#f6f7f9}
li.critical{border-color:#c62828!important;background:#fdecea!important}li.warning{border-color:#e0a100!important;background:#fff8e1!important}
.badge{font-size:1.5vh;font-weight:700;text-transform:uppercase;margin-right:1vw}.where{color:#5b6475;font-size:1.6vh;margin-left:1vw}
table{border-collapse:collapse;font-size:1.9vh}th,td{border-bottom:1px solid #e2e5ea;padding:.7vh 1vw;text-align:right}
th:first-child,td:first-child{text-align:left}th{background:#f0f2f5}.note{color:#5b6475;font-size:1.6vh}
figure{margin:0;flex:1;display:flex;align-items:center;justify-content:center;min-height:0}figure svg{width:100%;height:100%}
footer{margin-top:auto;font-size:1.5vh;color:#8a93a3;display:flex;justify-content:space-between}
@media print{@page{size:landscape;margin:0}html,body{background:#fff}.slide{display:flex!important;width:100%;height:100vh;break-after:page;page-break-after:always}}`;

// Keyboard navigation: arrows, Page Up/Down, space, Home and End; the slide number lives in the URL hash.
const SCRIPT = `(function(){var s=document.querySelectorAll('.slide'),i=0;function show(n){i=Math.max(0,Math.min(s.length-1,n));
for(var k=0;k<s.length;k++)s[k].classList.toggle('active',k===i);if(location.hash!=='#'+(i+1))history.replaceState(null,'','#'+(i+1));}
document.addEventListener('keydown',function(e){var k=e.key;if(k==='ArrowRight'||k==='PageDown'||k===' '){show(i+1);e.preventDefault();}
else if(k==='ArrowLeft'||k==='PageUp'){show(i-1);e.preventDefault();}else if(k==='Home'){show(0);}else if(k==='End'){show(s.length-1);}});
var h=parseInt(location.hash.slice(1),10);show(isNaN(h)?0:h-1);})();`;

interface Slide {
  kicker: string;
  title: string;
  body: string;
  cls?: string;
}

function findingList(items: { f: Finding; where?: string }[]): string {
  return `<ul class="findings">${items.map(({ f, where }) => `<li class="${f.severity}"><span class="badge">${f.severity}</span>${escapeHtml(f.message)}${where ? `<span class="where">${escapeHtml(where)}</span>` : ''}</li>`).join('')}</ul>`;
}

const chunks = <T>(xs: T[], n: number): T[][] =>
  xs.length === 0 ? [] : Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n));

/**
 * The report as one self-contained HTML slide deck: a title slide, the top findings of every section (critical
 * first), then each section's findings, tables (a slide per 12 rows) and charts (a slide each, inline SVG with the
 * chart's title and axis titles). Arrow keys, Page Up/Down, space, Home and End move between slides; printing (or
 * Chromium's PDF) puts one slide on each landscape page. The only script is the navigation, allowed by its hash in
 * the Content-Security-Policy; every string from the data is escaped.
 */
export async function renderDeck(report: Report): Promise<string> {
  const slides: Slide[] = [
    {
      kicker: `mangalab · ${report.job}`,
      title: `${report.job} report · ${report.period.label}`,
      cls: 'title',
      body: `<p>${escapeHtml(`${report.period.from.slice(0, 10)} to ${report.period.to.slice(0, 10)} · ${report.source}`)}</p><p>${escapeHtml(`generated ${report.generatedAt} · ← → to move`)}</p>`,
    },
  ];
  const top = report.sections
    .flatMap((s) => s.findings.filter((f) => f.severity !== 'info').map((f) => ({ f, where: s.title })))
    .sort((a, b) => ORDER.indexOf(a.f.severity) - ORDER.indexOf(b.f.severity));
  const topChunks = chunks(top, FINDINGS_PER_SLIDE);
  if (topChunks.length === 0)
    slides.push({ kicker: 'Summary', title: 'Top findings', body: '<p>No critical or warning finding in any section.</p>' });
  topChunks.forEach((c, i) =>
    slides.push({
      kicker: 'Summary',
      title: `Top findings${topChunks.length > 1 ? ` (${i + 1}/${topChunks.length})` : ''}`,
      body: findingList(c),
    }),
  );
  for (const section of report.sections) {
    const findings = [...section.findings].sort((a, b) => ORDER.indexOf(a.severity) - ORDER.indexOf(b.severity));
    chunks(findings, FINDINGS_PER_SLIDE).forEach((c, i, all) =>
      slides.push({
        kicker: section.title,
        title: `${section.title}${all.length > 1 ? ` (${i + 1}/${all.length})` : ''}`,
        body: findingList(c.map((f) => ({ f }))),
      }),
    );
    for (const table of section.tables) {
      const rows = tableText(table);
      chunks(rows.length > 0 ? rows : [[]], ROWS_PER_SLIDE).forEach((part, i, all) => {
        const head = `<table><thead><tr>${table.columns.map((c) => `<th>${escapeHtml(c.label)}</th>`).join('')}</tr></thead>`;
        const body = `<tbody>${part
          .filter((r) => r.length > 0)
          .map((cells) => `<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
          .join('')}</tbody></table>`;
        const notes = i === all.length - 1 ? (table.notes ?? []).map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('') : '';
        slides.push({
          kicker: section.title,
          title: `${table.title}${all.length > 1 ? ` (${i + 1}/${all.length})` : ''}`,
          body: `${head}${body}${rows.length === 0 ? '<p class="note">No rows.</p>' : ''}${notes}`,
        });
      });
    }
    for (const chart of section.charts) {
      slides.push({
        kicker: section.title,
        title: chart.title,
        body: `<figure id="${escapeHtml(chart.id)}" class="chart">${await renderSvg(chart.vegaLite)}</figure>`,
      });
    }
  }
  const hash = createHash('sha256').update(SCRIPT).digest('base64');
  const html = [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${hash}'">`,
    `<title>${escapeHtml(`mangalab ${report.job} ${report.period.label}`)}</title><style>${STYLE}</style></head><body>`,
    ...slides.map(
      (s, i) =>
        `<section class="slide${s.cls ? ` ${s.cls}` : ''}${i === 0 ? ' active' : ''}" id="slide-${i + 1}"><div class="kicker">${escapeHtml(s.kicker)}</div>` +
        `<h${i === 0 ? 1 : 2}>${escapeHtml(s.title)}</h${i === 0 ? 1 : 2}>${s.body}<footer><span>${escapeHtml(`${report.job} · ${report.period.label}`)}</span><span>${i + 1} / ${slides.length}</span></footer></section>`,
    ),
    `<script>${SCRIPT}</script></body></html>\n`,
  ];
  return html.join('');
}
