import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { insideRoot } from './output';

/** A finding as an earlier report's JSON holds it: only what the week-over-week comparison reads. */
export interface StoredFinding {
  id: string;
  severity: string;
  message: string;
  /** The section it was in: its id and title. */
  section: string;
  sectionTitle: string;
}

/** An earlier week's report as the comparison reads it back: its findings and, when it kept them, its streaks. */
export interface StoredWeek {
  label: string;
  findings: StoredFinding[];
  /** The streaks that report's "what changed" computed (absent in reports written before the deck kept them). */
  streaks: Record<string, { weeks: number; atLeast: boolean }> | null;
}

/** An earlier report found and usable, absent, or there but unusable (corrupt, another source or job), with why. */
export type StoredWeekResult = { ok: true; week: StoredWeek } | { ok: false; missing: boolean; problem: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads `<out>/<job>/<label>/report.json`, written by an earlier run, for the week-over-week comparison. The file must
 * be JSON of a report of the same job, week and source, its sections' findings with id, severity and message; anything
 * else is refused with one sentence naming the file and the problem (the caller recomputes the week and says so).
 */
export function readStoredWeek(outDir: string, job: string, label: string, source: string): StoredWeekResult {
  const file = join(insideRoot(outDir, [job, label]), 'report.json');
  if (!existsSync(file)) return { ok: false, missing: true, problem: `${file} does not exist` };
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return { ok: false, missing: false, problem: `${file} is not valid JSON (${(e as Error).message.split('\n')[0]})` };
  }
  if (!isObject(data) || !Array.isArray(data.sections) || !isObject(data.period))
    return { ok: false, missing: false, problem: `${file} is not a mangalab report (no period or sections)` };
  if (data.job !== job || data.period.label !== label)
    return {
      ok: false,
      missing: false,
      problem: `${file} is the ${String(data.job)} report of ${String(data.period.label)}, not ${job} ${label}`,
    };
  if (data.source !== source)
    return { ok: false, missing: false, problem: `${file} was computed from another source (${String(data.source)}, not ${source})` };
  const findings: StoredFinding[] = [];
  for (const [i, section] of data.sections.entries()) {
    const list = isObject(section) ? section.findings : undefined;
    if (!isObject(section) || !Array.isArray(list))
      return { ok: false, missing: false, problem: `${file}: section ${i + 1} has no findings list` };
    for (const f of list) {
      if (!isObject(f) || typeof f.id !== 'string' || typeof f.severity !== 'string' || typeof f.message !== 'string')
        return { ok: false, missing: false, problem: `${file}: a finding of section ${i + 1} lacks its id, severity or message` };
      findings.push({
        id: f.id,
        severity: f.severity,
        message: f.message,
        section: String(section.id),
        sectionTitle: String(section.title),
      });
    }
  }
  const changes = isObject(data.brief) && isObject(data.brief.changes) ? data.brief.changes : undefined;
  const streaks = changes && isObject(changes.streaks) ? readStreaks(changes.streaks) : null;
  return { ok: true, week: { label, findings, streaks } };
}

function readStreaks(raw: Record<string, unknown>): StoredWeek['streaks'] {
  const out: NonNullable<StoredWeek['streaks']> = {};
  for (const [key, v] of Object.entries(raw)) {
    if (!isObject(v) || !Number.isInteger(v.weeks) || (v.weeks as number) < 1 || typeof v.atLeast !== 'boolean') return null;
    out[key] = { weeks: v.weeks as number, atLeast: v.atLeast };
  }
  return out;
}
