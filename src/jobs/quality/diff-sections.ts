// The parts of an evaluation diff beyond the metric table: repeat noise (--repeats) and the per-intent F1 changes.
import { formatCell } from '../render/format';
import type { ReportTable, Section } from '../report';
import type { EvalReadout } from './readout';

/** With --repeats: how much of each metric's spread is the responder answering differently when asked again. */
export function repeatsSection(rep: NonNullable<EvalReadout['repeats']>, r: EvalReadout): Section {
  const split = rep.metrics.filter((m) => m.split);
  const noisiest = [...split].sort((a, b) => (b.split!.withinShare ?? 0) - (a.split!.withinShare ?? 0))[0];
  const explained = r.comparison.filter((c) => c.repeatNoise?.explains && c.delta !== 0).map((c) => c.metric);
  return {
    id: 'eval.repeats',
    title: `Repeat noise (${rep.n} answers per entry)`,
    findings: [
      {
        id: 'eval.repeats',
        metric: 'repeats',
        value: rep.n,
        severity: 'info',
        message:
          `Each of the ${r.evaluated} entries was answered ${rep.n} times.` +
          (noisiest?.split?.withinShare != null
            ? ` The noisiest metric is ${noisiest.metric}: ${formatCell(noisiest.split.withinShare, 'percent')} of its variance is within entries (asking again).`
            : '') +
          (r.baseline
            ? explained.length > 0
              ? ` Repeat noise alone could explain the change in ${explained.join(', ')} (within two of its standard errors).`
              : ' No delta against the baseline is within what repeat noise alone gives.'
            : '') +
          ' The paired tests read each entry’s mean over its repeats.',
      },
    ],
    tables: [
      {
        id: 'eval.repeats',
        title: 'Variance between entries and within an entry (across repeats)',
        columns: [
          { key: 'metric', label: 'Metric' },
          { key: 'mean', label: 'Mean', format: 'number' },
          { key: 'between', label: 'Between entries', format: 'number' },
          { key: 'within', label: 'Within an entry', format: 'number' },
          { key: 'share', label: 'Within share', format: 'percent' },
          { key: 'se', label: 'Repeat-noise SE of a one-answer mean', format: 'number' },
        ],
        rows: rep.metrics.map((m) => ({
          metric: m.metric,
          mean: m.split?.mean ?? null,
          between: m.split?.between ?? null,
          within: m.split?.within ?? null,
          share: m.split?.withinShare ?? null,
          se: m.split?.repeatStandardError ?? null,
        })),
        notes: [
          'Between: the variance of the entries’ means; within: the mean over entries of the variance across an entry’s repeats (a one-way layout’s within mean square). Empty cells: the metric was not measured.',
        ],
      },
    ],
    charts: [],
  };
}

/** The per-intent F1 changes against the baseline (pairedClassF1), as a table for the diff section; null without intents. */
export function classChangesTable(r: EvalReadout): ReportTable | null {
  if (!r.classChanges) return null;
  return {
    id: 'eval.class_deltas',
    title: 'F1 by intent against the baseline',
    columns: [
      { key: 'intent', label: 'Intent' },
      { key: 'support', label: 'Entries', format: 'integer' },
      { key: 'baseline', label: 'Baseline F1', format: 'number' },
      { key: 'candidate', label: 'Candidate F1', format: 'number' },
      { key: 'delta', label: 'Delta', format: 'number' },
      { key: 'interval', label: 'Interval of the delta' },
      { key: 'p', label: 'p (Holm)', format: 'pvalue' },
      { key: 'reading', label: 'Reading' },
    ],
    rows: r.classChanges.map((c) => ({
      intent: c.label,
      support: c.support,
      baseline: c.baselineF1,
      candidate: c.candidateF1,
      delta: c.delta,
      interval: `${formatCell(c.lower, 'number')} to ${formatCell(c.upper, 'number')}`,
      p: c.adjustedP,
      reading: c.significant
        ? `${c.delta > 0 ? 'better' : 'worse'}, beyond noise`
        : `not distinguishable from noise at ${c.support} entries`,
    })),
    notes: [
      `Each intent's F1 change by a paired percentile bootstrap over the entries (${r.config.significance.resamples.toLocaleString('en-US')} resamples), its p-value Holm-corrected over the ${r.classChanges.length} intents compared. Intents with no golden entry in the run are left out.`,
    ],
  };
}
