import { twoProportionZTest } from '../analysis/twoProportionZTest';
import jstat from 'jstat';
import { tableToObjects } from '../pipeline/arrow';
import type { Source } from '../pipeline/source';

const { jStat } = jstat;

interface Row {
  deployment_variant: string;
  turns: number;
  errors: number;
  escalations: number;
  guardrail_blocks: number;
}

/**
 * The promotion gate's canary verdict: over the last `hours` of traffic in the source, the canary's error, escalation
 * and guardrail-block rates against the baseline's, each by a one-sided two-proportion z-test at 5%. Healthy when no
 * rate is credibly worse; no verdict without traffic on both. An interim gate until the canary analysis of the drift
 * and monitoring work replaces it.
 */
export async function canaryVerdict(source: Source, hours = 24): Promise<{ healthy: boolean; summary: string } | null> {
  const [span] = tableToObjects<{ last_ts: Date | null }>(await source.query('overview/time_range'));
  if (!span?.last_ts) return null;
  const to = new Date(span.last_ts.getTime() + 1);
  const rows = tableToObjects<Row>(await source.query('deploy/canary_health', { from_ts: new Date(to.getTime() - hours * 3_600_000), to_ts: to }));
  const base = rows.find((r) => r.deployment_variant === 'baseline');
  const canary = rows.find((r) => r.deployment_variant === 'canary');
  if (!base || !canary || Number(base.turns) === 0 || Number(canary.turns) === 0) return null;
  const critical = jStat.normal.inv(0.95, 0, 1);
  const worse: string[] = [];
  const parts: string[] = [];
  for (const key of ['errors', 'escalations', 'guardrail_blocks'] as const) {
    const b = { successes: Number(base[key]), trials: Number(base.turns) };
    const c = { successes: Number(canary[key]), trials: Number(canary.turns) };
    const rate = (x: typeof b) => `${((x.successes / x.trials) * 100).toFixed(2)}%`;
    parts.push(`${key} ${rate(c)} vs ${rate(b)}`);
    try {
      if (twoProportionZTest(b, c).statistic > critical) worse.push(key);
    } catch {
      // both arms all-or-nothing: no difference to test
    }
  }
  return { healthy: worse.length === 0, summary: `${worse.length === 0 ? 'healthy' : `worse on ${worse.join(', ')}`} over the last ${hours} h (${Number(canary.turns)} canary turns; ${parts.join(', ')})` };
}
