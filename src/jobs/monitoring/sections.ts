import { formatCell } from '../render/format';
import { METRIC_SPECS } from './metrics';
import type { MonitoringReadout } from './readout';
import type { ThresholdTest } from '../../analysis/thresholdTest';
import type { Finding, ReportTable, Section } from '../report';

/** A window's estimate with its interval: the value, and for a percentile the share past the line it was tested on. */
function estimateText(t: ThresholdTest, fmt: (v: number | null) => string): string {
  const pct = (v: number) => `${(v * 100).toFixed(2)}%`;
  if (t.share) {
    const [lo, hi] = t.interval!;
    return `${fmt(t.estimate)}: ${pct(t.share.value)} of ${t.samples.toLocaleString('en-US')} past the line (${pct(lo)} to ${pct(hi)}; ${pct(t.share.allowed)} allowed)`;
  }
  return t.interval ? `${fmt(t.estimate)} (${fmt(t.interval[0])} to ${fmt(t.interval[1])})` : fmt(t.estimate);
}

const stamp = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')}Z`;
const TIER_ACTION = {
  hard: 'rollback recommended',
  critical: 'page on-call now',
  soft: 'page on-call, no rollback',
  warning: 'notify the team channel',
} as const;

/** The Monitoring section (US-3.3, US-3.4, US-3.5, US-4.4, US-4.5): threshold alerts, LLM metrics, canary and shadow verdicts. */
export function monitoringSection(r: MonitoringReadout): Section {
  const findings: Finding[] = [];
  const rows: ReportTable['rows'] = [];
  for (const a of r.alerts) {
    const def = METRIC_SPECS[a.rule.metric];
    const fmt = (v: number | null) => formatCell(v, def.format);
    const cond =
      a.kind === 'above'
        ? `> ${fmt(a.threshold)}`
        : a.kind === 'below'
          ? `< ${fmt(a.threshold)}`
          : a.kind === 'increase'
            ? `up > ${def.format === 'percent' ? `${(a.threshold * 100).toFixed(1)}pp` : fmt(a.threshold)} on ${fmt(a.baseline)}`
            : `±${(a.threshold * 100).toFixed(0)}% of ${fmt(a.baseline)}`;
    const status = a.notJudged ? 'NOT JUDGED' : a.fired ? 'FIRED' : 'ok';
    const w = a.worst;
    rows.push({
      rule: a.ruleId,
      tier: a.tier,
      metric: def.label,
      condition: cond,
      window: a.confirmMinutes ? `${a.rule.window}, confirmed over ${a.rule.confirmWindow}` : a.rule.window,
      worst: w ? estimateText(w.test, fmt) : 'n/a',
      when: w ? stamp(w.start) : '',
      p: w ? w.test.pValue : null,
      alpha: a.alpha,
      counts: `${a.windowsPast} / ${a.windowsSignificant} / ${a.windowsFired} / ${a.windowsJudged}`,
      status,
      guard: w ? w.guard : (a.notJudged ?? ''),
      traces: a.traceIds.join(' '),
    });
    if (a.fired && w) {
      findings.push({
        id: `monitoring.${a.ruleId}`,
        severity: a.severity,
        metric: a.rule.metric,
        value: w.test.estimate,
        threshold: a.threshold,
        baseline: a.baseline,
        traceIds: a.traceIds,
        message: `${a.tier.toUpperCase()}: ${def.label} ${estimateText(w.test, fmt)} (${cond}) over the ${a.rule.window} window from ${stamp(w.start)}, ${w.test.samples.toLocaleString('en-US')} samples; ${w.guard}; ${a.windowsFired} of ${a.windowsJudged} windows fired. Action: ${TIER_ACTION[a.tier]}. Traces: ${a.traceIds.join(', ') || 'none found'}.`,
      });
    } else if (a.notJudged) {
      findings.push({
        id: `monitoring.${a.ruleId}`,
        severity: 'info',
        metric: a.rule.metric,
        value: null,
        threshold: a.threshold,
        message: `${def.label} (${a.ruleId}) not judged: ${a.notJudged}.`,
      });
    }
  }
  const held = r.alerts.filter((a) => !a.fired && a.windowsPast > 0);
  if (held.length > 0)
    findings.push({
      id: 'monitoring.noise_guards',
      severity: 'info',
      metric: 'alert_windows_held',
      value: held.reduce((s, a) => s + a.windowsPast, 0),
      message: `Noise guards held back ${held.map((a) => `${a.ruleId} (${a.windowsPast} window${a.windowsPast === 1 ? '' : 's'} past the line, none significant and confirmed)`).join(', ')}.`,
    });
  const tables: ReportTable[] = [
    {
      id: 'monitoring.thresholds',
      title: `Thresholds, ${stamp(r.alertsWindow.from)} to ${stamp(r.alertsWindow.to)}`,
      columns: [
        { key: 'rule', label: 'Rule' },
        { key: 'tier', label: 'Tier' },
        { key: 'metric', label: 'Metric' },
        { key: 'condition', label: 'Alert when' },
        { key: 'window', label: 'Window' },
        { key: 'worst', label: 'Worst window (95% interval)' },
        { key: 'when', label: 'Worst at' },
        { key: 'p', label: 'p (one-sided)', format: 'pvalue' },
        { key: 'alpha', label: 'alpha', format: 'pvalue' },
        { key: 'counts', label: 'Past / significant / fired / judged' },
        { key: 'status', label: 'Status' },
        { key: 'guard', label: 'Guard' },
        { key: 'traces', label: 'Traces' },
      ],
      rows,
      notes: [
        `A window fires when it has at least the rule's minimum sample, its estimate is past the line, its one-sided test is significant at alpha (one false alarm a year for hard and critical rules when the metric sits exactly on its line; docs/monitoring.md), and, for rules with a confirmation window, the long window ending with it passes the same test. Percentiles are tested as the share of values past the line (a P99 above 5 s means more than 1% of turns slower than 5 s). Baselines for increase and relative-change rules: the ${Math.round((r.baselineWindow.to.getTime() - r.baselineWindow.from.getTime()) / 86_400_000)} days before the window (rates pooled, percentiles as the median window). Thresholds and guards: config/monitoring.json. Drill into a trace with mangalab trace ID.`,
      ],
    },
  ];

  tables.push({
    id: 'monitoring.llm',
    title: 'LLM metrics: time to first token and tokens per second',
    columns: [
      { key: 'dimension', label: 'By' },
      { key: 'segment', label: 'Segment' },
      { key: 'turns', label: 'LLM turns', format: 'integer' },
      { key: 'ttft_p50', label: 'TTFT P50', format: 'ms' },
      { key: 'ttft_p90', label: 'TTFT P90', format: 'ms' },
      { key: 'ttft_p99', label: 'TTFT P99', format: 'ms' },
      { key: 'tps_p50', label: 'TPS P50', format: 'number' },
      { key: 'tps_p90', label: 'TPS P90', format: 'number' },
      { key: 'tps_p99', label: 'TPS P99', format: 'number' },
    ],
    rows: r.llm.map((x) => ({
      dimension: x.dimension,
      segment: x.segment,
      turns: x.turns,
      ttft_p50: x.ttftP50,
      ttft_p90: x.ttftP90,
      ttft_p99: x.ttftP99,
      tps_p50: x.tpsP50,
      tps_p90: x.tpsP90,
      tps_p99: x.tpsP99,
    })),
    notes: ['Tokens per second: output tokens over (latency - TTFT) of each LLM turn.'],
  });

  rolloutParts(r, findings, tables);
  return { id: 'monitoring', title: 'Monitoring', findings, tables, charts: [] };
}

/** The canary and shadow verdicts: findings, and the shadow table. */
function rolloutParts(r: MonitoringReadout, findings: Finding[], tables: ReportTable[]): void {
  const c = r.canary;
  if (!c.result) {
    findings.push({
      id: 'monitoring.canary',
      severity: 'info',
      metric: 'canary_verdict',
      value: null,
      message: `Canary: no verdict, ${c.note}.`,
    });
  } else {
    findings.push({
      id: 'monitoring.canary',
      severity: c.result.verdict === 'rollback' ? 'critical' : 'info',
      metric: 'canary_verdict',
      value: c.result.canaryTurns,
      impact: { users: c.result.canaryTurns },
      ...(c.result.verdict === 'rollback'
        ? {
            action: {
              text: 'Roll the canary back to the baseline variant.',
              command: 'mangalab deploy rollback ENDPOINT --yes',
              owner: 'release owner (on call)',
            },
          }
        : {}),
      message: `Canary since ${stamp(c.window!.from)}: ${c.result.summary}${c.result.verdict === 'rollback' ? ' Run mangalab deploy rollback ENDPOINT.' : ''}`,
    });
    tables.push({
      id: 'monitoring.canary',
      title: `Canary against baseline since ${stamp(c.window!.from)}: ${c.result.verdict.toUpperCase()}`,
      columns: [
        { key: 'metric', label: 'Rule' },
        { key: 'canary', label: 'Canary' },
        { key: 'baseline', label: 'Baseline' },
        { key: 'limit', label: 'Rollback when' },
        { key: 'p', label: 'p (one-sided)', format: 'pvalue' },
        { key: 'breached', label: 'Breached' },
        { key: 'note', label: 'Test' },
      ],
      rows: c.result.rules.map((x) => {
        const f = x.metric === 'latency_p99_ms' ? 'ms' : 'percent';
        return {
          metric: x.metric,
          canary: formatCell(x.canary, f),
          baseline: formatCell(x.baseline, f),
          limit: x.metric === 'escalation_rate' ? `> baseline + ${(x.threshold * 100).toFixed(0)}pp` : `> ${formatCell(x.threshold, f)}`,
          p: x.pValue,
          breached: x.breached ? 'yes' : 'no',
          note: x.note,
        };
      }),
      notes: [
        `Noise rule: a rule triggers only when its estimate is past the limit and its one-sided test is significant at ${c.result.alpha}; a healthy verdict needs at least ${c.result.minTurns.toLocaleString('en-US')} canary turns (power to see a 2pp escalation rise). ${c.result.canaryTurns.toLocaleString('en-US')} canary turns so far.`,
      ],
    });
  }

  for (const s of r.shadow) {
    findings.push({
      id: `monitoring.shadow.${s.pair}`,
      severity: s.result.verdict === 'fail' ? 'warning' : 'info',
      metric: 'shadow_verdict',
      segment: s.pair,
      value: s.summary.comparisons,
      topic: `candidate ${s.pair.split(' vs ')[0]}`,
      ...(s.result.verdict === 'fail'
        ? {
            action: {
              text: `Keep ${s.pair.split(' vs ')[0]} out of production until its shadow comparison passes.`,
              owner: 'release owner',
            },
          }
        : {}),
      message: `Shadow ${s.pair}: ${s.result.summary}`,
    });
    tables.push({
      id: `monitoring.shadow.${s.pair}`,
      title: `Shadow mode, ${s.pair}: ${s.result.verdict.toUpperCase()}`,
      columns: [
        { key: 'criterion', label: 'Criterion' },
        { key: 'verdict', label: 'Verdict' },
        { key: 'detail', label: 'Measured' },
      ],
      rows: s.result.criteria.map((x) => ({ criterion: x.label, verdict: x.verdict.toUpperCase(), detail: x.detail })),
      notes: [
        `${s.summary.comparisons.toLocaleString('en-US')} comparisons over ${s.summary.days} days. BERTScore drop is 1 - mean F1 of the candidate's answers against production's.`,
      ],
    });
  }
  if (r.shadow.length === 0)
    findings.push({
      id: 'monitoring.shadow',
      severity: 'info',
      metric: 'shadow_verdict',
      value: null,
      message: 'Shadow mode: no shadow comparisons in the window.',
    });
}
