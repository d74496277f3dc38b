/** One quality gate: a metric, a comparison and a threshold (US-3.2). */
export interface GateSpec {
  metric: string;
  comparator: '>=' | '<=' | '==';
  threshold: number;
  /** When the metric cannot be computed, the gate is skipped instead of failing the run. Default false. */
  mayBeSkipped?: boolean;
}

/** A metric's value, or null with the reason it could not be computed. */
export interface MetricValue {
  value: number | null;
  reason?: string;
}

export interface GateResult extends GateSpec {
  value: number | null;
  status: 'PASS' | 'FAIL' | 'NOT COMPUTED';
  /** NOT COMPUTED gates only: why, and whether that fails the run. */
  reason?: string;
  blocking: boolean;
}

export interface GatesOutcome {
  gates: GateResult[];
  passed: boolean;
  failed: string[];
  notComputed: string[];
}

/**
 * Checks metrics against the quality gates: each gate PASS or FAIL, or NOT COMPUTED with the reason when its metric
 * has no value. A NOT COMPUTED gate fails the run unless it may be skipped; the run passes only when no gate blocks.
 * Values are compared as given (no rounding): 0.8999999 does not pass a 0.90 gate.
 * Reference: MangaAssist US-3.2 and US-2.2 (../shared/seeds).
 *
 * @throws RangeError for a gate whose threshold is not a finite number, or a metric listed twice in the gates.
 * @example
 * evaluateGates({ intent_accuracy: { value: 0.93 } }, [{ metric: 'intent_accuracy', comparator: '>=', threshold: 0.9 }]).passed // => true
 */
export function evaluateGates(metrics: Record<string, MetricValue>, gates: GateSpec[]): GatesOutcome {
  const seen = new Set<string>();
  const results = gates.map((g): GateResult => {
    if (seen.has(g.metric)) throw new RangeError(`gate ${g.metric} is listed twice`);
    seen.add(g.metric);
    if (!Number.isFinite(g.threshold)) throw new RangeError(`gate ${g.metric}: threshold must be a finite number, got ${g.threshold}`);
    const m = metrics[g.metric];
    if (!m || m.value === null || !Number.isFinite(m.value)) {
      const reason = m?.reason ?? (m ? 'the metric has no value' : 'no such metric was computed');
      return { ...g, value: null, status: 'NOT COMPUTED', reason, blocking: !g.mayBeSkipped };
    }
    const v = m.value;
    const ok = g.comparator === '>=' ? v >= g.threshold : g.comparator === '<=' ? v <= g.threshold : v === g.threshold;
    return { ...g, value: v, status: ok ? 'PASS' : 'FAIL', blocking: !ok };
  });
  return {
    gates: results,
    passed: results.every((r) => !r.blocking),
    failed: results.filter((r) => r.status === 'FAIL').map((r) => r.metric),
    notComputed: results.filter((r) => r.status === 'NOT COMPUTED').map((r) => r.metric),
  };
}
