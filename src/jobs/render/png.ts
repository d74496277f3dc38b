import { Resvg } from '@resvg/resvg-js';
import { renderSvg } from './charts';

/** A chart as PNG for chat and slides: the vega SVG rasterised by resvg at twice its size, on white. */
export async function renderPng(vegaLite: Record<string, unknown>): Promise<Uint8Array> {
  const svg = await renderSvg(vegaLite);
  const png = new Resvg(svg, { background: '#ffffff', fitTo: { mode: 'zoom', value: 2 }, font: { loadSystemFonts: true } })
    .render()
    .asPng();
  return new Uint8Array(png);
}
