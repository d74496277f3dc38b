import type { CellFormat, Cell } from '../report';

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const num = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });
const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A cell as text for Markdown and HTML. null shows as "n/a": the finding or note beside it says why. */
export function formatCell(value: Cell | undefined, format: CellFormat = 'text'): string {
  if (value === null || value === undefined) return 'n/a';
  if (typeof value !== 'number') return String(value);
  if (!Number.isFinite(value)) return 'n/a';
  switch (format) {
    case 'integer':
      return int.format(value);
    case 'percent':
      return `${(value * 100).toFixed(2)}%`;
    case 'ms':
      return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(0)} ms`;
    case 'usd':
      return Math.abs(value) < 1 && value !== 0 ? `$${value.toFixed(4)}` : usd.format(value);
    case 'pvalue':
      // doubles cannot resolve p-values below about 1e-16 from a CDF's complement
      return value < 1e-16 ? '< 1e-16' : value < 0.001 ? value.toExponential(1) : value.toFixed(3);
    case 'probability':
      return value > 0.9999 ? '> 99.99%' : value < 0.0001 ? '< 0.01%' : `${(value * 100).toFixed(2)}%`;
    case 'change':
      return `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}%`;
    case 'number':
    case 'text':
      return num.format(value);
  }
}
