/** Escapes text for HTML element content and quoted attribute values. Every user-supplied string goes through here. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Escapes text for a Markdown table cell or list item: pipes, markup and line breaks cannot break the layout. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([*_`[\]])/g, '\\$1')
    .replace(/[\r\n]+/g, ' ');
}

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Makes warehouse text safe to print on a terminal: every control character (C0, DEL, C1: the start of an escape
 * sequence that could move the cursor, retitle the window or hide what follows) is shown as text instead,
 * `\x1b`, `\n`. Every line output of a command that shows data (`trace`, `query`, `traces`) goes through here.
 */
export function escapeTerminal(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => NAMED[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
