import type { EntryResult } from '../../pipeline/results-store';

/** Why a golden entry failed, in words: wrong intent, guardrail block, format, prohibited and missing elements. */
export function failures(r: EntryResult): string[] {
  const why: string[] = [];
  if (r.intentCorrect === false) why.push(`intent ${r.predictedIntent} (expected ${r.expectedIntent})`);
  if (r.guardrailPassed === false) why.push('blocked by guardrails');
  for (const v of r.formatViolations) why.push(`format: ${v}`);
  for (const p of r.prohibitedFound) why.push(`prohibited: ${p}`);
  if (r.requiredMissing.length > 0) why.push(`missing: ${r.requiredMissing.join(', ')}`);
  return why;
}
