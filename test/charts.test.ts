import { describe, expect, it } from 'vitest';
import { renderSvg } from '../src/jobs/render/charts';

const spec = () => ({
  title: 'Turns by day',
  data: {
    values: [
      { day: '2026-11-09', turns: 120 },
      { day: '2026-11-10', turns: 95 },
    ],
  },
  mark: 'bar',
  encoding: { x: { field: 'day', type: 'ordinal' }, y: { field: 'turns', type: 'quantitative' } },
});

describe('renderSvg', () => {
  it('draws a spec once for the writers that share it, and anew once it changed', async () => {
    const s: Record<string, unknown> = spec();
    const first = renderSvg(s);
    expect(renderSvg(s)).toBe(first); // the same drawing, not a second one
    const svg = await first;
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('Turns by day');
    expect(await renderSvg(spec())).toBe(svg); // an equal spec of another object draws the same picture
    s.title = 'Turns by day <changed>';
    const changed = await renderSvg(s);
    expect(changed).not.toBe(svg);
    expect(changed).toContain('Turns by day &lt;changed&gt;');
  });

  it('does not remember a failure', async () => {
    const s: Record<string, unknown> = { ...spec(), mark: 'nonsense' };
    await expect(renderSvg(s)).rejects.toThrow();
    s.mark = 'bar';
    await expect(renderSvg(s)).resolves.toMatch(/^<svg/);
  });
});
