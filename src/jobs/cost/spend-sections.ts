import { relativeChange } from '../../analysis/relativeChange';
import type { CostReadout } from './types';
import { formatCell } from '../render/format';
import type { ChartSpec, Finding, ReportTable, Section } from '../report';
import { usd, pct, int, VL, changeText } from './wording';

export function attributionSection(r: CostReadout): Section {
  const { period, previous, config } = r;
  const findings: Finding[] = [];
  const days = Math.round((period.to.getTime() - period.from.getTime()) / 86_400_000);
  const budget = config.dailyBudgetUsd * days;
  // A period the source covers only in part (a month still running, an extract that starts mid-week) is compared
  // with care: say how many of its days hold data, for this period and the one before.
  const covered = (p: { from: Date; to: Date }) =>
    r.days.filter((d) => {
      const t = Date.parse(`${d.day}T00:00:00Z`);
      return t >= p.from.getTime() && t < p.to.getTime();
    }).length;
  const gaps = [period, previous]
    .map((p) => ({ p, have: covered(p), of: Math.round((p.to.getTime() - p.from.getTime()) / 86_400_000) }))
    .filter((g) => g.have < g.of);
  if (gaps.length > 0) {
    findings.push({
      id: 'cost.coverage',
      severity: 'warning',
      metric: 'days_with_data',
      value: gaps[0]!.have,
      message: `The source holds requests on ${gaps.map((g) => `${g.have} of the ${g.of} days of ${g.p.label}`).join(' and ')}: totals and the budget comparison cover only those days.`,
    });
  }
  findings.push({
    id: 'cost.total',
    severity: 'info',
    metric: 'llm_cost_usd',
    value: r.current.costUsd,
    baseline: r.prior.costUsd,
    message: `LLM cost ${usd(r.current.costUsd)} in ${period.label} over ${int(r.current.llmRequests)} priced LLM calls; ${changeText(r.current.costUsd, r.prior.llmRequests + r.prior.requests > 0 ? r.prior.costUsd : null, previous.label)}.`,
  });
  findings.push({
    id: 'cost.budget',
    severity: r.current.costUsd > budget ? 'warning' : 'info',
    metric: 'llm_cost_usd',
    value: r.current.costUsd,
    threshold: budget,
    message:
      r.current.costUsd > budget
        ? `Over budget: ${usd(r.current.costUsd)} against ${usd(budget)} (${days} day${days === 1 ? '' : 's'} at ${usd(config.dailyBudgetUsd)} a day), ${formatCell(r.current.costUsd / budget - 1, 'change')}.`
        : `Within budget: ${usd(r.current.costUsd)} of ${usd(budget)} (${days} day${days === 1 ? '' : 's'} at ${usd(config.dailyBudgetUsd)} a day), ${pct(r.current.costUsd / budget)} used.`,
  });
  const s = r.sessions.total;
  findings.push({
    id: 'cost.per_session',
    metric: 'llm_cost_per_session_usd',
    value: s.costPerSessionUsd,
    threshold: config.targetCostPerSessionUsd,
    baseline: r.sessions.previous?.costPerSessionUsd ?? null,
    severity: s.costPerSessionUsd === null ? 'warning' : s.costPerSessionUsd > config.targetCostPerSessionUsd ? 'warning' : 'info',
    message:
      s.costPerSessionUsd === null
        ? `Cost per session could not be computed: no session in ${period.label} could be costed.`
        : `Average LLM cost per session ${usd(s.costPerSessionUsd)} over ${int(s.costedSessions)} sessions, ${s.costPerSessionUsd > config.targetCostPerSessionUsd ? 'above' : 'within'} the ${usd(config.targetCostPerSessionUsd)} target${r.sessions.previous?.costPerSessionUsd != null ? ` (${previous.label}: ${usd(r.sessions.previous.costPerSessionUsd)})` : ''}.`,
  });
  const rejected = r.current.rejectedNegative + r.current.rejectedMissing;
  if (rejected > 0) {
    findings.push({
      id: 'cost.rejected_rows',
      severity: 'warning',
      metric: 'rejected_requests',
      value: rejected,
      message: `${int(rejected)} requests in ${period.label} were rejected and left out of every cost: ${int(r.current.rejectedNegative)} with a negative token count, ${int(r.current.rejectedMissing)} LLM calls with a missing one (${int(s.sessionsNotCosted)} sessions not costed).`,
    });
  }

  const total = r.current.costUsd;
  const breakdownTable = (dim: keyof CostReadout['breakdowns'], label: string): ReportTable => ({
    id: `cost.by_${dim}`,
    title: `LLM cost by ${label}, ${period.label}`,
    columns: [
      { key: 'key', label },
      { key: 'requests', label: 'Requests', format: 'integer' },
      { key: 'llm', label: 'Priced LLM calls', format: 'integer' },
      { key: 'cost', label: 'Cost', format: 'usd' },
      { key: 'share', label: 'Share of cost', format: 'percent' },
      { key: 'per_call', label: 'Cost per LLM call', format: 'usd' },
      { key: 'previous', label: previous.label, format: 'usd' },
      { key: 'change', label: 'Change', format: 'change' },
    ],
    rows: r.breakdowns[dim].map((b) => {
      const c = relativeChange(b.costUsd, b.previous ? b.previous.costUsd : null);
      return {
        key: b.key,
        requests: b.requests,
        llm: b.llmRequests,
        cost: b.costUsd,
        share: total > 0 ? b.costUsd / total : null,
        per_call: b.llmRequests > 0 ? b.costUsd / b.llmRequests : null,
        previous: b.previous ? b.previous.costUsd : null,
        change: c.computable ? c.relative : null,
      };
    }),
    notes: dim === 'model' ? ['Requests answered without an LLM call are listed as "(no LLM call)" and cost nothing.'] : undefined,
  });
  const perSession: ReportTable = {
    id: 'cost.per_session',
    title: `LLM cost per session, ${period.label}`,
    columns: [
      { key: 'key', label: 'Segment' },
      { key: 'sessions', label: 'Sessions', format: 'integer' },
      { key: 'cost', label: 'Cost', format: 'usd' },
      { key: 'per_session', label: 'Cost per session', format: 'usd' },
      { key: 'target', label: 'Target', format: 'usd' },
    ],
    rows: [s, ...r.sessions.userType, ...r.sessions.region].map((x) => ({
      key: x.key,
      sessions: x.costedSessions,
      cost: x.costUsd,
      per_session: x.costPerSessionUsd,
      target: config.targetCostPerSessionUsd,
    })),
    notes: [
      'A session counts its turns inside the period; a session with a rejected LLM turn is left out of the mean (listed in the findings).',
    ],
  };
  const chart: ChartSpec = {
    id: 'cost.daily_by_intent',
    title: 'LLM cost per day by intent',
    vegaLite: {
      $schema: VL,
      title: 'LLM cost per day by intent (the days before the period are its trailing window)',
      width: 600,
      height: 240,
      data: { values: r.dayIntent.filter((d) => d.costUsd > 0) },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        x: { field: 'day', type: 'ordinal', title: 'Day (UTC)', axis: { labelAngle: -45 } },
        y: { field: 'costUsd', type: 'quantitative', title: 'LLM cost (USD)', stack: 'zero' },
        color: { field: 'intent', type: 'nominal', title: 'Intent' },
      },
    },
  };
  return {
    id: 'cost.attribution',
    title: 'Cost attribution',
    findings,
    tables: [
      breakdownTable('intent', 'Intent'),
      breakdownTable('model', 'Model'),
      breakdownTable('user_type', 'User type'),
      breakdownTable('region', 'Region'),
      perSession,
    ],
    charts: [chart],
  };
}

export function dailySection(r: CostReadout): Section {
  const { config } = r;
  const findings: Finding[] = [];
  for (const d of r.days.filter((x) => x.inPeriod)) {
    if (d.ratio === null) {
      findings.push({
        id: `cost.spike.${d.day}`,
        severity: 'info',
        metric: 'daily_llm_cost_ratio',
        segment: d.day,
        value: null,
        threshold: config.spikeRatio,
        message: `${d.day}: no spike check, ${d.reason}.`,
      });
    } else if (d.spike) {
      findings.push({
        id: `cost.spike.${d.day}`,
        severity: 'warning',
        metric: 'daily_llm_cost_ratio',
        segment: d.day,
        value: d.ratio,
        threshold: config.spikeRatio,
        baseline: d.trailingMean,
        impact: { usd: (d.value ?? 0) - (d.trailingMean ?? 0) },
        topic: 'daily LLM cost spike',
        action: { text: `Find what changed on ${d.day} (context size, cache, traffic) and cap it.`, owner: 'cost owner' },
        message: `${d.day}: LLM cost ${usd(d.value)} is ${d.ratio.toFixed(2)}x the average of the ${config.trailingDays} days before it (${usd(d.trailingMean)}; the day itself excluded), above ${config.spikeRatio}x.`,
      });
    }
  }
  const checked = r.days.filter((x) => x.inPeriod && x.ratio !== null);
  if (checked.length > 0 && !checked.some((d) => d.spike)) {
    const worst = checked.reduce((a, b) => (b.ratio! > a.ratio! ? b : a));
    findings.push({
      id: 'cost.spike.none',
      severity: 'info',
      metric: 'daily_llm_cost_ratio',
      value: worst.ratio,
      threshold: config.spikeRatio,
      message: `No day above ${config.spikeRatio}x its trailing ${config.trailingDays}-day average; the highest was ${worst.day} at ${worst.ratio!.toFixed(2)}x.`,
    });
  }
  const table: ReportTable = {
    id: 'cost.daily',
    title: 'Daily LLM cost against the trailing average',
    columns: [
      { key: 'day', label: 'Day' },
      { key: 'in_period', label: 'In period' },
      { key: 'requests', label: 'Requests', format: 'integer' },
      { key: 'cost', label: 'LLM cost', format: 'usd' },
      { key: 'trailing', label: `Trailing ${config.trailingDays}-day mean`, format: 'usd' },
      { key: 'ratio', label: 'Ratio', format: 'number' },
      { key: 'spike', label: `Above ${config.spikeRatio}x` },
      { key: 'rejected', label: 'Rejected rows', format: 'integer' },
    ],
    rows: r.days.map((d) => ({
      day: d.day,
      in_period: d.inPeriod ? 'yes' : 'window',
      requests: d.requests,
      cost: d.value,
      trailing: d.trailingMean,
      ratio: d.ratio,
      spike: d.ratio === null ? 'n/a' : d.spike ? 'yes' : 'no',
      rejected: d.rejected,
    })),
    notes: [
      `Each day is compared with the mean of the ${config.trailingDays} calendar days before it, the day itself excluded; days missing from the data are left out of the mean, never counted as $0, and a mean needs all ${config.trailingDays} days.`,
      ...r.days.filter((d) => d.reason && d.inPeriod).map((d) => `${d.day}: ${d.reason}.`),
    ],
  };
  const values = r.days.map((d) => ({
    day: d.day,
    cost: d.value,
    limit: d.trailingMean === null ? null : d.trailingMean * config.spikeRatio,
    flag: d.spike ? 'spike' : d.inPeriod ? 'period' : 'window',
  }));
  const chart: ChartSpec = {
    id: 'cost.daily_spikes',
    title: 'Daily LLM cost and the spike line',
    vegaLite: {
      $schema: VL,
      title: `Daily LLM cost and ${config.spikeRatio}x the trailing ${config.trailingDays}-day mean`,
      width: 600,
      height: 220,
      data: { values },
      layer: [
        {
          mark: { type: 'bar', tooltip: true },
          encoding: {
            x: { field: 'day', type: 'ordinal', title: 'Day (UTC)', axis: { labelAngle: -45 } },
            y: { field: 'cost', type: 'quantitative', title: 'LLM cost (USD)' },
            color: {
              field: 'flag',
              type: 'nominal',
              title: 'Day',
              scale: { domain: ['window', 'period', 'spike'], range: ['#bbbbbb', '#4c78a8', '#e45756'] },
            },
          },
        },
        {
          mark: { type: 'line', color: '#222222', strokeDash: [4, 3], point: true },
          encoding: { x: { field: 'day', type: 'ordinal' }, y: { field: 'limit', type: 'quantitative' } },
        },
      ],
    },
  };
  return { id: 'cost.daily', title: 'Daily cost and spikes', findings, tables: [table], charts: [chart] };
}
