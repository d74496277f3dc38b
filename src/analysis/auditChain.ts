import { createHash } from 'node:crypto';
import { canonicalJson } from './canonicalJson';

/** One action in the audit trail (US-10.2): who did what to which component, from which version to which, and why. */
export interface AuditRecord {
  seq: number;
  /** ISO time, UTC. */
  at: string;
  who: string;
  component: string;
  action: string;
  old: string | null;
  new: string | null;
  why: string | null;
  ticket: string | null;
  evalRunId: string | null;
  evalPassed: boolean | null;
  /** completed, dry-run, refused, timed-out, failed. */
  outcome: string;
  details: Record<string, unknown>;
  /** The previous record's hash ("" for the first). */
  prevHash: string;
  hash: string;
}

/** The hash of a record: sha256 over its canonical JSON without the hash field (the previous hash included). */
export function auditHash(record: Omit<AuditRecord, 'hash'>): string {
  const { hash: _omit, ...rest } = record as AuditRecord;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

export interface AuditProblem {
  seq: number | null;
  problem: string;
}

/**
 * Verifies a hash-chained audit trail: every record's hash matches its content, its prevHash is the hash of the record
 * before it, and sequence numbers run 1, 2, 3 ... without gaps. An edited record breaks its own hash; a removed or
 * reordered one breaks the chain and the sequence. With the head (the last sequence number and hash kept apart from
 * the log), a removed tail is found too.
 * Reference: Schneier & Kelsey 1999, "Secure audit logs to support computer forensics" (hash chaining).
 *
 * @throws never: every problem is returned.
 * @example
 * verifyAuditChain([]).ok // => true
 */
export function verifyAuditChain(
  records: AuditRecord[],
  head?: { seq: number; hash: string } | null,
): { ok: boolean; problems: AuditProblem[] } {
  const problems: AuditProblem[] = [];
  let prev = '';
  records.forEach((r, i) => {
    if (r.seq !== i + 1)
      problems.push({
        seq: r.seq,
        problem: `is record ${i + 1} of the file but carries sequence number ${r.seq} (a record was removed or reordered)`,
      });
    if (r.prevHash !== prev)
      problems.push({ seq: r.seq, problem: 'does not chain to the record before it (a record was removed, reordered or edited)' });
    if (auditHash(r) !== r.hash) problems.push({ seq: r.seq, problem: 'its content does not match its hash (the record was edited)' });
    prev = r.hash;
  });
  if (head) {
    const last = records.at(-1);
    if (!last || last.seq !== head.seq || last.hash !== head.hash) {
      problems.push({
        seq: null,
        problem: `the log ends at ${last ? `record ${last.seq}` : 'no record'} but its head says record ${head.seq} (records were removed from the end)`,
      });
    }
  }
  return { ok: problems.length === 0, problems };
}
