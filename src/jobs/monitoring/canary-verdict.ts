import { loadMonitoringConfig, type MonitoringConfig } from '../../pipeline/monitoring-config';
import type { Source } from '../../pipeline/source';
import { canaryReadout } from './readout';
import { sourceSpan } from '../period';

/**
 * The promotion gate's canary verdict: the canary analysis (US-3.4, src/analysis/canaryAnalysis.ts) as of the newest
 * turn in the source, over the canary's life within the configured lookback. Healthy only when no rollback rule
 * breached and the canary has served the minimum sample; null when the canary served nothing.
 */
export async function canaryVerdict(
  source: Source,
  config: MonitoringConfig = loadMonitoringConfig(),
): Promise<{ healthy: boolean; summary: string } | null> {
  const span = await sourceSpan(source);
  if (!span?.lastTs) return null;
  const c = await canaryReadout(source, new Date(span.lastTs.getTime() + 1), config);
  if (!c.result) return null;
  return { healthy: c.result.verdict === 'healthy', summary: `${c.result.verdict}: ${c.result.summary}` };
}
