/**
 * The prompt templates' language: a small, logic-light subset of Jinja that can only read the data it is given.
 * `{{ expr }}`, `{% if expr %}…{% elif expr %}…{% else %}…{% endif %}`, `{% for x in expr %}…{% endfor %}` and
 * `{# comments #}`, with `-` trimming white space beside a tag. An expression is a literal ("text", 'text', a number),
 * a dotted name read from the data (own properties only: `constructor`, `__proto__` and the like are never reached),
 * `not`, `and`, `or`, `a if cond else b`, and the filters join, default, length, upper, lower and trim. Nothing in
 * a template can call a function, so a prompt file cannot run code (nunjucks, which rendered them before, could:
 * `{{ range.constructor("...")() }}`). Truthiness is JavaScript's, as under nunjucks.
 */

type Expr =
  | { kind: 'literal'; value: unknown }
  | { kind: 'path'; names: string[] }
  | { kind: 'not'; of: Expr }
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'cond'; then: Expr; test: Expr; otherwise: Expr }
  | { kind: 'filter'; name: keyof typeof FILTERS; of: Expr; args: Expr[] };

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'out'; expr: Expr }
  | { kind: 'if'; branches: { test: Expr | null; body: Node[] }[] }
  | { kind: 'for'; name: string; of: Expr; body: Node[] };

export type CompiledTemplate = (data: Record<string, unknown>) => string;

const show = (v: unknown): string =>
  v === null || v === undefined ? '' : Array.isArray(v) ? v.map(show).join(',') : typeof v === 'object' ? '[object Object]' : String(v);

const FILTERS = {
  join: (v: unknown, sep: unknown = '') => (Array.isArray(v) ? v.map(show).join(show(sep)) : show(v)),
  default: (v: unknown, d: unknown = '') => (v === null || v === undefined ? d : v),
  length: (v: unknown) => (Array.isArray(v) || typeof v === 'string' ? v.length : v && typeof v === 'object' ? Object.keys(v).length : 0),
  upper: (v: unknown) => show(v).toUpperCase(),
  lower: (v: unknown) => show(v).toLowerCase(),
  trim: (v: unknown) => show(v).trim(),
} as const;

/** Expression tokens: strings, numbers, names, punctuation. */
function tokenize(src: string): string[] {
  const tokens: string[] = [];
  const re = /\s*(?:("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(-?\d+(?:\.\d+)?)|([A-Za-z_]\w*)|([.|(),]))/gy;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < src.length && (m = re.exec(src)) !== null) {
    tokens.push(m[1] ?? m[2] ?? m[3] ?? m[4]!);
    at = re.lastIndex;
    if (/^\s*$/.test(src.slice(at))) break;
  }
  if (!/^\s*$/.test(src.slice(at))) throw new SyntaxError(`unexpected "${src.slice(at).trim().slice(0, 20)}" in "${src.trim()}"`);
  return tokens;
}

/** Parses one expression (precedence: cond < or < and < not < filter < primary). */
function parseExpr(src: string): Expr {
  const t = tokenize(src);
  let i = 0;
  const peek = () => t[i];
  const take = (want?: string) => {
    const x = t[i++];
    if (x === undefined || (want !== undefined && x !== want)) throw new SyntaxError(`expected ${want ?? 'more'} in "${src.trim()}"`);
    return x;
  };
  const primary = (): Expr => {
    const x = take();
    if (x === '(') {
      const e = cond();
      take(')');
      return e;
    }
    if (/^["']/.test(x)) return { kind: 'literal', value: JSON.parse(x[0] === '"' ? x : `"${x.slice(1, -1).replace(/"/g, '\\"')}"`) };
    if (/^-?\d/.test(x)) return { kind: 'literal', value: Number(x) };
    if (!/^[A-Za-z_]\w*$/.test(x)) throw new SyntaxError(`unexpected "${x}" in "${src.trim()}"`);
    if (x === 'true' || x === 'false') return { kind: 'literal', value: x === 'true' };
    if (x === 'none' || x === 'None' || x === 'null') return { kind: 'literal', value: null };
    const names = [x];
    while (peek() === '.') {
      take('.');
      names.push(take());
    }
    if (peek() === '(') throw new SyntaxError(`templates cannot call functions: "${src.trim()}"`);
    return { kind: 'path', names };
  };
  const filtered = (): Expr => {
    let e = primary();
    while (peek() === '|') {
      take('|');
      const name = take();
      if (!Object.hasOwn(FILTERS, name)) throw new SyntaxError(`unknown filter ${name} (filters: ${Object.keys(FILTERS).join(', ')})`);
      const args: Expr[] = [];
      if (peek() === '(') {
        take('(');
        while (peek() !== ')') {
          args.push(cond());
          if (peek() === ',') take(',');
        }
        take(')');
      }
      e = { kind: 'filter', name: name as keyof typeof FILTERS, of: e, args };
    }
    return e;
  };
  const not = (): Expr => (peek() === 'not' ? (take(), { kind: 'not', of: not() }) : filtered());
  const and = (): Expr => {
    let e = not();
    while (peek() === 'and') e = (take(), { kind: 'and', left: e, right: not() });
    return e;
  };
  const or = (): Expr => {
    let e = and();
    while (peek() === 'or') e = (take(), { kind: 'or', left: e, right: and() });
    return e;
  };
  function cond(): Expr {
    const then = or();
    if (peek() !== 'if') return then;
    take('if');
    const test = or();
    take('else');
    return { kind: 'cond', then, test, otherwise: cond() };
  }
  const e = cond();
  if (i < t.length) throw new SyntaxError(`unexpected "${t[i]}" in "${src.trim()}"`);
  return e;
}

/** Reads a dotted name: own, enumerable data properties only. */
function lookup(scope: Record<string, unknown>[], names: string[]): unknown {
  const [first, ...rest] = names;
  let v: unknown = undefined;
  for (let s = scope.length - 1; s >= 0; s--)
    if (Object.hasOwn(scope[s]!, first!)) {
      v = scope[s]![first!];
      break;
    }
  for (const n of rest) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, n)) return undefined;
    v = (v as Record<string, unknown>)[n];
  }
  return typeof v === 'function' ? undefined : v;
}

function evaluate(e: Expr, scope: Record<string, unknown>[]): unknown {
  switch (e.kind) {
    case 'literal':
      return e.value;
    case 'path':
      return lookup(scope, e.names);
    case 'not':
      return !evaluate(e.of, scope);
    case 'and':
      return evaluate(e.left, scope) && evaluate(e.right, scope);
    case 'or':
      return evaluate(e.left, scope) || evaluate(e.right, scope);
    case 'cond':
      return evaluate(e.test, scope) ? evaluate(e.then, scope) : evaluate(e.otherwise, scope);
    case 'filter':
      return (FILTERS[e.name] as (v: unknown, ...a: unknown[]) => unknown)(evaluate(e.of, scope), ...e.args.map((a) => evaluate(a, scope)));
  }
}

/**
 * Compiles a template. @throws SyntaxError naming the tag and the problem: an unclosed block, an unknown tag or
 * filter, a function call.
 * @example
 * compileTemplate('{% for t in turns %}{{ t | upper }};{% endfor %}')({ turns: ['a', 'b'] }) // => 'A;B;'
 */
export function compileTemplate(source: string): CompiledTemplate {
  const parts = source.split(/(\{\{-?[\s\S]*?-?\}\}|\{%-?[\s\S]*?-?%\}|\{#[\s\S]*?#\})/);
  const root: Node[] = [];
  const stack: { node: Node | null; body: Node[]; tag: string }[] = [{ node: null, body: root, tag: 'template' }];
  let trimNext = false;
  parts.forEach((part, index) => {
    const top = stack.at(-1)!;
    if (index % 2 === 0) {
      let text = trimNext ? part.replace(/^\s+/, '') : part;
      const next = parts[index + 1];
      if (next && /^\{[{%]-/.test(next)) text = text.replace(/\s+$/, '');
      trimNext = false;
      if (text) top.body.push({ kind: 'text', text });
      return;
    }
    trimNext = /-[}%]\}$/.test(part);
    if (part.startsWith('{#')) return;
    const inner = part.replace(/^\{[{%]-?/, '').replace(/-?[}%]\}$/, '');
    if (part.startsWith('{{')) {
      top.body.push({ kind: 'out', expr: parseExpr(inner) });
      return;
    }
    const m = /^\s*(\w+)\s*([\s\S]*?)\s*$/.exec(inner);
    const [tag, rest] = [m?.[1] ?? '', m?.[2] ?? ''];
    if (tag === 'if') {
      const node: Node = { kind: 'if', branches: [{ test: parseExpr(rest), body: [] }] };
      top.body.push(node);
      stack.push({ node, body: node.branches[0]!.body, tag: 'if' });
    } else if (tag === 'elif' || tag === 'else') {
      if (top.tag !== 'if' || top.node?.kind !== 'if') throw new SyntaxError(`{% ${tag} %} outside an {% if %}`);
      const branch = { test: tag === 'elif' ? parseExpr(rest) : null, body: [] as Node[] };
      top.node.branches.push(branch);
      top.body = branch.body;
    } else if (tag === 'for') {
      const f = /^([A-Za-z_]\w*)\s+in\s+([\s\S]+)$/.exec(rest);
      if (!f) throw new SyntaxError(`{% for %} must read "for name in expression", got "${rest}"`);
      const node: Node = { kind: 'for', name: f[1]!, of: parseExpr(f[2]!), body: [] };
      top.body.push(node);
      stack.push({ node, body: node.body, tag: 'for' });
    } else if (tag === 'endif' || tag === 'endfor') {
      if (top.tag !== tag.slice(3)) throw new SyntaxError(`{% ${tag} %} without its {% ${tag.slice(3)} %}`);
      stack.pop();
    } else throw new SyntaxError(`unknown tag {% ${tag} %} (tags: if, elif, else, endif, for, endfor)`);
  });
  if (stack.length > 1) throw new SyntaxError(`{% ${stack.at(-1)!.tag} %} is never closed`);
  const run = (nodes: Node[], scope: Record<string, unknown>[]): string =>
    nodes
      .map((n) => {
        if (n.kind === 'text') return n.text;
        if (n.kind === 'out') return show(evaluate(n.expr, scope));
        if (n.kind === 'if') {
          const b = n.branches.find((x) => x.test === null || evaluate(x.test, scope));
          return b ? run(b.body, scope) : '';
        }
        const items = evaluate(n.of, scope);
        const list = Array.isArray(items) ? items : items && typeof items === 'object' ? Object.keys(items) : [];
        return list.map((item) => run(n.body, [...scope, { [n.name]: item }])).join('');
      })
      .join('');
  return (data) => run(root, [data]);
}
