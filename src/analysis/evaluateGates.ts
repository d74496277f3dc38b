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
  /** NOISE: past its threshold, but by a change the paired test cannot tell from noise (neither pass nor fail). */
  status: 'PASS' | 'FAIL' | 'NOT COMPUTED' | 'NOISE';
  /** NOT COMPUTED and NOISE gates: why. */
  reason?: string;
  blocking: boolean;
}

export interface GatesOutcome {
  gates: GateResult[];
  passed: boolean;
  failed: string[];
  notComputed: string[];
  /** Gates past their threshold by a change not distinguishable from noise: reported, not blocking. */
  noise: string[];
}

/** For a gate on a change against a baseline: whether the change is beyond noise, and the sentence saying so. */
export interface GateNoise {
  significant: boolean;
  reason: string;
}

/**
 * Checks metrics against the quality gates: each gate PASS or FAIL, or NOT COMPUTED with the reason when its metric
 * has no value. A NOT COMPUTED gate fails the run unless it may be skipped; the run passes only when no gate blocks.
 * Values are compared as given (no rounding): 0.8999999 does not pass a 0.90 gate. A gate on a change against a
 * baseline (`noise` names its paired test) fails only when the change is also beyond noise; past its threshold by a
 * change the test cannot tell from noise it is NOISE, with the reason, and does not block.
 * Reference: MangaAssist US-3.2 and US-2.2 (../shared/seeds).
 *
 * @throws RangeError for a gate whose threshold is not a finite number, or a metric listed twice in the gates.
 * @example
 * evaluateGates({ intent_accuracy: { value: 0.93 } }, [{ metric: 'intent_accuracy', comparator: '>=', threshold: 0.9 }]).passed // => true
 */
export function evaluateGates(
  metrics: Record<string, MetricValue>,
  gates: GateSpec[],
  noise: Record<string, GateNoise> = {},
): GatesOutcome {
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
    const n = noise[g.metric];
    if (!ok && n && !n.significant) return { ...g, value: v, status: 'NOISE', reason: n.reason, blocking: false };
    return { ...g, value: v, status: ok ? 'PASS' : 'FAIL', blocking: !ok };
  });
  return {
    gates: results,
    passed: results.every((r) => !r.blocking),
    failed: results.filter((r) => r.status === 'FAIL').map((r) => r.metric),
    notComputed: results.filter((r) => r.status === 'NOT COMPUTED').map((r) => r.metric),
    noise: results.filter((r) => r.status === 'NOISE').map((r) => r.metric),
  };
}
