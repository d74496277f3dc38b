/** One week of production retrievals: how many turns retrieved anything, and how often each chunk id was retrieved. */
export interface WeekRetrievals {
  /** The week's Monday, YYYY-MM-DD. */
  week: string;
  /** Turns whose retrieved list was not empty. */
  turns: number;
  /** Retrievals per chunk id (times the id was in a turn's top k). */
  counts: ReadonlyMap<string, number>;
}

/** What one week of retrievals did with the index. Shares and dead counts are null when the week retrieved nothing. */
export interface ChunkUsageWeek {
  week: string;
  turns: number;
  /** Ids retrieved, the index's and others. */
  retrievals: number;
  /** Index chunks retrieved at least once. */
  retrieved: number;
  /** Index chunks never retrieved that week; null when no turn retrieved anything (nothing to judge by). */
  dead: number | null;
  deadShare: number | null;
  /** Distinct retrieved ids that are not chunks of the index (re-chunked or removed documents), and their retrievals. */
  unknownIds: number;
  unknownRetrievals: number;
  /** Share of the week's index retrievals that went to the most retrieved tenth of the index (at least one chunk). */
  top10Share: number | null;
}

export interface ChunkUsageTrend {
  /** Index chunks. */
  total: number;
  weeks: ChunkUsageWeek[];
  /** The last week that retrieved anything; null when none did. */
  latest: string | null;
  /** Index chunks retrieved in no week of the window (dead throughout), in index order. */
  neverRetrieved: string[];
  /** Index chunks retrieved in an earlier week but not in the latest: most retrieved before first, then by id. */
  newlyDead: { id: string; lastWeek: string; earlierRetrievals: number }[];
  /** The latest week's most retrieved index chunks, with their share of its index retrievals. */
  top: { id: string; retrievals: number; share: number }[];
  /** The latest week's retrieved ids that the index does not hold, most retrieved first. */
  unknown: { id: string; retrievals: number }[];
}

const byCountThenId =
  <T extends { id: string }>(count: (x: T) => number) =>
  (a: T, b: T) =>
    count(b) - count(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Chunk-level analytics of production retrievals (US-5.3) over weeks: per week, which chunks of the index were
 * retrieved and which were not (dead), retrieved ids the index does not hold, and how concentrated retrieval is;
 * across the window, chunks never retrieved, chunks that stopped being retrieved in the latest week, and the latest
 * week's most retrieved chunks. Weeks come back in date order.
 * Reference: MangaAssist US-5.3 (../shared/seeds): "identify chunks that are never retrieved (dead chunks)".
 *
 * @throws RangeError for a week given twice, or a negative or fractional count.
 * @example
 * chunkUsageTrend(['a', 'b', 'c'], [{ week: '2026-11-09', turns: 2, counts: new Map([['a', 2], ['x', 1]]) }]).weeks[0]
 * // => { week: '2026-11-09', turns: 2, retrievals: 3, retrieved: 1, dead: 2, deadShare: 2 / 3, unknownIds: 1,
 * //      unknownRetrievals: 1, top10Share: 1 }
 */
export function chunkUsageTrend(
  chunkIds: readonly string[],
  weeks: readonly WeekRetrievals[],
  options: { top?: number } = {},
): ChunkUsageTrend {
  const index = new Set(chunkIds);
  const top = options.top ?? 10;
  const seen = new Set<string>();
  for (const w of weeks) {
    if (seen.has(w.week)) throw new RangeError(`week ${w.week} is given twice`);
    seen.add(w.week);
    if (!Number.isInteger(w.turns) || w.turns < 0)
      throw new RangeError(`week ${w.week}: turns must be a whole number >= 0, got ${w.turns}`);
    for (const [id, n] of w.counts)
      if (!Number.isInteger(n) || n < 0) throw new RangeError(`week ${w.week}: chunk ${id} has count ${n}, not a whole number >= 0`);
  }
  const ordered = [...weeks].sort((a, b) => (a.week < b.week ? -1 : a.week > b.week ? 1 : 0));
  const total = index.size;
  const rows = ordered.map((w): ChunkUsageWeek => {
    let retrievals = 0;
    let unknownIds = 0;
    let unknownRetrievals = 0;
    const inIndex: number[] = [];
    for (const [id, n] of w.counts) {
      if (n === 0) continue;
      retrievals += n;
      if (index.has(id)) inIndex.push(n);
      else {
        unknownIds++;
        unknownRetrievals += n;
      }
    }
    const active = w.turns > 0 && retrievals > 0;
    const indexRetrievals = inIndex.reduce((s, n) => s + n, 0);
    const tenth = Math.max(1, Math.ceil(total / 10));
    const head = inIndex
      .sort((a, b) => b - a)
      .slice(0, tenth)
      .reduce((s, n) => s + n, 0);
    return {
      week: w.week,
      turns: w.turns,
      retrievals,
      retrieved: inIndex.length,
      dead: active ? total - inIndex.length : null,
      deadShare: active && total > 0 ? (total - inIndex.length) / total : null,
      unknownIds,
      unknownRetrievals,
      top10Share: indexRetrievals > 0 ? head / indexRetrievals : null,
    };
  });
  const activeWeeks = ordered.filter((_, i) => rows[i]!.dead !== null);
  const last = activeWeeks.at(-1) ?? null;
  const everRetrieved = new Set<string>();
  for (const w of activeWeeks) for (const [id, n] of w.counts) if (n > 0) everRetrieved.add(id);
  const newlyDead: ChunkUsageTrend['newlyDead'] = [];
  if (last) {
    const before = new Map<string, { lastWeek: string; earlierRetrievals: number }>();
    for (const w of activeWeeks.slice(0, -1))
      for (const [id, n] of w.counts)
        if (n > 0 && index.has(id)) before.set(id, { lastWeek: w.week, earlierRetrievals: (before.get(id)?.earlierRetrievals ?? 0) + n });
    for (const [id, b] of before) if (!((last.counts.get(id) ?? 0) > 0)) newlyDead.push({ id, ...b });
    newlyDead.sort(byCountThenId((x) => x.earlierRetrievals));
  }
  const latestCounts = last ? [...last.counts].filter(([, n]) => n > 0).map(([id, retrievals]) => ({ id, retrievals })) : [];
  const latestIndexRetrievals = latestCounts.filter((c) => index.has(c.id)).reduce((s, c) => s + c.retrievals, 0);
  return {
    total,
    weeks: rows,
    latest: last?.week ?? null,
    neverRetrieved: activeWeeks.length === 0 ? [] : [...index].filter((id) => !everRetrieved.has(id)),
    newlyDead,
    top: latestCounts
      .filter((c) => index.has(c.id))
      .sort(byCountThenId((x) => x.retrievals))
      .slice(0, top)
      .map((c) => ({ ...c, share: c.retrievals / latestIndexRetrievals })),
    unknown: latestCounts.filter((c) => !index.has(c.id)).sort(byCountThenId((x) => x.retrievals)),
  };
}
