import { goldenRefresh, type GoldenRefreshPlan, type RefreshCandidate } from '../../analysis/goldenRefresh';
import type { CompositionRow, GoldenComposition } from '../../analysis/goldenComposition';
import { readGoldenRefreshCandidates } from '../../pipeline/rows/golden';
import { InputError } from '../../pipeline/errors';
import { goldenCategory, INTENT_CATEGORY, loadCatalog, loadGoldenSet, referencedProducts, type GoldenSet } from '../../pipeline/golden';
import type { Source } from '../../pipeline/source';
import type { Report, ReportTable, Section } from '../report';
import { sourceSpan } from '../period';

export interface RefreshOptions {
  golden: string;
  catalog: string;
  /** Days of production turns to draw candidates from, ending at the source's last turn (default 90: a quarter). */
  days?: number;
  /** Candidates kept per intent (default 20). */
  perIntent?: number;
  now?: () => Date;
}

export interface RefreshReadout {
  golden: GoldenSet;
  catalogFile: string;
  catalogSize: number;
  window: { from: Date; to: Date };
  candidates: (RefreshCandidate & { intent: string; ts: Date })[];
  plan: GoldenRefreshPlan;
}

/**
 * The quarterly refresh (US-3.1): golden entries whose products left the catalog, replacement candidates from the
 * quarter's thumbs-down and escalated turns (redacted in the warehouse by queries/golden/refresh_candidates), and the
 * composition before and after the swap. The golden file is not changed: the report is what a reviewer acts on.
 * @throws InputError for a malformed golden set or catalog, a bad --days, or a source without requests.
 */
export async function refreshReadout(source: Source, options: RefreshOptions): Promise<RefreshReadout> {
  const days = options.days ?? 90;
  if (!Number.isInteger(days) || days < 1 || days > 366)
    throw new InputError('--days', `must be a whole number from 1 to 366, got ${days}`);
  const golden = loadGoldenSet(options.golden);
  const catalog = loadCatalog(options.catalog);
  const span = await sourceSpan(source);
  if (!span?.lastTs) throw new InputError(source.description, 'the requests table is empty: no candidates to draw');
  const to = new Date(span.lastTs.getTime() + 1);
  const from = new Date(to.getTime() - days * 86_400_000);
  const rows = await readGoldenRefreshCandidates(source, { from_ts: from, to_ts: to, max_per_intent: options.perIntent ?? 20 });
  const candidates = rows.map((r) => ({
    traceId: r.traceId ?? '',
    ts: r.ts!,
    intent: r.intent ?? '(none)',
    category: INTENT_CATEGORY[r.intent ?? ''] ?? null,
    message: r.message ?? '',
    why: [r.thumbsDown ? 'thumbs-down' : '', r.escalated ? 'escalated' : ''].filter(Boolean).join(', '),
  }));
  const plan = goldenRefresh(
    golden.entries.map((e) => ({
      queryId: e.query_id,
      category: goldenCategory(e.tags),
      adversarial: e.adversarial,
      products: referencedProducts(e),
    })),
    catalog,
    candidates.filter((c) => c.category !== null),
  );
  return { golden, catalogFile: options.catalog, catalogSize: catalog.size, window: { from, to }, candidates, plan };
}

function compositionTable(id: string, title: string, before: GoldenComposition, after: GoldenComposition): ReportTable {
  const rowOf = (c: GoldenComposition, cat: string): CompositionRow | undefined => c.rows.find((r) => r.category === cat);
  return {
    id,
    title,
    columns: [
      { key: 'category', label: 'Category' },
      { key: 'target', label: 'Target', format: 'percent' },
      { key: 'before', label: 'Before', format: 'percent' },
      { key: 'after', label: 'After', format: 'percent' },
      { key: 'ok', label: 'Within 2pp after' },
    ],
    rows: [
      ...after.rows.map((r) => ({
        category: r.category,
        target: r.target,
        before: rowOf(before, r.category)?.share ?? null,
        after: r.share,
        ok: r.withinTolerance ? 'yes' : 'NO',
      })),
      {
        category: 'adversarial entries',
        target: null,
        before: null,
        after: null,
        ok: `${before.adversarial} -> ${after.adversarial} (at least ${after.minAdversarial}${after.adversarialOk ? '' : ': short'})`,
      },
    ],
  };
}

/** The refresh as a report: stale entries, candidates, composition after the swap. */
export function refreshReport(r: RefreshReadout, generatedAt: Date): Report {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const byTrace = new Map(r.candidates.map((c) => [c.traceId, c]));
  const section: Section = {
    id: 'golden.refresh',
    title: `Quarterly refresh of ${r.golden.version}`,
    findings: [
      {
        id: 'refresh.stale',
        metric: 'stale_entries',
        value: r.plan.stale.length,
        severity: r.plan.stale.length > 0 ? 'warning' : 'info',
        message: `${r.plan.stale.length} of ${r.golden.entries.length} entries name a product missing from the catalog (${r.catalogSize} products in ${r.catalogFile}).`,
      },
      {
        id: 'refresh.candidates',
        metric: 'candidates',
        value: r.candidates.length,
        severity: 'info',
        message: `${r.candidates.length} candidate turns (thumbs-down or escalated) between ${day(r.window.from)} and ${day(new Date(r.window.to.getTime() - 1))}, PII redacted in the warehouse.`,
      },
      {
        id: 'refresh.unreplaced',
        metric: 'unreplaced',
        value: r.plan.unreplaced.length,
        severity: r.plan.unreplaced.length > 0 ? 'warning' : 'info',
        message:
          r.plan.unreplaced.length > 0
            ? `No candidate of the same category for ${r.plan.unreplaced.length} stale entries: ${r.plan.unreplaced.slice(0, 20).join(', ')}.`
            : 'Every stale entry has a candidate of its category.',
      },
      {
        id: 'refresh.composition',
        metric: 'composition_ok',
        value: r.plan.after.ok ? 1 : 0,
        severity: r.plan.after.ok ? 'info' : 'warning',
        message: r.plan.after.ok
          ? 'After the swap the set keeps the target shares (within 2pp), 500+ entries and 40+ adversarial ones.'
          : 'After the swap the set misses a target share, its size or its adversarial count: see the composition table.',
      },
    ],
    tables: [
      {
        id: 'refresh.swaps',
        title: 'Stale entries and their proposed replacements',
        columns: [
          { key: 'query_id', label: 'Entry' },
          { key: 'category', label: 'Category' },
          { key: 'missing', label: 'Products gone' },
          { key: 'trace_id', label: 'Candidate turn' },
          { key: 'why', label: 'Why flagged' },
          { key: 'message', label: 'Candidate query (redacted)' },
        ],
        rows: r.plan.stale.map((s) => {
          const swap = r.plan.swaps.find((x) => x.queryId === s.queryId);
          const c = swap ? byTrace.get(swap.traceId) : undefined;
          return {
            query_id: s.queryId,
            category: s.category ?? '',
            missing: s.missing.join(', '),
            trace_id: c?.traceId ?? 'none',
            why: c?.why ?? '',
            message: c?.message ?? '',
          };
        }),
      },
      compositionTable('refresh.composition', 'Composition before and after the swap', r.plan.before, r.plan.after),
    ],
    charts: [],
  };
  const at = generatedAt.toISOString();
  return {
    job: 'golden-refresh',
    source: `${r.golden.file} (sha256 ${r.golden.sha256.slice(0, 12)}); catalog ${r.catalogFile}`,
    period: { label: `${r.golden.version}-${day(generatedAt)}`, from: r.window.from.toISOString(), to: r.window.to.toISOString() },
    generatedAt: at,
    sections: [section],
  };
}
