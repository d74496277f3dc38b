import { LIKERT_DIMENSIONS } from '../../analysis/annotationSchema';
import { formatCell } from '../render/format';
import type { HumanEvalReadout } from './readout';
import type { Finding, ReportTable, Section } from '../report';

const num = (v: number | null) => formatCell(v, 'number');

/**
 * The Human Evaluation section (US-3.6): agreement per dimension against the kappa gate, rejected rows, the weekly
 * trend of mean scores, scores by intent, and the Spearman calibration of human scores against automated signals.
 */
export function humanEvalSection(r: HumanEvalReadout): Section {
  const findings: Finding[] = [];
  const tables: ReportTable[] = [];
  const a = r.agreement;
  if (r.samples === 0) {
    findings.push({
      id: 'human.agreement',
      severity: 'warning',
      metric: 'annotator_kappa',
      value: null,
      threshold: r.gate,
      message: `No human annotations for ${r.week.label}: agreement and scores could not be computed (export a sample with mangalab human export).`,
    });
  } else {
    const failing = a.dimensions.filter((d) => !d.passes);
    const worst = a.dimensions.reduce<number | null>((m, d) => (d.gated === null ? m : m === null ? d.gated : Math.min(m, d.gated)), null);
    findings.push({
      id: 'human.agreement',
      severity: a.passes ? 'info' : 'warning',
      metric: 'annotator_kappa',
      value: worst,
      threshold: r.gate,
      impact: { users: a.dimensions[0]?.pairs },
      ...(a.passes
        ? {}
        : {
            action: {
              text: 'Recalibrate the annotators on the guidelines (a joint session on the disagreeing samples) before trusting the scores.',
              owner: 'annotation lead',
            },
          }),
      message: a.passes
        ? `Annotators agree: every dimension's Cohen's kappa is at least ${r.gate} over ${a.dimensions[0]!.pairs} double-scored samples of ${r.week.label} (lowest ${num(worst)}).`
        : `Inter-annotator agreement under the ${r.gate} gate in ${r.week.label} on ${failing.map((d) => `${d.dimension} (${d.gated === null ? `undefined: ${d.note}` : num(d.gated)})`).join(', ')}: recalibrate the annotators on the guidelines before trusting this week's scores.`,
    });
  }
  if (r.issues.length) {
    findings.push({
      id: 'human.schema',
      severity: 'warning',
      metric: 'rejected_annotations',
      value: r.issues.length,
      message: `${r.issues.length} annotation rows of ${r.week.label} break the annotation schema and were left out (first: row ${r.issues[0]!.line}, ${r.issues[0]!.field} ${r.issues[0]!.problem}).`,
    });
  }
  tables.push({
    id: 'human.agreement',
    title: `Inter-annotator agreement, ${r.week.label}`,
    columns: [
      { key: 'dimension', label: 'Dimension' },
      { key: 'pairs', label: 'Pairs', format: 'integer' },
      { key: 'kappa', label: 'Kappa', format: 'number' },
      { key: 'weighted', label: 'Weighted kappa (quadratic)', format: 'number' },
      { key: 'verdict', label: `Gate ${r.gate}` },
    ],
    rows: a.dimensions.map((d) => ({
      dimension: d.dimension,
      pairs: d.pairs,
      kappa: d.kappa,
      weighted: d.weightedKappa,
      verdict: d.gated === null ? `not computed: ${d.note ?? 'no pairs'}` : d.passes ? 'pass' : 'FAIL',
    })),
    notes: [
      `Cohen's kappa (as scikit-learn's cohen_kappa_score) between the two annotators of each sample; the gate reads the weighted kappa for the 1-5 scales and the unweighted one otherwise. ${a.singleAnnotator} samples had one annotator only${a.extraAnnotators ? `, ${a.extraAnnotators} more than two (the first two by id used)` : ''}.`,
    ],
  });
  tables.push({
    id: 'human.trend',
    title: 'Mean human scores by week',
    columns: [
      { key: 'week', label: 'Week of' },
      { key: 'samples', label: 'Samples', format: 'integer' },
      ...LIKERT_DIMENSIONS.map((d) => ({ key: d, label: d.replace('_', ' '), format: 'number' as const })),
      { key: 'purchase', label: 'Would buy', format: 'percent' },
      { key: 'kappa', label: 'Lowest kappa', format: 'number' },
    ],
    rows: r.trend.map((t) => ({ week: t.week, samples: t.samples, ...t.means, purchase: t.purchaseRate, kappa: t.minKappa })),
  });
  tables.push({
    id: 'human.intents',
    title: `Mean human score by intent, ${r.week.label}`,
    columns: [
      { key: 'intent', label: 'Intent' },
      { key: 'samples', label: 'Samples', format: 'integer' },
      { key: 'score', label: 'Mean score (1-5)', format: 'number' },
    ],
    rows: r.byIntent.map((x) => ({ intent: x.intent, samples: x.samples, score: x.meanScore })),
  });
  tables.push({
    id: 'human.calibration',
    title: 'Human scores against automated signals (four weeks)',
    columns: [
      { key: 'metric', label: 'Automated signal' },
      { key: 'n', label: 'Samples', format: 'integer' },
      { key: 'rho', label: 'Spearman rho', format: 'number' },
      { key: 'p', label: 'p', format: 'pvalue' },
      { key: 'note', label: 'Note' },
    ],
    rows: r.calibration.map((c) => ({
      metric: c.metric,
      n: c.result?.n ?? null,
      rho: c.result?.rho ?? null,
      p: c.result?.pValue ?? null,
      note: c.note ?? '',
    })),
    notes: [
      "Each sample's human score is the mean of its four 1-5 scores over its annotators. A strong correlation means the automated signal can stand in for human judgement when setting its threshold; a weak one means it cannot.",
    ],
  });
  const strongest = r.calibration.filter((c) => c.result).sort((x, y) => Math.abs(y.result!.rho) - Math.abs(x.result!.rho))[0];
  if (strongest) {
    findings.push({
      id: 'human.calibration',
      severity: 'info',
      metric: 'human_automated_spearman',
      value: strongest.result!.rho,
      message: `Human scores track ${strongest.metric} most closely (Spearman rho ${num(strongest.result!.rho)}, p ${formatCell(strongest.result!.pValue, 'pvalue')}, ${strongest.result!.n} samples).`,
    });
  }
  const charts = r.trend.length
    ? [
        {
          id: 'human.trend',
          title: 'Mean human score by week and dimension',
          vegaLite: {
            $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
            title: 'Mean human score by week and dimension',
            width: 560,
            height: 220,
            data: {
              values: r.trend.flatMap((t) =>
                LIKERT_DIMENSIONS.filter((d) => t.means[d] !== null).map((d) => ({ week: t.week, dimension: d, score: t.means[d] })),
              ),
            },
            mark: { type: 'line', point: true, tooltip: true },
            encoding: {
              x: { field: 'week', type: 'temporal', title: 'Week' },
              y: { field: 'score', type: 'quantitative', title: 'Mean score (1-5)', scale: { domain: [1, 5] } },
              color: { field: 'dimension', type: 'nominal', title: 'Dimension' },
            },
          },
        },
      ]
    : [];
  return { id: 'human', title: 'Human Evaluation', findings, tables, charts };
}
