const DATED = /\.(\d{4}-W\d{2}|\d{4}-\d{2}-\d{2}|\d{4}-\d{2})(?=\.|$)/g;

/**
 * A finding's identity across weeks: its id without the day, ISO week or month it names, so that this week's
 * `cost.spike.2026-11-11` and last week's `cost.spike.2026-11-04` are one recurring finding and the deck can say it
 * is still open. Ids without a date are their own key.
 *
 * Reference: the finding ids of docs/architecture.md (section.metric[.segment]).
 * @throws never.
 * @example
 * findingKey('cost.spike.2026-11-11') // => 'cost.spike'
 * findingKey('cost.cache.2026-W46') // => 'cost.cache'
 * findingKey('monitoring.shadow.sonnet-v2.1-rc1 vs sonnet-v2.0') // => 'monitoring.shadow.sonnet-v2.1-rc1 vs sonnet-v2.0'
 */
export function findingKey(id: string): string {
  return id.replace(DATED, '');
}
