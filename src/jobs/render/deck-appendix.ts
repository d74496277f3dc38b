// The deck's appendix: every section's findings, tables and charts, one topic a slide, nothing dropped. A table longer
// than a slide holds shows its first DECK_ROWS rows with the total and where every row is (report.json, its CSV).
import type { Finding, Report, Section, Severity } from '../report';
import { renderSvg } from './charts';
import { appendixAnchor, type Slide } from './deck-main';
import { escapeHtml } from './escape';
import { DECK_ROWS, shownNote, tableText } from './table';

const ORDER: Severity[] = ['critical', 'warning', 'info'];
/** Characters of finding text a slide holds at a readable size. */
const FINDING_CHARS = 1500;

function findingSlides(section: Section): Slide[] {
  const findings = [...section.findings].sort((a, b) => ORDER.indexOf(a.severity) - ORDER.indexOf(b.severity));
  const pages: Finding[][] = [];
  let page: Finding[] = [];
  let chars = 0;
  for (const f of findings) {
    if (page.length > 0 && (chars + f.message.length > FINDING_CHARS || page.length >= 8)) {
      pages.push(page);
      page = [];
      chars = 0;
    }
    page.push(f);
    chars += f.message.length + 60;
  }
  if (page.length > 0) pages.push(page);
  return pages.map((p, i) => ({
    kicker: `Appendix · ${section.title}`,
    title: `${section.title}: findings${pages.length > 1 ? ` (${i + 1}/${pages.length})` : ''}`,
    body: `<ul class="findings">${p.map((f) => `<li class="${f.severity}"><span class="badge">${f.severity}</span>${escapeHtml(f.message)}</li>`).join('')}</ul>`,
  }));
}

/** The appendix: a first slide titled "Appendix" (an index of topics), then each section's findings, tables, charts. */
export async function appendixSlides(report: Report, firstNumber: number): Promise<Slide[]> {
  const slides: Slide[] = [];
  const index: string[] = [];
  for (const section of report.sections) {
    const start = slides.length;
    slides.push(...findingSlides(section));
    if (slides.length === start)
      slides.push({ kicker: `Appendix · ${section.title}`, title: section.title, body: '<p>No findings in this section.</p>' });
    slides[start]!.anchor = appendixAnchor(section.id);
    for (const table of section.tables) {
      const rows = tableText(table).slice(0, DECK_ROWS);
      const head = `<table><thead><tr>${table.columns.map((c) => `<th>${escapeHtml(c.label)}</th>`).join('')}</tr></thead>`;
      const body = `<tbody>${rows.map((cells) => `<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
      const shown = shownNote(table, DECK_ROWS);
      const notes = [...(shown ? [shown] : []), ...(table.notes ?? [])].map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('');
      slides.push({
        kicker: `Appendix · ${section.title}`,
        title: table.title,
        body: `<div class="tablewrap">${head}${body}</div>${table.rows.length === 0 ? '<p class="note">No rows.</p>' : ''}${notes}`,
      });
    }
    for (const chart of section.charts) {
      slides.push({
        kicker: `Appendix · ${section.title}`,
        title: chart.title,
        body: `<figure id="${escapeHtml(chart.id)}" class="chart">${await renderSvg(chart.vegaLite)}</figure>`,
      });
    }
    index.push(
      `<li><a href="#${appendixAnchor(section.id)}">${escapeHtml(section.title)}</a> <span class="where">slides ${firstNumber + 1 + start} to ${firstNumber + slides.length}</span></li>`,
    );
  }
  return [{ kicker: 'Appendix', title: 'Appendix', cls: 'divider', body: `<ul class="index">${index.join('')}</ul>` }, ...slides];
}
