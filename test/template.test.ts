// Prompt templates (src/pipeline/template.ts): the same text nunjucks rendered for every shipped prompt and every
// golden entry, and a payload that ran code under nunjucks is refused or inert.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nunjucks from 'nunjucks';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleGoldenEntries } from '../src/pipeline/golden-seed';
import { readPromptFile } from '../src/pipeline/prompts';
import { compileTemplate } from '../src/pipeline/template';

const dir = mkdtempSync(join(tmpdir(), 'mangalab-template-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// The engine the prompts were written for, as the reference (a dev dependency only).
const reference = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false, trimBlocks: false });

describe('compileTemplate', () => {
  it('renders every shipped prompt for all 520 golden entries exactly as nunjucks 3.2 does', () => {
    const files = readdirSync('prompts', { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.md') && f.includes('/'))
      .map((f) => readPromptFile(join('prompts', f)));
    expect(files.length).toBeGreaterThanOrEqual(9);
    const entries = sampleGoldenEntries();
    let compared = 0;
    for (const f of files) {
      const ours = compileTemplate(f.template);
      for (const e of entries) {
        const turns = [
          {
            id: e.query_id,
            intent: e.expected_intent,
            user: e.query,
            response: e.reference_response,
            feedback: null,
            signals: 'thumbs-down',
          },
        ];
        const vars = { query: e.query, intent: e.expected_intent, context: e.context, turns };
        expect(ours(vars)).toBe(reference.renderString(f.template, vars));
        compared++;
      }
    }
    expect(compared).toBe(files.length * 520);
  });

  it('supports the documented subset: elif/else, and/or/not, filters, literals, trimming, comments', () => {
    const t = compileTemplate(
      '{# note #}{% if n == 0 %}{% endif %}'.replace('n == 0', 'not items') +
        '{%- for x in items -%} [{{ x | upper }}] {%- endfor %}|{{ missing | default("none") }}|{{ items | length }}|' +
        '{% if a and b %}ab{% elif a or b %}one{% else %}neither{% endif %}|{{ "y" if a else \'n\' }}|{{ 3 }}|{{ name | trim | lower }}',
    );
    expect(t({ items: ['p', 'q'], a: true, b: false, name: '  MANGA ' })).toBe('[P][Q]|none|2|one|y|3|manga');
  });

  it('cannot run code: calls are refused at compile time, and prototype paths read nothing', () => {
    const payload = '{{ range.constructor("return 6 * 7")() }}';
    expect(reference.renderString(payload, {})).toBe('42'); // what nunjucks did with it
    expect(() => compileTemplate(payload)).toThrow('templates cannot call functions');
    for (const path of ['query.constructor', 'query.constructor.constructor', 'context.__proto__', 'context.toString', 'query.length'])
      expect(compileTemplate(`{{ ${path} }}`)({ query: 'manga', context: {} })).toBe('');
    expect(() => compileTemplate('{{ x | eval }}')).toThrow(/unknown filter eval/);
    expect(() => compileTemplate('{% set x = 1 %}')).toThrow(/unknown tag \{% set %\}/);
  });

  it('a prompt file whose template does not compile is refused naming the file', () => {
    const file = join(dir, 'v9.md');
    writeFileSync(file, '---\nversion: "9"\nauthor: a\ndate: "2026-12-01"\ndescription: d\nintent: chitchat\n---\n{% if query %}open');
    expect(() => readPromptFile(file)).toThrow(`${file}: template does not compile: {% if %} is never closed`);
  });
});
