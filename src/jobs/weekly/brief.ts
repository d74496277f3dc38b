// The weekly review's brief: what the deck's main slides say, assembled from the report's own sections (nothing is
// read again) and last week's findings. Ranking, change verdicts and week-over-week matching come from src/analysis.
import { changeVerdict, type Better } from '../../analysis/changeVerdict';
import { findingChanges, type TrackedFinding } from '../../analysis/findingChanges';
import { findingKey } from '../../analysis/findingKey';
import { rankFindings } from '../../analysis/rankFindings';
import { relativeChange } from '../../analysis/relativeChange';
import type { StoredWeek } from '../../pipeline/report-history';
import type { Brief, BriefArea, BriefFinding, KpiTile, Report, Section } from '../report';
import { REVIEW_AREAS } from './areas';

/** The KPI tiles, in order: which way is good news for each (volume is neither). */
const KPIS: { key: string; better: Better }[] = [
  { key: 'requests', better: 'neither' },
  { key: 'sessions', better: 'neither' },
  { key: 'latency_p50_ms', better: 'lower' },
  { key: 'latency_p99_ms', better: 'lower' },
  { key: 'error_rate', better: 'lower' },
  { key: 'escalation_rate', better: 'lower' },
  { key: 'guardrail_block_rate', better: 'lower' },
  { key: 'thumbs_up_rate', better: 'higher' },
  { key: 'llm_cost_usd', better: 'lower' },
];

/** The week compared with: its findings, how they were had (read back or recomputed) and any problem reading them. */
export interface PreviousWeek {
  week: StoredWeek;
  /** none: last week could not be had at all (`note` says why); nothing is compared. */
  origin: 'report' | 'recomputed' | 'none';
  note?: string;
}

/** A message's first sentence, at most `max` characters (cut at a word, with an ellipsis): a takeaway, not a paragraph. */
export function firstSentence(message: string, max = 200): string {
  const m = /^(.+?[.!?])\s+(?=[A-Z`])/.exec(message);
  const s = (m ? m[1]! : message).trim();
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2))}…`;
}

const loud = (severity: string): severity is 'critical' | 'warning' => severity === 'critical' || severity === 'warning';

function briefFindings(sections: Section[]): BriefFinding[] {
  return sections.flatMap((s) =>
    s.findings
      .filter((f) => loud(f.severity))
      .map((f) => ({
        id: f.id,
        key: findingKey(f.id),
        severity: f.severity,
        message: f.message,
        section: s.id,
        sectionTitle: s.title,
        ...(f.impact ? { impact: f.impact } : {}),
        ...(f.action ? { action: f.action } : {}),
        ...(f.topic ? { topic: f.topic } : {}),
      })),
  );
}

function kpiTiles(report: Report): KpiTile[] {
  const overview = report.sections.find((s) => s.id === 'overview');
  const trend = overview?.tables.find((t) => t.id === 'overview.kpi_trend');
  const columns = new Map((trend?.columns ?? []).map((c) => [c.key, c]));
  return KPIS.flatMap(({ key, better }) => {
    const f = overview?.findings.find((x) => x.id === `overview.${key}`);
    if (!f) return [];
    const value = f.value;
    const previous = f.baseline ?? null;
    const change = relativeChange(value, previous);
    const tile: KpiTile = {
      key,
      label: columns.get(key)?.label ?? key,
      format: columns.get(key)?.format ?? 'number',
      value,
      previous,
      change: change.computable ? change.relative : null,
      verdict: changeVerdict(value, previous, better),
      history: (trend?.rows ?? []).map((r) => ({ week: String(r.week), value: typeof r[key] === 'number' ? (r[key] as number) : null })),
    };
    if (!change.computable) tile.note = change.reason;
    else if (change.relative === null) tile.note = 'last week was zero';
    return [tile];
  });
}

function areaSlides(report: Report, ranked: BriefFinding[]): { areas: BriefArea[]; steady: Brief['steady'] } {
  const areas: BriefArea[] = [];
  const steady: Brief['steady'] = [];
  for (const area of REVIEW_AREAS) {
    const sections = report.sections.filter((s) => area.sections.includes(s.id));
    if (sections.length === 0) continue;
    const own = ranked.filter((f) => area.sections.includes(f.section));
    if (own.length === 0) {
      const first = sections.flatMap((s) => s.findings)[0];
      steady.push({ id: area.id, title: area.title, line: first ? firstSentence(first.message) : 'Nothing to report.' });
      continue;
    }
    const charts = sections.flatMap((s) => s.charts.map((c) => ({ section: s.id, id: c.id })));
    const chart = area.charts.map((p) => charts.find((c) => c.id === p || (p.endsWith('.') && c.id.startsWith(p)))).find(Boolean);
    areas.push({
      id: area.id,
      title: area.title,
      severity: own[0]!.severity,
      takeaways: own.slice(0, 3).map((f) => firstSentence(f.message)),
      ...(chart ? { chart } : {}),
      sections: area.sections,
    });
  }
  return { areas, steady };
}

/**
 * The brief of a weekly report: the headline, KPI tiles, what changed since `previous`, the top findings (ranked,
 * one a topic), the areas with something to say and the steady ones, and the recommended actions.
 */
export function weeklyBrief(report: Report, previous: PreviousWeek): Brief {
  const current = briefFindings(report.sections);
  const groups = rankFindings(current);
  const ranked = groups.map(({ lead, related }) => ({ ...lead, ...(related.length ? { related: related.length } : {}) }));
  const order = groups.flatMap((g) => [g.lead, ...g.related]).map((f) => f.key);
  const byRank = <T extends { key: string }>(xs: T[]) => [...xs].sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
  const tracked = (fs: { key: string; severity: string; message: string }[]): TrackedFinding[] =>
    fs.flatMap((f) => (loud(f.severity) ? [{ key: f.key, severity: f.severity, message: f.message }] : []));
  const before = previous.week.findings.map((f) => ({ ...f, key: findingKey(f.id) }));
  const diff =
    previous.origin === 'none'
      ? { new: [], resolved: [], open: [], streaks: {} }
      : findingChanges(tracked(current), tracked(before), previous.week.streaks);
  const pick = (key: string) => current.find((f) => f.key === key)!;
  const { areas, steady } = areaSlides(report, ranked);
  const lead = ranked[0];
  return {
    headline: lead ? firstSentence(lead.message, 160) : `A quiet week: no critical or warning finding in ${report.period.label}.`,
    kpis: kpiTiles(report),
    changes: {
      previous: previous.week.label,
      origin: previous.origin,
      ...(previous.note ? { note: previous.note } : {}),
      new: byRank(diff.new).map((f) => pick(f.key)),
      resolved: diff.resolved.map((f) => {
        const was = before.find((b) => b.key === f.key)!;
        return { id: was.id, key: f.key, severity: f.severity, message: f.message, section: was.section, sectionTitle: was.sectionTitle };
      }),
      open: byRank(diff.open).map((f) => ({ ...pick(f.key), weeks: f.weeks, atLeast: f.atLeast, worse: f.worse })),
      streaks: diff.streaks,
    },
    top: ranked,
    areas,
    steady,
    actions: rankFindings(
      report.sections.flatMap((sec) =>
        sec.findings.filter((f) => f.action).map((f) => ({ ...f, key: findingKey(f.id), topic: undefined })),
      ),
    ).map(({ lead: f }) => ({ ...f.action!, finding: f.id, severity: f.severity })),
  };
}
