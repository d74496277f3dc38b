/** A labelled message: the personal items that must not survive redaction, and text that must. */
export interface LabelledMessage {
  text: string;
  pii: { kind: string; text: string }[];
  keep?: string[];
}

/** Recall per kind, precision of the redactions, and how much of the text that must survive did. */
export interface RedactionScore {
  /** Per labelled kind: items, items whose text no longer appears in the output, and their share. */
  recall: Record<string, { items: number; removed: number; recall: number }>;
  /** Tags the redactor wrote, those that hit no labelled item (false positives), and TP / (TP + FP). */
  tags: number;
  falsePositives: number;
  precision: number | null;
  /** Messages without personal data that came out changed (the false-alarm rate's numerator), of how many. */
  cleanChanged: number;
  clean: number;
  /** `keep` strings that survived, of how many. */
  kept: number;
  keepTotal: number;
}

const TAG = /\[(?:EMAIL|SSN|CARD|PHONE|ADDRESS|NAME)\]/g;
const tags = (s: string) => (s.match(TAG) ?? []).length;

/**
 * Scores a redactor on labelled messages. Recall: an item counts as removed when its exact text no longer appears
 * in the output (a partial redaction is a miss). False positives: the redactor is run again on the message with
 * every labelled item replaced by a neutral word, and every tag it still writes is one. The measure is the one the
 * PII literature calls entity-level recall with exact-removal matching (e.g. Lison et al., 2021,
 * https://aclanthology.org/2021.acl-long.323/).
 * @throws RangeError for an empty set.
 * @example
 * redactionScore([{ text: 'call 090-1234-5678', pii: [{ kind: 'phone', text: '090-1234-5678' }] }], (t) => t.replace(/\d[\d-]+/, '[PHONE]')).recall.phone.recall // => 1
 */
export function redactionScore(messages: readonly LabelledMessage[], redact: (text: string) => string): RedactionScore {
  if (messages.length === 0) throw new RangeError('no messages to score');
  const recall: RedactionScore['recall'] = {};
  let written = 0;
  let falsePositives = 0;
  let clean = 0;
  let cleanChanged = 0;
  let kept = 0;
  let keepTotal = 0;
  for (const m of messages) {
    const out = redact(m.text);
    written += tags(out);
    for (const item of m.pii) {
      const r = (recall[item.kind] ??= { items: 0, removed: 0, recall: 0 });
      r.items++;
      if (!out.includes(item.text)) r.removed++;
    }
    const neutral = m.pii.reduce((t, item) => t.split(item.text).join('Kuma'), m.text);
    falsePositives += tags(redact(neutral));
    for (const k of m.keep ?? []) {
      keepTotal++;
      if (out.includes(k)) kept++;
    }
    if (m.pii.length === 0) {
      clean++;
      if (out !== m.text) cleanChanged++;
    }
  }
  for (const r of Object.values(recall)) r.recall = r.removed / r.items;
  const tp = Math.max(0, written - falsePositives);
  return {
    recall,
    tags: written,
    falsePositives,
    precision: written > 0 ? tp / (tp + falsePositives) : null,
    cleanChanged,
    clean,
    kept,
    keepTotal,
  };
}
