import { escapeHtml } from './escape';

/**
 * A sparkline as inline SVG: the weekly values as a line (a gap where a week has no value), the last week as a dot,
 * scaled to the values' own range. Its title names every week and value, for a screen reader and a hover.
 */
export function sparklineSvg(points: { week: string; value: number | null; text: string }[], width = 150, height = 36): string {
  const values = points.map((p) => p.value).filter((v): v is number => v !== null && Number.isFinite(v));
  const title = escapeHtml(points.map((p) => `${p.week}: ${p.text}`).join('; '));
  if (values.length === 0) return `<svg class="spark" width="${width}" height="${height}" role="img"><title>${title}</title></svg>`;
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = 4;
  const x = (i: number) => pad + (points.length === 1 ? (width - 2 * pad) / 2 : (i * (width - 2 * pad)) / (points.length - 1));
  const y = (v: number) => (hi === lo ? height / 2 : pad + ((hi - v) * (height - 2 * pad)) / (hi - lo));
  const runs: string[] = [];
  let run: string[] = [];
  points.forEach((p, i) => {
    if (p.value === null || !Number.isFinite(p.value)) {
      if (run.length) runs.push(run.join(' '));
      run = [];
    } else run.push(`${x(i).toFixed(1)},${y(p.value).toFixed(1)}`);
  });
  if (run.length) runs.push(run.join(' '));
  const last = points.length - 1;
  const lastValue = points[last]!.value;
  const dot =
    lastValue !== null && Number.isFinite(lastValue) ? `<circle cx="${x(last).toFixed(1)}" cy="${y(lastValue).toFixed(1)}" r="3"/>` : '';
  return `<svg class="spark" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img"><title>${title}</title>${runs
    .map((r) => `<polyline points="${r}"/>`)
    .join('')}${dot}</svg>`;
}
