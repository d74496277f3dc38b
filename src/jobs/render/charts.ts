import { compile } from 'vega-lite';
import { parse, View } from 'vega';

/**
 * Renders a vega-lite spec to an SVG string headlessly (no browser): vega-lite compiles to vega, vega's View
 * renders with no DOM. Text from the data is escaped by vega's SVG writer.
 */
export async function renderSvg(vegaLite: Record<string, unknown>): Promise<string> {
  const { spec } = compile(vegaLite as never);
  const view = new View(parse(spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
