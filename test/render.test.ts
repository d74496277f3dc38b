import { describe, expect, it } from 'vitest';
import { withoutOwnScript } from './helpers';
import { renderHtml } from '../src/jobs/render/html';
import { escapeHtml, escapeMarkdown } from '../src/jobs/render/escape';
import { renderJson } from '../src/jobs/render/json';
import { renderMarkdown } from '../src/jobs/render/markdown';
import type { Report } from '../src/jobs/report';

// The planted texts of the sample warehouse (queries/seed/04_requests.sql, 06_feedback.sql).
const PLANTED = ['<script>alert("mangalab-xss")</script>', '<img src=x onerror=alert(1)>', '</td><b onmouseover=alert(2)>bold</b>'];

function reportWith(text: string): Report {
  return {
    job: 'weekly',
    source: 'test',
    period: { label: '2026-W46', from: '2026-11-09T00:00:00.000Z', to: '2026-11-16T00:00:00.000Z' },
    generatedAt: '2026-11-22T00:00:00.000Z',
    sections: [
      {
        id: 'x',
        title: `Section ${text}`,
        findings: [{ id: 'f', severity: 'critical', metric: 'm', value: 1, message: `user said ${text}`, traceIds: ['T1'] }],
        tables: [
          {
            id: 't',
            title: 'T',
            columns: [
              { key: 'msg', label: 'Message' },
              { key: 'n', label: 'N', format: 'integer' },
            ],
            rows: [{ msg: text, n: 1234 }],
            notes: [text],
          },
        ],
        charts: [
          {
            id: 'c',
            title: 'C',
            vegaLite: {
              data: { values: [{ label: text, n: 1 }] },
              mark: 'bar',
              encoding: { x: { field: 'label', type: 'nominal', title: 'Label' }, y: { field: 'n', type: 'quantitative', title: 'Count' } },
            },
          },
        ],
      },
    ],
  };
}

describe('HTML writer', () => {
  it.each(PLANTED)('keeps %s inert: escaped in text, tables and chart labels', async (text) => {
    const html = await renderHtml(reportWith(text));
    expect(html).not.toContain(text);
    expect(withoutOwnScript(html)).not.toMatch(/<script|<img|<b onmouseover/i); // the words may stay, as escaped text
    expect(html).toContain(escapeHtml(text));
  });

  it('forbids scripts through its content security policy', async () => {
    expect(await renderHtml(reportWith('x'))).toMatch(
      /content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-[A-Za-z0-9+/]+=*'"/,
    );
  });
});

describe('Markdown writer', () => {
  it('escapes markup and table pipes so user text cannot break the layout', () => {
    const md = renderMarkdown(reportWith('a | b <script>'));
    expect(md).toContain('| a \\| b &lt;script&gt; | 1,234 |');
    expect(md).toContain('**CRITICAL** user said a \\| b &lt;script&gt;');
    expect(escapeMarkdown('*bold* _x_ `c`\nnext')).toBe('\\*bold\\* \\_x\\_ \\`c\\` next');
  });
});

describe('JSON writer', () => {
  it('keeps raw numbers and user text as data', () => {
    const parsed = JSON.parse(renderJson(reportWith(PLANTED[0]!))) as Report;
    expect(parsed.sections[0]!.tables[0]!.rows[0]).toEqual({ msg: PLANTED[0], n: 1234 });
  });
});

describe('tableHtml on plain rows', () => {
  it('renders row objects as an escaped table with every key as a column, n/a for what is missing', async () => {
    const { tableHtml } = await import('../src/jobs/render/display');
    const html = tableHtml(
      [
        { gate: 'intent_accuracy', value: 0.9634615, passed: true },
        { gate: '<b>x</b>', note: 'no model' },
      ],
      50,
    );
    expect(html).toBe(
      '<table><thead><tr><th>gate</th><th>value</th><th>passed</th><th>note</th></tr></thead><tbody>' +
        '<tr><td>intent_accuracy</td><td>0.963</td><td>true</td><td>n/a</td></tr>' +
        '<tr><td>&lt;b&gt;x&lt;/b&gt;</td><td>n/a</td><td>n/a</td><td>no model</td></tr></tbody></table>',
    );
    expect(tableHtml([{ a: 1 }, { a: 2 }, { a: 3 }], 2)).toContain('<p>1 more rows</p>');
  });
});
