import { formatCell } from '../render/format';
import type { DriftReadout } from './readout';
import type { ChartSpec, Finding, ReportTable, Section } from '../report';

const pct = (v: number | null) => formatCell(v, 'percent');
const day = (d: Date) => d.toISOString().slice(0, 10);
const span = (w: { from: Date; to: Date }) => `${day(w.from)} to ${day(new Date(w.to.getTime() - 1))}`;

/** Recommended actions by drift kind (US-4.2: alerts carry what to do). */
const ACTIONS = {
  intent: 'investigate the query patterns behind the shifted intents; retrain the classifier or augment its training data',
  embedding: "re-index the knowledge base with recent queries and augment the classifier's training data",
  accuracy: 'retrain the intent classifier on the latest labelled data',
  numeric: 'check the prompt and retrieval changes of the window; adjust the prompt if answers grew or slowed',
};

/** The Drift section (US-4.2, US-8.3): intent mix, numeric distributions, embeddings, classifier accuracy, retraining. */
export function driftSection(r: DriftReadout): Section {
  const findings: Finding[] = [];
  const tables: ReportTable[] = [];
  const where = span(r.current);

  intentDrift(r, findings, tables, where);
  numericDrift(r, findings, tables, where);
  modelDrift(r, findings, tables, where);
  return { id: 'drift', title: 'Drift', findings, tables, charts: driftCharts(r) };
}

/** Intent mix against the training baseline. */
function intentDrift(r: DriftReadout, findings: Finding[], tables: ReportTable[], where: string): void {
  if (r.intent) {
    const it = r.intent;
    for (const a of it.alerts) {
      findings.push({
        id: `drift.intent.${a.intent}`,
        severity: 'warning',
        metric: 'intent_share_shift_pp',
        segment: a.intent,
        value: a.shiftPp,
        threshold: it.thresholdPp,
        baseline: a.baselineShare,
        message: `Intent drift: ${a.intent} is ${pct(a.currentShare)} of turns in ${where} against ${pct(a.baselineShare)} at training (${a.shiftPp >= 0 ? '+' : ''}${a.shiftPp.toFixed(1)}pp, more than ${it.thresholdPp}pp). Action: ${ACTIONS.intent}.`,
      });
    }
    findings.push({
      id: 'drift.intent',
      severity: 'info',
      metric: 'intent_psi',
      value: it.psi.statistic,
      message: `Intent mix over ${it.total.toLocaleString('en-US')} turns: ${it.alerts.length} of ${it.intents.length} intents moved more than ${it.thresholdPp}pp; PSI ${it.psi.statistic.toFixed(4)} (${it.psi.band}); Jensen-Shannon distance ${it.jensenShannon.toFixed(4)}; ${it.chiSquare ? `chi-square ${it.chiSquare.statistic.toFixed(1)} on ${it.chiSquare.df} df, p ${formatCell(it.chiSquare.pValue, 'pvalue')}` : `chi-square ${it.chiSquareNote}`}.`,
    });
    tables.push({
      id: 'drift.intents',
      title: `Intent shares, ${where} against the training baseline`,
      columns: [
        { key: 'intent', label: 'Intent' },
        { key: 'baseline', label: 'Baseline', format: 'percent' },
        { key: 'current', label: 'Current', format: 'percent' },
        { key: 'turns', label: 'Turns', format: 'integer' },
        { key: 'shift', label: 'Shift (pp)', format: 'number' },
        { key: 'alert', label: 'Alert' },
      ],
      rows: it.intents.map((i) => ({
        intent: i.intent,
        baseline: i.baselineShare,
        current: i.currentShare,
        turns: i.currentCount,
        shift: Number(i.shiftPp.toFixed(2)),
        alert: i.alert ? `more than ${it.thresholdPp}pp` : '',
      })),
      notes: [
        `PSI floors empty shares at ${it.psi.epsilon}; bands: under 0.1 stable, 0.1 to 0.25 moderate, above 0.25 significant. Jensen-Shannon distance in base 2 (0 to 1).`,
      ],
    });
  } else {
    findings.push({
      id: 'drift.intent',
      severity: 'warning',
      metric: 'intent_psi',
      value: null,
      message: `Intent drift could not be computed: ${r.intentNote}.`,
    });
  }
}

/** KS and Wasserstein on each numeric metric. */
function numericDrift(r: DriftReadout, findings: Finding[], tables: ReportTable[], where: string): void {
  const numericRows: ReportTable['rows'] = [];
  for (const m of r.numeric) {
    if (!m.ks) {
      findings.push({
        id: `drift.numeric.${m.metric}`,
        severity: 'warning',
        metric: `${m.metric}_ks`,
        value: null,
        message: `Distribution drift of ${m.metric} could not be computed: ${m.note}.`,
      });
    } else if (m.ks.pValue < 0.01) {
      findings.push({
        id: `drift.numeric.${m.metric}`,
        severity: 'info',
        metric: `${m.metric}_ks`,
        value: m.ks.statistic,
        message: `${m.metric} moved between ${span(r.reference)} and ${where}: mean ${formatCell(m.referenceMean, 'number')} to ${formatCell(m.currentMean, 'number')}, KS D ${m.ks.statistic.toFixed(4)} (p ${formatCell(m.ks.pValue, 'pvalue')}), Wasserstein ${formatCell(m.wasserstein, 'number')}. Action: ${ACTIONS.numeric}.`,
      });
    }
    numericRows.push({
      metric: m.metric,
      reference: m.referenceMean,
      current: m.currentMean,
      d: m.ks?.statistic ?? null,
      p: m.ks?.pValue ?? null,
      wasserstein: m.wasserstein,
      n: m.ks ? `${m.ks.n1.toLocaleString('en-US')} / ${m.ks.n2.toLocaleString('en-US')}` : (m.note ?? ''),
    });
  }
  tables.push({
    id: 'drift.numeric',
    title: `Numeric distributions, ${span(r.reference)} against ${where}`,
    columns: [
      { key: 'metric', label: 'Metric' },
      { key: 'reference', label: 'Reference mean', format: 'number' },
      { key: 'current', label: 'Current mean', format: 'number' },
      { key: 'd', label: 'KS D', format: 'number' },
      { key: 'p', label: 'KS p', format: 'pvalue' },
      { key: 'wasserstein', label: 'Wasserstein', format: 'number' },
      { key: 'n', label: 'Values (ref / cur)' },
    ],
    rows: numericRows,
    notes: [
      "Two-sample Kolmogorov-Smirnov (SciPy ks_2samp semantics) and first Wasserstein distance (in the metric's unit), both from value counts computed in the warehouse. With hundreds of thousands of values, tiny shifts are significant: read D and the Wasserstein distance for size.",
    ],
  });
}

/** Embedding drift, classifier accuracy and the retraining trigger. */
function modelDrift(r: DriftReadout, findings: Finding[], tables: ReportTable[], where: string): void {
  const e = r.embedding;
  if (!e.ks) {
    findings.push({
      id: 'drift.embedding',
      severity: 'warning',
      metric: 'embedding_ks_p',
      value: null,
      message: `Embedding drift could not be computed: ${e.note}.`,
    });
  } else {
    findings.push({
      id: 'drift.embedding',
      severity: e.drifted ? 'warning' : 'info',
      metric: 'embedding_ks_p',
      value: e.ks.pValue,
      threshold: 0.01,
      message: e.drifted
        ? `Embedding drift: production queries of ${where} sit farther from the training centroid (mean cosine similarity ${e.productionMeanSimilarity!.toFixed(3)} against ${e.trainingMeanSimilarity!.toFixed(3)} for training queries; KS D ${e.ks.statistic.toFixed(3)}, p ${formatCell(e.ks.pValue, 'pvalue')} over ${e.productionEmbeddings} production and ${e.trainingEmbeddings} training embeddings). Action: ${ACTIONS.embedding}.`
        : `No embedding drift: production queries' similarity to the training centroid matches the training queries' (KS D ${e.ks.statistic.toFixed(3)}, p ${formatCell(e.ks.pValue, 'pvalue')}, ${e.productionEmbeddings} production embeddings).`,
    });
  }

  const a = r.accuracy;
  findings.push(
    a.accuracy === null
      ? {
          id: 'drift.accuracy',
          severity: 'warning',
          metric: 'intent_accuracy',
          value: null,
          message: 'Classifier accuracy could not be computed: no labelled turns before the end of the window.',
        }
      : {
          id: 'drift.accuracy',
          severity: a.accuracy < 0.88 ? 'warning' : 'info',
          metric: 'intent_accuracy',
          value: a.accuracy,
          threshold: 0.88,
          message: `Intent classifier accuracy ${pct(a.accuracy)} over the latest ${a.labelled} labelled turns (${a.firstTs ? day(a.firstTs) : '?'} to ${a.lastTs ? day(a.lastTs) : '?'})${a.accuracy < 0.88 ? `, under 88%. Action: ${ACTIONS.accuracy}.` : '.'}`,
        },
  );

  const t = r.retraining;
  findings.push({
    id: 'drift.retraining',
    severity: t.retrain ? 'warning' : 'info',
    metric: 'retraining_recommended',
    value: t.retrain ? 1 : 0,
    message: t.retrain
      ? `Retraining recommended: ${t.reasons.join('; ')}. ${t.action}`
      : `No retraining needed${t.notJudged.length ? ` (not judged: ${t.notJudged.join('; ')})` : ''}.`,
  });
  tables.push({
    id: 'drift.training_data',
    title: 'Training data a retraining run would assemble',
    columns: [
      { key: 'intent', label: 'Intent' },
      { key: 'labelled', label: 'Labelled turns', format: 'integer' },
      { key: 'production', label: 'Recent confident production turns', format: 'integer' },
    ],
    rows: t.trainingData.map((x) => ({ ...x })),
    notes: [
      `Totals: ${t.totals.labelled.toLocaleString('en-US')} labelled, ${t.totals.production.toLocaleString('en-US')} production turns. The run is only recommended here; nothing is trained or deployed by this report.`,
      ...t.notJudged.map((x) => `Not judged: ${x}.`),
    ],
  });
}

/** The intent-share chart: training baseline against the window, when intent drift was read. */
function driftCharts(r: DriftReadout): ChartSpec[] {
  const where = span(r.current);
  return r.intent
    ? [
        {
          id: 'drift.intent_shares',
          title: 'Intent share: training baseline against the window',
          vegaLite: {
            $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
            title: 'Intent share: training baseline against the window',
            width: 560,
            height: 220,
            data: {
              values: r.intent.intents.flatMap((i) => [
                { intent: i.intent, period: 'baseline', share: i.baselineShare },
                { intent: i.intent, period: where, share: i.currentShare },
              ]),
            },
            mark: { type: 'bar', tooltip: true },
            encoding: {
              x: { field: 'intent', type: 'nominal', title: 'Intent', axis: { labelAngle: -30 } },
              xOffset: { field: 'period' },
              y: { field: 'share', type: 'quantitative', title: 'Share of turns', axis: { format: '%' } },
              color: { field: 'period', type: 'nominal', title: 'Period' },
            },
          },
        },
      ]
    : [];
}
