import { formatCell } from '../render/format';
import type { DriftReadout } from './readout';
import type { ChartSpec, Finding, ReportTable, Section } from '../report';

const pct = (v: number | null) => formatCell(v, 'percent');
const day = (d: Date) => d.toISOString().slice(0, 10);
const span = (w: { from: Date; to: Date }) => `${day(w.from)} to ${day(new Date(w.to.getTime() - 1))}`;

/** The embedding drift detectors as a reader names them. */
const DETECTOR_LABELS: Record<'centroid_ks' | 'per_dimension' | 'domain_classifier' | 'mmd', string> = {
  centroid_ks: 'centroid-similarity KS',
  per_dimension: 'per-dimension KS (BH)',
  domain_classifier: 'domain classifier',
  mmd: 'MMD',
};

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
        topic: 'intent classifier drift',
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
  embeddingFindings(r, findings, tables, where);

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
    topic: 'intent classifier drift',
    ...(t.retrain
      ? {
          action: {
            text: 'Retrain the intent classifier on the assembled training data, evaluate it on the golden set, then promote it.',
            command: 'mangalab eval --candidate PREDICTIONS.jsonl && mangalab registry promote VERSION --stage production',
            owner: 'ML engineer (intent classifier)',
          },
        }
      : {}),
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

/** Embedding drift: one finding with the verdict and every detector, and the detectors' table. */
function embeddingFindings(r: DriftReadout, findings: Finding[], tables: ReportTable[], where: string): void {
  const e = r.embedding;
  const res = e.result;
  if (!res) {
    findings.push({
      id: 'drift.embedding',
      severity: 'warning',
      metric: 'embedding_drift',
      value: null,
      message: `Embedding drift not computed: ${e.note}. No detector ran, so this is not a pass.`,
    });
    return;
  }
  const computed = res.detectors.filter((d) => d.computed);
  const skipped = res.detectors.filter((d) => !d.computed);
  const label = (d: (typeof res.detectors)[number]) => DETECTOR_LABELS[d.detector];
  const said = (d: (typeof res.detectors)[number]) => `${label(d)} p ${formatCell(d.pValue, 'pvalue')}: ${d.detail}`;
  const notComputed = skipped.length ? ` Not computed: ${skipped.map((d) => `${label(d)} (${d.reason})`).join('; ')}.` : '';
  const counts = `${e.productionEmbeddings.toLocaleString('en-US')} production and ${e.trainingEmbeddings.toLocaleString('en-US')} training embeddings of ${e.dims} dimensions`;
  findings.push({
    id: 'drift.embedding',
    severity: res.drifted || computed.length === 0 ? 'warning' : 'info',
    metric: 'embedding_drift',
    value: Math.min(...computed.map((d) => d.pValue ?? 1)),
    threshold: res.detectorAlpha,
    message: res.drifted
      ? `Embedding drift in ${where}: ${res.fired.length} of ${computed.length} detectors fired (${res.detectors
          .filter((d) => d.fired)
          .map(said)
          .join('; ')}), over ${counts}. Action: ${ACTIONS.embedding}.${notComputed}`
      : computed.length === 0
        ? `Embedding drift not computed in ${where}:${notComputed}`
        : `No embedding drift in ${where}: none of ${computed.length} detectors fired at p < ${res.detectorAlpha} (${computed.map((d) => `${label(d)} p ${formatCell(d.pValue, 'pvalue')}`).join(', ')}), over ${counts}.${notComputed}`,
  });
  tables.push({
    id: 'drift.embedding_detectors',
    title: `Embedding drift detectors, ${where}: ${res.drifted ? 'DRIFTED' : 'no drift'}`,
    columns: [
      { key: 'detector', label: 'Detector' },
      { key: 'statistic', label: 'Statistic', format: 'number' },
      { key: 'p', label: 'p', format: 'pvalue' },
      { key: 'fired', label: 'Fired' },
      { key: 'samples', label: 'Training / production' },
      { key: 'detail', label: 'Measured' },
    ],
    rows: res.detectors.map((d) => ({
      detector: label(d),
      statistic: d.statistic,
      p: d.pValue,
      fired: d.computed ? (d.fired ? 'yes' : 'no') : 'NOT COMPUTED',
      samples: `${d.samples[0].toLocaleString('en-US')} / ${d.samples[1].toLocaleString('en-US')}`,
      detail: d.computed ? d.detail : (d.reason ?? ''),
    })),
    notes: [
      `Verdict: drifted when any detector's p-value is under ${res.alpha} / 4 = ${res.detectorAlpha} (Bonferroni: the four together cry wolf on at most ${formatCell(res.alpha, 'percent')} of quiet windows; measured rates in docs/monitoring.md). Statistics: KS D of similarities to the training centroid (every embedding, in the warehouse); share of dimensions drifted at the stated FDR; held-out ROC AUC; MMD². The last three run on a fixed-seed sample the warehouse draws (md5 of the trace id).`,
    ],
  });
}
