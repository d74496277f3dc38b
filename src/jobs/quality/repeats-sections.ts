import { formatCell } from '../render/format';
import type { Section } from '../report';
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
