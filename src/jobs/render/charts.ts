import { compile } from 'vega-lite';
import { parse, View } from 'vega';

/**
 * SVGs already rendered, by spec object, with the spec's text then: the HTML report, the deck's appendix and its area
 * slides draw the same charts. A spec changed since (a notebook may tweak one) no longer matches its text and is drawn anew.
 */
const rendered = new WeakMap<Record<string, unknown>, { text: string; svg: Promise<string> }>();

/**
 * Renders a vega-lite spec to an SVG string headlessly (no browser): vega-lite compiles to vega, vega's View
 * renders with no DOM. Text from the data is escaped by vega's SVG writer. A spec drawn before and unchanged since
 * gives the SVG it gave then.
 */
export function renderSvg(vegaLite: Record<string, unknown>): Promise<string> {
  const text = JSON.stringify(vegaLite);
  const seen = rendered.get(vegaLite);
  if (seen?.text === text) return seen.svg;
  const svg = draw(vegaLite);
  rendered.set(vegaLite, { text, svg });
  svg.catch(() => rendered.delete(vegaLite)); // a failure is not remembered: the next call tries again
  return svg;
}

async function draw(vegaLite: Record<string, unknown>): Promise<string> {
  const { spec } = compile(vegaLite as never);
  const view = new View(parse(spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
