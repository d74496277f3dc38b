import type { Report } from '../report';

/** The machine-readable report: the Report shape as is (charts as vega-lite specs), numbers unformatted. */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, (_key, value) => (typeof value === 'bigint' ? Number(value) : value), 2)}\n`;
}
