import type { CategorySummary } from '../../analysis/errorSummary';
import type { ErrorsReadout, FeedbackRate } from './readout';
import { formatCell } from '../render/format';
import type { ChartSpec, Finding, ReportTable, Section } from '../report';

const pct = (v: number | null) => formatCell(v, 'percent');
const usd = (v: number) => formatCell(v, 'usd');

/** What to put on the sprint backlog for each category (US-8.2: action items feed the backlog). */
export const CATEGORY_ACTIONS: Record<string, string> = {
  wrong_intent: 'review the misrouted examples; add them to the classifier training data and the golden set',
  bad_retrieval: 'check chunking and the retriever on these queries (mangalab experiment chunks); fill knowledge-base gaps',
  hallucination: 'tighten the grounding rules of the prompt; add the cases to the golden set as adversarial entries',
  unhelpful_tone: 'review tone guidance in the prompt; sample for the human evaluation',
  missing_info: 'raise the token budget or shorten context for these intents; check answers cut at max_tokens',
  format_issue: 'tighten the format rules and the format_check guardrail',
  out_of_scope: 'review guardrail blocks and the hand-off path; decide which requests the assistant should serve',
  slow_response: 'profile latency of these turns (retrieval, model, tokens); consider caching or a smaller model',
  other: 'read the example traces and refine the categorizer rules',
};

function categoryTable(id: string, title: string, rows: CategorySummary[], notes: string[]): ReportTable {
  return {
    id,
    title,
    columns: [
      { key: 'category', label: 'Category' },
      { key: 'turns', label: 'Turns', format: 'integer' },
      { key: 'share', label: 'Share', format: 'percent' },
      { key: 'previous', label: 'Previous week', format: 'integer' },
      { key: 'change', label: 'Change', format: 'change' },
      { key: 'escalations', label: 'Escalations', format: 'integer' },
      { key: 'impact', label: 'Impact (USD)', format: 'usd' },
      { key: 'examples', label: 'Example traces' },
    ],
    rows: rows.map((c) => ({
      category: c.category,
      turns: c.turns,
      share: c.share,
      previous: c.previousTurns,
      change: c.change,
      escalations: c.escalations,
      impact: Number(c.impactUsd.toFixed(2)),
      examples: c.examples.join(' '),
    })),
    notes,
  };
}

function rateRows(rates: FeedbackRate[], dimension: FeedbackRate['dimension'], week: string) {
  return rates
    .filter((r) => r.dimension === dimension && r.week === week)
    .sort((a, b) => b.rated - a.rated)
    .map((r) => ({
      value: r.value,
      rated: r.rated,
      rate: r.interval?.estimate ?? null,
      lower: r.interval?.lower ?? null,
      upper: r.interval?.upper ?? null,
    }));
}

/**
 * The Errors & Feedback section (US-8.2, US-8.1): top failure categories by frequency and by business impact with
 * example traces and week-over-week change, the rules behind them, the LLM categorizer's view and agreement when it
 * ran, and thumbs-up rates against the target with Wilson intervals.
 */
export function errorsSection(r: ErrorsReadout): Section {
  const findings: Finding[] = [];
  const tables: ReportTable[] = [];
  failureParts(r, findings, tables);
  labelledPart(r, tables);
  feedbackParts(r, findings, tables);
  const charts = feedbackTrend(r, findings);
  return { id: 'errors', title: 'Errors & Feedback', findings, tables, charts };
}

/** The failure categories this week against the last, with impact, examples and the backlog. */
function failureParts(r: ErrorsReadout, findings: Finding[], tables: ReportTable[]): void {
  const s = r.summary;
  const impactNote = `Impact: escalations x $${r.config.impact.escalationCostUsd.toFixed(2)} (an agent contact) + unconverted sessions x ${r.baselineConversion === null ? 'baseline conversion (not computable: no clean sessions)' : pct(r.baselineConversion)} baseline conversion x $${r.config.impact.averageOrderValueUsd.toFixed(2)} average order; a session with several failures is split evenly over them.`;
  if (s.total === 0) {
    findings.push({
      id: 'errors.total',
      severity: 'info',
      metric: 'negative_signals',
      value: 0,
      message: `No negative signals (thumbs-down, escalations, guardrail blocks) in ${r.current.label}.`,
    });
  } else {
    const change = s.previousTotal > 0 ? s.total / s.previousTotal - 1 : null;
    findings.push({
      id: 'errors.total',
      severity: 'info',
      metric: 'negative_signals',
      value: s.total,
      baseline: s.previousTotal,
      message: `${s.total.toLocaleString('en-US')} negative signals in ${r.current.label} (${change === null ? 'none the week before' : `${formatCell(change, 'change')} on ${r.previous.label}`}), costing an estimated ${usd(s.totalImpactUsd)}. Top by frequency: ${s.byFrequency
        .slice(0, 3)
        .map((c) => `${c.category} ${pct(c.share)}`)
        .join(', ')}; top by impact: ${s.byImpact
        .slice(0, 3)
        .map((c) => `${c.category} ${usd(c.impactUsd)}`)
        .join(', ')}.`,
      traceIds: s.byFrequency[0]?.examples,
    });
    for (const c of s.byImpact.slice(0, 5)) {
      if (c.change !== null && c.change > 0.25 && c.turns >= 50) {
        findings.push({
          id: `errors.rising.${c.category}`,
          severity: 'warning',
          metric: 'failure_count_change',
          segment: c.category,
          value: c.change,
          threshold: 0.25,
          baseline: c.previousTurns,
          impact: { users: c.turns, usd: c.impactUsd },
          action: { text: `${CATEGORY_ACTIONS[c.category]}.`, owner: 'assistant quality owner' },
          message: `${c.category} failures rose ${formatCell(c.change, 'change')} week over week (${c.previousTurns.toLocaleString('en-US')} to ${c.turns.toLocaleString('en-US')}; impact ${usd(c.impactUsd)}). Action: ${CATEGORY_ACTIONS[c.category]}.`,
          traceIds: c.examples,
        });
      }
    }
  }
  tables.push(
    categoryTable(
      'errors.top_frequency',
      `Top ${s.byFrequency.length} failure categories by frequency, ${r.current.label}`,
      s.byFrequency,
      [`Categorized by the rule-based categorizer over all ${s.total.toLocaleString('en-US')} negative turns (rules: docs/errors.md).`],
    ),
  );
  tables.push(
    categoryTable('errors.top_impact', `Top ${s.byImpact.length} failure categories by business impact, ${r.current.label}`, s.byImpact, [
      impactNote,
    ]),
  );
  tables.push({
    id: 'errors.backlog',
    title: 'For the sprint backlog',
    columns: [
      { key: 'rank', label: '#', format: 'integer' },
      { key: 'item', label: 'Item' },
      { key: 'impact', label: 'Impact (USD / week)', format: 'usd' },
      { key: 'evidence', label: 'Evidence' },
    ],
    rows: s.byImpact.map((c, i) => ({
      rank: i + 1,
      item: `[${c.category}] ${CATEGORY_ACTIONS[c.category]}`,
      impact: Number(c.impactUsd.toFixed(2)),
      evidence: `${c.turns.toLocaleString('en-US')} turns (${pct(c.share)}), traces ${c.examples.join(', ')}`,
    })),
    notes: ['Open a trace with `mangalab trace ID`. Ranked by impact.'],
  });
  tables.push({
    id: 'errors.rules',
    title: 'Which rules placed the turns',
    columns: [
      { key: 'category', label: 'Category' },
      { key: 'rule', label: 'Rule' },
      { key: 'turns', label: 'Turns', format: 'integer' },
    ],
    rows: r.rules.map((x) => ({ ...x })),
  });

  if (r.categorizer === 'bedrock' && r.llm) {
    const run = r.llm.run;
    if (run.outage) {
      findings.push({
        id: 'errors.llm',
        severity: 'warning',
        metric: 'llm_categorizer',
        value: null,
        message: `The LLM categorizer was unavailable (${run.outage}): the categories above are the rule-based ones only.`,
      });
    } else {
      const trust = r.judges.llm;
      findings.push({
        id: 'errors.llm',
        severity: trust?.trusted ? 'info' : 'warning',
        metric: 'rules_llm_kappa',
        value: r.llm.rulesVsLlm.kappa,
        message: `${trust?.trusted ? '' : 'Judge not trusted: '}${run.modelId} (prompt v${run.promptVersion}) categorized ${r.llm.sampled - run.overCap - run.unanswered} of ${r.llm.sampled} sampled negative turns for $${run.spentUsd.toFixed(3)} (${run.cachedTurns} from the cache); ${run.invalid} answers outside the list counted as other; ${run.unanswered + run.overCap} kept their rule-based category (${run.overCap} over the $${r.config.llm.spendCapUsd.toFixed(2)} cap${run.notSent > 0 ? `; ${run.notSent} calls not sent within the ${r.config.llm.timeLimitS} s time limit` : ''}). Rules and model agree on ${pct(r.llm.rulesVsLlm.accuracy)} (kappa ${formatCell(r.llm.rulesVsLlm.kappa, 'number')}). Its record: ${trust?.reason ?? 'not read'}${trust?.trusted ? '' : '; its categories are shown below for reading, and the ranking and backlog above use the rule-based ones'}.`,
      });
    }
    tables.push({
      id: 'errors.llm_sample',
      title: `Rules against ${run.modelId} on ${r.llm.sampled} sampled negative turns${r.judges.llm?.trusted ? '' : ' (judge not trusted)'}`,
      columns: [
        { key: 'category', label: 'Category' },
        { key: 'rules', label: 'Rules', format: 'integer' },
        { key: 'llm', label: 'LLM', format: 'integer' },
        { key: 'examples', label: 'LLM examples' },
      ],
      rows: r.llm.shares.map((x) => ({ category: x.category, rules: x.rules, llm: x.llm, examples: x.examples.join(' ') })),
      notes: [
        'A fixed pseudo-random sample (md5 of the trace id); turns the model did not answer count under their rule-based category in both columns.',
      ],
    });
  } else {
    findings.push({
      id: 'errors.llm',
      severity: 'info',
      metric: 'llm_categorizer',
      value: null,
      message: 'The LLM-assisted categorizer did not run (use --categorizer bedrock): categories are rule-based.',
    });
  }
}

/** Agreement of the categorizer with the human labels. */
function labelledPart(r: ErrorsReadout, tables: ReportTable[]): void {
  const l = r.labelled;
  tables.push({
    id: 'errors.agreement',
    title: "Categorizers against the human annotators' failure categories",
    columns: [
      { key: 'categorizer', label: 'Categorizer' },
      { key: 'n', label: 'Labelled turns', format: 'integer' },
      { key: 'accuracy', label: 'Agreement', format: 'percent' },
      { key: 'kappa', label: "Cohen's kappa", format: 'number' },
      { key: 'record', label: 'Stored record (mangalab judge check)' },
      { key: 'note', label: 'Note' },
    ],
    rows: [
      {
        categorizer: 'rules',
        n: l.rules.n,
        accuracy: l.rules.accuracy,
        kappa: l.rules.kappa,
        record: r.judges.rules.reason,
        note: l.rules.note ?? '',
      },
      ...(l.llm
        ? [
            {
              categorizer: r.llm?.run.modelId ?? 'llm',
              n: l.llm.n,
              accuracy: l.llm.accuracy,
              kappa: l.llm.kappa,
              record: r.judges.llm?.reason ?? '',
              note: l.llm.note ?? '',
            },
          ]
        : []),
    ],
    notes: [
      `Turns of ${r.current.label} that both annotators gave the same failure category (other than none). The rules see only the logged signals, so tone and missing information are mostly beyond them.${l.llm ? '' : ' The LLM categorizer was not measured (it did not run, or was unavailable).'} The stored record is measured over more weeks; a judge below its floor is marked not trusted.`,
      r.priors.length
        ? `Intent priors in use (learned from earlier weeks' labels): ${r.priors.map((p) => `${p.intent} -> ${p.category} (${p.k} of ${p.n})`).join('; ')}.`
        : "No intent prior in use: in earlier weeks' labels, no intent's unplaced turns leaned to one category beyond chance.",
    ],
  });
}

/** Thumbs-up rates with Wilson intervals against the target, by dimension. */
function feedbackParts(r: ErrorsReadout, findings: Finding[], tables: ReportTable[]): void {
  const week = r.current.from.toISOString().slice(0, 10);
  const target = r.config.feedback.targetThumbsUpRate;
  const overall = r.feedback.find((f) => f.dimension === 'all' && f.week === week);
  if (!overall?.interval) {
    findings.push({
      id: 'feedback.rate',
      severity: 'warning',
      metric: 'thumbs_up_rate',
      value: null,
      threshold: target,
      message: `Thumbs-up rate could not be computed: no rated responses in ${r.current.label}.`,
    });
  } else {
    const below = overall.interval.upper < target;
    findings.push({
      id: 'feedback.rate',
      severity: below ? 'warning' : 'info',
      metric: 'thumbs_up_rate',
      value: overall.interval.estimate,
      threshold: target,
      message: `Thumbs-up rate ${pct(overall.interval.estimate)} (95% ${pct(overall.interval.lower)} to ${pct(overall.interval.upper)}) over ${overall.rated.toLocaleString('en-US')} rated responses in ${r.current.label}; target above ${pct(target)}${below ? ': below target' : ''}.`,
    });
    for (const f of r.feedback.filter(
      (x) => x.week === week && x.dimension !== 'all' && x.rated >= r.config.feedback.minRated && x.interval && x.interval.upper < target,
    )) {
      findings.push({
        id: `feedback.low.${f.dimension}.${f.value}`,
        severity: 'warning',
        metric: 'thumbs_up_rate',
        segment: `${f.dimension}=${f.value}`,
        value: f.interval!.estimate,
        impact: { users: f.rated },
        threshold: target,
        message: `${f.dimension} ${f.value}: thumbs-up ${pct(f.interval!.estimate)} (95% up to ${pct(f.interval!.upper)}) over ${f.rated.toLocaleString('en-US')} rated responses, credibly under the ${pct(target)} target.`,
      });
    }
  }
  for (const dimension of ['intent', 'model_version', 'prompt_version'] as const) {
    tables.push({
      id: `feedback.${dimension}`,
      title: `Thumbs-up rate by ${dimension.replace('_', ' ')}, ${r.current.label}`,
      columns: [
        { key: 'value', label: dimension.replace('_', ' ') },
        { key: 'rated', label: 'Rated', format: 'integer' },
        { key: 'rate', label: 'Thumbs-up', format: 'percent' },
        { key: 'lower', label: '95% low', format: 'percent' },
        { key: 'upper', label: '95% high', format: 'percent' },
      ],
      rows: rateRows(r.feedback, dimension, week),
      notes: [
        `Per rated response; Wilson score intervals; target above ${pct(target)}. Fewer than ${r.config.feedback.minRated} ratings raise no finding.`,
      ],
    });
  }
  tables.push({
    id: 'feedback.trend',
    title: 'Weekly thumbs-up rate, all rated responses',
    columns: [
      { key: 'week', label: 'Week of' },
      { key: 'rated', label: 'Rated', format: 'integer' },
      { key: 'rate', label: 'Thumbs-up', format: 'percent' },
      { key: 'lower', label: '95% low', format: 'percent' },
      { key: 'upper', label: '95% high', format: 'percent' },
      { key: 'target', label: 'Against target' },
    ],
    rows: r.feedback
      .filter((f) => f.dimension === 'all')
      .map((f) => ({
        week: f.week,
        rated: f.rated,
        rate: f.interval?.estimate ?? null,
        lower: f.interval?.lower ?? null,
        upper: f.interval?.upper ?? null,
        target: !f.interval
          ? 'no ratings'
          : f.interval.lower > target
            ? 'above'
            : f.interval.upper < target
              ? 'below'
              : 'not distinguishable',
      })),
  });
}

/** The weekly thumbs-up trend chart, or a finding that there is none. */
function feedbackTrend(r: ErrorsReadout, findings: Finding[]): ChartSpec[] {
  const weeks = [...new Set(r.feedback.map((f) => f.week))].sort();
  const target = r.config.feedback.targetThumbsUpRate;
  const trend = r.feedback.filter((f) => f.dimension === 'all' || f.dimension === 'prompt_version').filter((f) => f.interval);
  const charts = trend.length
    ? [
        {
          id: 'feedback.trend',
          title: 'Weekly thumbs-up rate against the target',
          vegaLite: {
            $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
            title: 'Weekly thumbs-up rate against the target',
            width: 560,
            height: 220,
            layer: [
              {
                data: {
                  values: trend.map((f) => ({
                    week: f.week,
                    series: f.dimension === 'all' ? 'all' : `prompt ${f.value}`,
                    rate: f.interval!.estimate,
                    lower: f.interval!.lower,
                    upper: f.interval!.upper,
                  })),
                },
                layer: [
                  {
                    mark: { type: 'errorband', opacity: 0.2 },
                    encoding: {
                      x: { field: 'week', type: 'temporal', title: 'Week' },
                      y: { field: 'lower', type: 'quantitative', title: 'Thumbs-up rate', axis: { format: '%' } },
                      y2: { field: 'upper' },
                      color: { field: 'series', type: 'nominal', title: 'Series' },
                    },
                  },
                  {
                    mark: { type: 'line', point: true, tooltip: true },
                    encoding: {
                      x: { field: 'week', type: 'temporal', title: 'Week' },
                      y: { field: 'rate', type: 'quantitative', title: 'Thumbs-up rate', axis: { format: '%' } },
                      color: { field: 'series', type: 'nominal', title: 'Series' },
                    },
                  },
                ],
              },
              {
                data: { values: [{ target }] },
                mark: { type: 'rule', strokeDash: [4, 4], color: 'firebrick' },
                encoding: { y: { field: 'target', type: 'quantitative' } },
              },
            ],
          },
        },
      ]
    : [];
  if (weeks.length === 0)
    findings.push({
      id: 'feedback.trend',
      severity: 'info',
      metric: 'thumbs_up_rate',
      value: null,
      message: 'No feedback in the trailing eight weeks: no trend to show.',
    });
  return charts;
}
