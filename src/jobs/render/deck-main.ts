// The weekly deck's main slides (at most 12), from the report's brief: title, KPIs, what changed, top findings, one
// slide per area with something to say, the steady areas, decisions and actions. Every string from data is escaped.
import type { Brief, BriefFinding, Report } from '../report';
import { renderSvg } from './charts';
import { escapeHtml } from './escape';
import { formatCell } from './format';
import { sparklineSvg } from './sparkline';

export interface Slide {
  kicker: string;
  title: string;
  body: string;
  cls?: string;
  /** An anchor other slides link to (#id). */
  anchor?: string;
}

const e = escapeHtml;
/** The last day of a period whose end is exclusive. */
const lastDay = (to: string) => new Date(Date.parse(to) - 1).toISOString().slice(0, 10);
const short = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, text.lastIndexOf(' ', max - 1))}…`);
export const appendixAnchor = (section: string) => `appendix-${section.replace(/[^A-Za-z0-9_-]+/g, '_')}`;

function impactText(f: BriefFinding): string {
  const parts: string[] = [];
  if (f.impact?.usd !== undefined) parts.push(formatCell(f.impact.usd, 'usd'));
  if (f.impact?.users !== undefined) parts.push(`${formatCell(f.impact.users, 'integer')} affected`);
  return parts.join(' · ');
}

function titleSlide(report: Report, brief: Brief): Slide {
  const critical = brief.top.filter((f) => f.severity === 'critical').length;
  const counts = `${critical} critical · ${brief.top.length - critical} warning${brief.top.length - critical === 1 ? '' : 's'} · ${brief.changes.new.length} new since ${brief.changes.previous}`;
  return {
    kicker: 'MangaAssist weekly quality review',
    title: `${report.period.label} · ${report.period.from.slice(0, 10)} to ${lastDay(report.period.to)}`,
    cls: 'title',
    body: `<p class="headline">${e(brief.headline)}</p><p>${e(counts)}</p><p class="src">${e(`Source ${report.source} · generated ${report.generatedAt} · ← → to move`)}</p>`,
  };
}

function kpiSlide(brief: Brief): Slide {
  const tiles = brief.kpis.map((k) => {
    const change =
      k.change === null
        ? (k.note ?? 'no comparison')
        : `${k.change >= 0 ? '▲' : '▼'} ${formatCell(k.change, 'change')} vs ${brief.changes.previous}`;
    const points = k.history.map((h) => ({ ...h, text: formatCell(h.value, k.format) }));
    return `<div class="tile ${k.verdict}"><div class="label">${e(k.label)}</div><div class="value">${e(formatCell(k.value, k.format))}</div><div class="change">${e(change)}</div>${sparklineSvg(points)}<div class="weeks">${e(`${points.length}-week trend`)}</div></div>`;
  });
  return {
    kicker: 'Overview',
    title: 'KPIs this week',
    body: `<div class="tiles">${tiles.join('')}</div><p class="note">Green is good news for the metric, red bad, grey a change within ±2% or a volume. Sparklines: one point a week, the dot is this week.</p>`,
  };
}

function changeList(items: BriefFinding[], extra: (f: BriefFinding) => string, limit = 6): string {
  if (items.length === 0) return '<p class="none">None.</p>';
  const shown = items.slice(0, limit);
  const rest = items.length - shown.length;
  return `<ul class="changes">${shown
    .map((f) => `<li class="${f.severity}"><b>${e(f.severity)}</b> ${e(short(f.message, 110))}${extra(f)}</li>`)
    .join('')}</ul>${rest > 0 ? `<p class="note">${rest} more in the appendix.</p>` : ''}`;
}

function changesSlide(brief: Brief): Slide {
  const c = brief.changes;
  const where = (f: BriefFinding) => (f.sectionTitle ? ` <a href="#${appendixAnchor(f.section)}">${e(f.sectionTitle)}</a>` : '');
  const basis =
    c.origin === 'report'
      ? `Compared with ${c.previous}'s report in the output folder.`
      : c.origin === 'recomputed'
        ? `Compared with ${c.previous}, recomputed from the warehouse (no report of it in the output folder).`
        : `No comparison with ${c.previous}.`;
  return {
    kicker: `Since ${c.previous}`,
    title: 'What changed since last week',
    body: `<div class="cols3"><div><h3>New (${c.new.length})</h3>${changeList(c.new, where)}</div><div><h3>Resolved (${c.resolved.length})</h3>${changeList(c.resolved, () => '')}</div><div><h3>Still open (${c.open.length})</h3>${changeList(
      c.open,
      (f) => {
        const o = c.open.find((x) => x.id === f.id)!;
        return ` <span class="weeks">${e(`${o.weeks}${o.atLeast ? '+' : ''} weeks${o.worse ? ', worse' : ''}`)}</span>`;
      },
    )}</div></div><p class="note">${e(basis)}</p>${c.note ? `<p class="warn-line">${e(c.note)}</p>` : ''}`,
  };
}

function topSlide(brief: Brief): Slide {
  const top = brief.top.slice(0, 5);
  const items = top.map((f) => {
    const impact = impactText(f);
    return `<li class="${f.severity}"><div><b>${e(f.severity)}</b> ${e(short(f.message, 170))}${f.related ? ` <span class="weeks">(+${f.related} related)</span>` : ''}</div><div class="meta">${impact ? `${e(impact)} · ` : ''}${f.action ? `Action: ${e(short(f.action.text, 110))} · ` : ''}<a href="#${appendixAnchor(f.section)}">${e(f.sectionTitle)} in the appendix</a></div></li>`;
  });
  return {
    kicker: 'Ranked by severity, then dollars and users affected',
    title: 'Top findings',
    body:
      items.length === 0
        ? '<p>No critical or warning finding this week.</p>'
        : `<ul class="top">${items.join('')}</ul>${brief.top.length > top.length ? `<p class="note">${brief.top.length - top.length} more findings to act on: the areas below and the appendix.</p>` : ''}`,
  };
}

async function areaSlide(report: Report, area: Brief['areas'][number]): Promise<Slide> {
  const spec = area.chart && report.sections.find((s) => s.id === area.chart!.section)?.charts.find((c) => c.id === area.chart!.id);
  const chart = spec
    ? `<figure class="chart" id="main-${e(spec.id)}">${await renderSvg(spec.vegaLite)}</figure>`
    : '<p class="note">No chart in this area.</p>';
  const points = area.takeaways.map((t) => `<li>${e(t)}</li>`).join('');
  return {
    kicker: area.severity === 'critical' ? 'Critical' : 'Needs attention',
    title: area.title,
    cls: `area ${area.severity}`,
    body: `<div class="split">${chart}<div class="takeaways"><ul>${points}</ul><p class="note"><a href="#${appendixAnchor(area.sections.find((s) => report.sections.some((x) => x.id === s))!)}">Details in the appendix</a></p></div></div>`,
  };
}

function steadySlide(brief: Brief): Slide {
  return {
    kicker: 'Nothing notable',
    title: 'Steady this week',
    body: `<ul class="steady">${brief.steady.map((s) => `<li><b>${e(s.title)}</b>: ${e(short(s.line, 150))}</li>`).join('')}</ul>`,
  };
}

function actionsSlide(brief: Brief): Slide {
  const rows = brief.actions.slice(0, 8);
  return {
    kicker: 'What we decide today',
    title: 'Decisions and actions',
    body:
      rows.length === 0
        ? '<p>No action recommended this week.</p>'
        : `<table class="actions"><thead><tr><th>Action</th><th>Command</th><th>Who</th></tr></thead><tbody>${rows
            .map(
              (a) =>
                `<tr class="${a.severity}"><td>${e(a.text)}</td><td>${a.command ? `<code>${e(a.command)}</code>` : '(no command: a decision)'}</td><td>${e(a.owner)}</td></tr>`,
            )
            .join(
              '',
            )}</tbody></table>${brief.actions.length > rows.length ? `<p class="note">${brief.actions.length - rows.length} more in the appendix.</p>` : ''}`,
  };
}

/** The main slides of a weekly deck: 4 fixed, one per area with something to say, steady, actions; at most 12. */
export async function mainSlides(report: Report, brief: Brief): Promise<Slide[]> {
  const slides = [titleSlide(report, brief), kpiSlide(brief), changesSlide(brief), topSlide(brief)];
  for (const area of brief.areas) slides.push(await areaSlide(report, area));
  if (brief.steady.length > 0) slides.push(steadySlide(brief));
  slides.push(actionsSlide(brief));
  return slides;
}
