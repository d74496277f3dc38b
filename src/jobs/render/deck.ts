import { createHash } from 'node:crypto';
import type { Report, Severity } from '../report';
import { appendixSlides } from './deck-appendix';
import { appendixAnchor, mainSlides, type Slide } from './deck-main';
import { escapeHtml } from './escape';

const ORDER: Severity[] = ['critical', 'warning', 'info'];

// Slides are laid out on a 1280x720 canvas and scaled to the window, so what fits on screen fits in the PDF.
const STYLE = `
html,body{margin:0;background:#11151c;font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2330;overflow:hidden}
.slide{display:none;box-sizing:border-box;width:1280px;height:720px;padding:36px 56px 20px;background:#fff;overflow:hidden;flex-direction:column;position:absolute;left:0;top:0;transform-origin:0 0;transform:translate(var(--x,0px),var(--y,0px)) scale(var(--s,1))}
.slide.active{display:flex}
.kicker{font-size:14px;color:#5b6475;text-transform:uppercase;letter-spacing:.08em;margin-bottom:4px}
.slide h1{font-size:40px;margin:0 0 12px}.slide h2{font-size:30px;margin:0 0 14px}.slide h3{font-size:1em;margin:0 0 8px}
.content{flex:1;min-height:0;overflow:hidden;font-size:18px;display:flex;flex-direction:column}
.title,.divider{background:#1d2330;color:#fff}.title .content,.divider .content{justify-content:center}.title h1,.title .kicker,.divider h2,.divider .kicker{color:#fff}
.title .headline{font-size:1.65em;line-height:1.3;margin:0 0 24px;color:#fff}.title p{color:#c8ccd6;margin:6px 0}.title .src{font-size:.78em}
.divider a{color:#9ecbff}.index{columns:2;line-height:1.8}
ul{margin:0;padding-left:0;list-style:none}li{margin:0 0 8px}
ul.findings li,ul.top li,ul.changes li{padding:8px 12px;border-left:6px solid #9aa3b2;background:#f6f7f9}
li.critical,tr.critical td:first-child{border-left:6px solid #c62828!important;background:#fdecea!important}li.warning,tr.warning td:first-child{border-left:6px solid #e0a100!important;background:#fff8e1!important}
.badge{font-size:.67em;font-weight:700;text-transform:uppercase;margin-right:10px}.where,.meta,.weeks{color:#5b6475;font-size:.8em}
ul.top li{margin-bottom:10px}.meta{margin-top:4px}
table{border-collapse:collapse;font-size:.83em}th,td{border-bottom:1px solid #e2e5ea;padding:5px 10px;text-align:right;vertical-align:top}
th:first-child,td:first-child{text-align:left}th{background:#f0f2f5}.note{color:#5b6475;font-size:.78em;margin:8px 0 0}
.warn-line{color:#8a5a00;background:#fff8e1;padding:6px 10px;font-size:.78em;margin:8px 0 0}
.tiles{display:grid;grid-template-columns:repeat(3,1fr);gap:12px}
.tile{border:1px solid #e2e5ea;border-top:6px solid #9aa3b2;padding:8px 14px;display:grid;grid-template-columns:1fr auto;grid-template-areas:"label spark" "value spark" "change weeks"}
.tile .label{grid-area:label;font-size:.83em;color:#5b6475}.tile .value{grid-area:value;font-size:1.65em;font-weight:700}
.tile .change{grid-area:change;font-size:.78em;font-weight:600}.tile svg{grid-area:spark;align-self:center}.tile .weeks{grid-area:weeks;text-align:right}
.tile.good{border-top-color:#2e7d32}.tile.good .change{color:#2e7d32}.tile.bad{border-top-color:#c62828}.tile.bad .change{color:#c62828}.tile.flat .change,.tile.unknown .change{color:#5b6475}
svg.spark polyline{fill:none;stroke:#3b4a6b;stroke-width:2}svg.spark circle{fill:#3b4a6b}
.cols3{display:grid;grid-template-columns:repeat(3,1fr);gap:18px;font-size:.83em}.none{color:#5b6475}
.split{display:grid;grid-template-columns:3fr 2fr;gap:24px;flex:1;min-height:0}.takeaways ul li{font-size:1.1em;line-height:1.35;margin-bottom:14px;padding-left:14px;border-left:4px solid #3b4a6b}
.area.critical h2{color:#c62828}.steady li{font-size:1.1em;margin-bottom:14px}
table.actions{font-size:.83em;width:100%}table.actions td,table.actions th{text-align:left}code{font-size:.87em;background:#f0f2f5;padding:1px 4px;overflow-wrap:anywhere}
figure{margin:0;flex:1;display:flex;align-items:center;justify-content:center;min-height:0;min-width:0}figure svg{width:100%;height:100%}
.tablewrap{min-height:0}
footer{margin-top:8px;font-size:12px;color:#8a93a3;display:flex;justify-content:space-between}.title footer,.divider footer{color:#8a93a3}
@media print{@page{size:1280px 720px;margin:0}html,body{background:#fff;overflow:visible}.slide{display:flex!important;position:relative;transform:none;break-after:page;page-break-after:always}}`;

// Navigation (arrows, Page Up/Down, space, Home, End; #N or an anchor in the URL), scaling the 1280x720 canvas to the
// window, and fitting: a slide whose content overflows has its text shrunk a pixel at a time (from 18 px to 10 px at the least).
const SCRIPT = `(function(){var s=document.querySelectorAll('.slide'),i=0;
function fit(){for(var k=0;k<s.length;k++){var c=s[k].querySelector('.content');if(!c)continue;s[k].style.display='flex';var f=18;
while(f>10&&(c.scrollHeight>c.clientHeight+1||c.scrollWidth>c.clientWidth+1)){f-=1;c.style.fontSize=f+'px';}s[k].style.display='';}}
function scale(){var z=Math.min(innerWidth/1280,innerHeight/720),r=document.documentElement.style;r.setProperty('--s',z);r.setProperty('--x',((innerWidth-1280*z)/2)+'px');r.setProperty('--y',((innerHeight-720*z)/2)+'px');}
function show(n){i=Math.max(0,Math.min(s.length-1,n));for(var k=0;k<s.length;k++)s[k].classList.toggle('active',k===i);if(location.hash!=='#'+(i+1))history.replaceState(null,'','#'+(i+1));}
function go(){var h=decodeURIComponent(location.hash.slice(1)),n=parseInt(h,10);if(String(n)===h){show(n-1);return;}var t=h&&document.getElementById(h);if(t&&t.closest('.slide'))show(Array.prototype.indexOf.call(s,t.closest('.slide')));else show(i);}
document.addEventListener('keydown',function(e){var k=e.key;if(k==='ArrowRight'||k==='PageDown'||k===' '){show(i+1);e.preventDefault();}
else if(k==='ArrowLeft'||k==='PageUp'){show(i-1);e.preventDefault();}else if(k==='Home'){show(0);}else if(k==='End'){show(s.length-1);}});
addEventListener('hashchange',go);addEventListener('resize',scale);fit();scale();go();})();`;

/** A deck's main slides for a report without a brief (jobs other than weekly): title and its top findings. */
function plainMain(report: Report): Slide[] {
  const top = report.sections
    .flatMap((s) => s.findings.filter((f) => f.severity !== 'info').map((f) => ({ f, s })))
    .sort((a, b) => ORDER.indexOf(a.f.severity) - ORDER.indexOf(b.f.severity))
    .slice(0, 6);
  return [
    {
      kicker: `mangalab · ${report.job}`,
      title: `${report.job} report · ${report.period.label}`,
      cls: 'title',
      body: `<p>${escapeHtml(`${report.period.from.slice(0, 10)} to ${report.period.to.slice(0, 10)} · ${report.source}`)}</p><p class="src">${escapeHtml(`generated ${report.generatedAt} · ← → to move`)}</p>`,
    },
    {
      kicker: 'Summary',
      title: 'Top findings',
      body:
        top.length === 0
          ? '<p>No critical or warning finding in any section.</p>'
          : `<ul class="top">${top.map(({ f, s }) => `<li class="${f.severity}"><b>${f.severity}</b> ${escapeHtml(f.message.length > 220 ? `${f.message.slice(0, 219)}…` : f.message)} <a class="where" href="#${appendixAnchor(s.id)}">${escapeHtml(s.title)}</a></li>`).join('')}</ul>`,
    },
  ];
}

/**
 * The report as one self-contained HTML slide deck. A weekly report's brief gives the main slides (at most 12: title,
 * KPIs, what changed, top findings, one per area with something to say, steady areas, decisions and actions); other
 * reports get a title and their top findings. The appendix follows, its first slide titled "Appendix": every
 * section's findings, tables and charts (inline SVG), one topic a slide. Arrow keys, Page Up/Down, space, Home and
 * End move; printing (Chromium's PDF) puts one slide on each 1280x720 page. The only script is the deck's own,
 * allowed by its hash in the Content-Security-Policy; every string from the data is escaped.
 */
export async function renderDeck(report: Report): Promise<string> {
  const main = report.brief ? await mainSlides(report, report.brief) : plainMain(report);
  const slides = [...main, ...(await appendixSlides(report, main.length))];
  const hash = createHash('sha256').update(SCRIPT).digest('base64');
  const html = [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${hash}'">`,
    `<title>${escapeHtml(`mangalab ${report.job} ${report.period.label}`)}</title><style>${STYLE}</style></head><body>`,
    ...slides.map((s, i) => {
      const h = i === 0 ? 'h1' : 'h2';
      return (
        `<section class="slide${s.cls ? ` ${s.cls}` : ''}${i === 0 ? ' active' : ''}${i < main.length ? ' main' : ' appendix'}" id="slide-${i + 1}">` +
        `${s.anchor ? `<span id="${escapeHtml(s.anchor)}"></span>` : ''}<div class="kicker">${escapeHtml(s.kicker)}</div><${h}>${escapeHtml(s.title)}</${h}>` +
        `<div class="content">${s.body}</div><footer><span>${escapeHtml(`${report.job} · ${report.period.label}`)}</span><span>${i + 1} / ${slides.length}</span></footer></section>`
      );
    }),
    `<script>${SCRIPT}</script></body></html>\n`,
  ];
  return html.join('');
}
