// The plain-text output of the commands that print lists rather than write reports: one line a record, for people
// and for grep. The commands print these lines; no command formats its output inline.
import type { AuditProblem, AuditRecord } from '../../analysis/auditChain';
import type { GoldenComposition } from '../../analysis/goldenComposition';
import type { StaleChunk } from '../../analysis/staleChunks';
import type { StoredJudgeRecord, StoredRun } from '../../pipeline/results-store';
import type { EndpointState } from '../../pipeline/sagemaker';
import type { RollupRefreshed } from '../actions/rollup';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const mark = (ok: boolean) => (ok ? 'ok  ' : 'FAIL');

/** `audit verify`: each break of the chain, or that it is intact. */
export function auditVerifyLines(file: string, records: number, problems: AuditProblem[]): string[] {
  if (problems.length === 0) return [`${file}: ${records} records, chain intact`];
  return problems.map((p) => `${p.seq === null ? 'log' : `record ${p.seq}`}: ${p.problem}`);
}

/** `audit report`: one record a line. */
export function auditRecordLine(r: AuditRecord): string {
  return (
    `#${r.seq} ${r.at} ${r.who} ${r.component} ${r.action} ${r.old ?? '-'} -> ${r.new ?? '-'} ${r.outcome}` +
    `${r.why ? ` why: ${r.why}` : ''}${r.ticket ? ` ticket: ${r.ticket}` : ''}` +
    `${r.evalRunId ? ` eval: ${r.evalRunId} ${r.evalPassed ? 'PASS' : 'FAIL'}` : ''}`
  );
}

/** `deploy status`: the endpoint, then one line a variant. */
export function endpointLines(state: EndpointState): string[] {
  return [
    `${state.name}  ${state.status}`,
    ...state.variants.map((v) => `  ${v.name.padEnd(24)} weight ${v.currentWeight} (desired ${v.desiredWeight})  instances ${v.instances}`),
  ];
}

/** `golden check`: the composition against its targets, the adversarial count and the size. */
export function goldenCompositionLines(c: GoldenComposition, malformed: number): string[] {
  return [
    ...c.rows.map(
      (row) =>
        `${mark(row.withinTolerance)} ${row.category.padEnd(17)} ${String(row.entries).padStart(4)}  ${pct(row.share).padStart(6)} ` +
        `(target ${pct(row.target)}, ${row.difference >= 0 ? '+' : ''}${(row.difference * 100).toFixed(1)}pp)`,
    ),
    `${mark(c.adversarialOk)} adversarial       ${String(c.adversarial).padStart(4)}  (at least ${c.minAdversarial})`,
    `${mark(c.sizeOk)} entries           ${String(c.entries).padStart(4)}  (at least ${c.minEntries}; ${malformed} malformed entries or ids)`,
  ];
}

/** `kb stale`: chunk, document and why, tab-separated. */
export function staleChunkLine(c: StaleChunk): string {
  return `${c.chunkId}\t${c.docId}\t${c.reason}`;
}

/** `runs`: one stored evaluation run a line. */
export function runLine(r: StoredRun): string {
  const status = !r.complete ? 'INCOMPLETE' : r.passed ? 'PASS' : 'FAIL';
  return (
    `${r.runId}  ${status.padEnd(10)} ${r.createdAt.toISOString()}  ${r.datasetVersion}${r.intent ? `/${r.intent}` : ''}  ${r.responder}` +
    `${r.promptVersion ? ` prompts ${r.promptVersion}` : ''}${r.modelVersion ? ` model ${r.modelVersion}` : ''}${r.name ? `  [${r.name}]` : ''}`
  );
}

/** `judge list`: one stored judge record a line. */
export function judgeRecordLine(r: StoredJudgeRecord): string {
  const rel = (r.record as { reliability?: { kappa?: number | null; answered?: number } }).reliability;
  const kappa = typeof rel?.kappa === 'number' ? rel.kappa.toFixed(2) : 'n/a';
  return `${r.recordId}  ${(r.trusted ? 'TRUSTED' : 'NOT TRUSTED').padEnd(11)} ${r.measuredAt.toISOString()}  ${r.judge} ${r.modelId} v${r.promptVersion}  kappa ${kappa} on ${rel?.answered ?? 0} turns`;
}

/** `rollup refresh`: one refreshed experiment a line. */
export function rollupLine(r: RollupRefreshed): string {
  const how = r.mode === 'incremental' ? `; rows from ${r.since.toISOString()} replaced, the rest kept` : '';
  return `${r.experimentId}: ${r.sessions.toLocaleString('en-US')} sessions from ${r.from.toISOString()} to ${r.to.toISOString()} in ${r.seconds.toFixed(1)} s (${r.mode}${how})`;
}
