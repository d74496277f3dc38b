import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { auditHash, verifyAuditChain, type AuditRecord } from '../analysis/auditChain';
import { awsClientConfig, awsTimeouts } from './aws';
import { InputError } from './errors';
import { acquireLock, type Lock, type LockHolder } from './lock';
import { writeFileAtomically } from './output';
import { paths } from './paths';

export type AuditInput = Omit<AuditRecord, 'seq' | 'at' | 'prevHash' | 'hash' | 'who' | 'details'> & {
  who?: string;
  details?: Record<string, unknown>;
};

/** Who acts: MANGALAB_ACTOR when set (a CI job names itself), else the OS user. */
export function actor(): string {
  return process.env.MANGALAB_ACTOR || userInfo().username;
}

/**
 * Who acts on AWS: the caller identity's ARN (STS GetCallerIdentity with the same credentials the action uses), with
 * the OS user beside it; the OS user alone when the identity cannot be read.
 */
export async function awsActor(client: STSClient = new STSClient(awsClientConfig())): Promise<string> {
  try {
    // Bounded like every AWS call: a hung STS costs the record its ARN, never the action.
    const id = await client.send(new GetCallerIdentityCommand({}), { abortSignal: AbortSignal.timeout(awsTimeouts().requestMs) });
    return id.Arn ? `${id.Arn} (${actor()})` : actor();
  } catch {
    return actor();
  }
}

/** How long an append waits for another process's append (each holds the log's lock for milliseconds). */
const AUDIT_WAIT_MS = 30_000;

/** The audit record of a lock taken over from a process that is gone: who held it, doing what, how far it got. */
export function takeoverRecord(name: string, stale: LockHolder, file: string): AuditInput {
  return {
    component: `lock:${name}`,
    action: 'lock-takeover',
    old: `pid ${stale.pid} on ${stale.host}`,
    new: `pid ${process.pid}`,
    why: `process ${stale.pid} (${stale.action}, since ${stale.since}) is no longer running; it left its lock behind`,
    ticket: null,
    evalRunId: null,
    evalPassed: null,
    outcome: 'interrupted',
    details: { lock: file, action: stale.action, steps: stale.steps },
  };
}

/** A change to make under the audit log's lock: its record, how to apply it, and how to undo it if the record fails. */
export interface AuditedChange {
  record: AuditInput;
  apply(): void;
  undo(): void;
}

/**
 * The append-only, hash-chained audit log (US-10.2): one JSON record a line in data/audit/audit.jsonl (or
 * MANGALAB_AUDIT), each chained to the one before by its hash, and a head file holding the last record's sequence
 * number and hash, so that edits, removals, reordering and a cut tail are all detected by verify.
 */
export class AuditLog {
  constructor(
    readonly file: string = paths.auditLog(),
    private readonly now: () => Date = () => new Date(),
  ) {}

  private get headFile(): string {
    return `${this.file}.head`;
  }

  /** Every record, in file order. @throws InputError naming the line of one that is not a record. */
  read(): AuditRecord[] {
    const { records, garbage } = this.readLines();
    if (garbage[0]) throw new InputError(this.file, `is not an audit record: ${garbage[0].message}`, `line ${garbage[0].line}`);
    return records;
  }

  /** The records that parse, and the lines that do not (a torn write, an edit): verify reports those as breaks. */
  private readLines(): { records: AuditRecord[]; garbage: { line: number; message: string }[] } {
    const records: AuditRecord[] = [];
    const garbage: { line: number; message: string }[] = [];
    if (!existsSync(this.file)) return { records, garbage };
    readFileSync(this.file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (line.trim() === '') return;
        try {
          const r = JSON.parse(line) as AuditRecord;
          if (typeof r !== 'object' || r === null || typeof r.seq !== 'number') throw new Error('no sequence number');
          records.push(r);
        } catch (e) {
          garbage.push({ line: i + 1, message: (e as Error).message });
        }
      });
    return { records, garbage };
  }

  /** The records from day `from` to day `to` (YYYY-MM-DD, UTC, both inclusive, either open), of components starting with `component`. */
  between(from?: string, to?: string, component?: string): AuditRecord[] {
    return this.read().filter(
      (r) => (!from || r.at.slice(0, 10) >= from) && (!to || r.at.slice(0, 10) <= to) && (!component || r.component.startsWith(component)),
    );
  }

  head(): { seq: number; hash: string } | null {
    if (!existsSync(this.headFile)) return null;
    try {
      return JSON.parse(readFileSync(this.headFile, 'utf8')) as { seq: number; hash: string };
    } catch {
      return { seq: -1, hash: 'unreadable head file' }; // verify reports it: the log no longer matches its head
    }
  }

  /** Takes the log's lock (waiting for other appends), recording first any takeover from a holder that died. */
  private lock(action: string): Lock {
    const taken: { holder: LockHolder; file: string }[] = [];
    const lock = acquireLock('audit-log', {
      dir: join(dirname(this.file), 'locks'),
      action,
      waitMs: AUDIT_WAIT_MS,
      onTakeover: (holder, file) => taken.push({ holder, file }),
    });
    try {
      for (const t of taken) this.write(takeoverRecord('audit-log', t.holder, t.file));
    } catch (e) {
      lock.release();
      throw e;
    }
    return lock;
  }

  /** Writes one record; the caller holds the lock. Flushed to disk before the head moves. */
  private write(input: AuditInput): AuditRecord {
    // After the last record that parses: a production action is never left unaudited by a broken line (verify reports it).
    const last = this.readLines().records.at(-1);
    const partial: Omit<AuditRecord, 'hash'> = {
      seq: (last?.seq ?? 0) + 1,
      at: this.now().toISOString(),
      who: input.who ?? actor(),
      component: input.component,
      action: input.action,
      old: input.old,
      new: input.new,
      why: input.why,
      ticket: input.ticket,
      evalRunId: input.evalRunId,
      evalPassed: input.evalPassed,
      outcome: input.outcome,
      details: input.details ?? {},
      prevHash: last?.hash ?? '',
    };
    const record: AuditRecord = { ...partial, hash: auditHash(partial) };
    const fd = openSync(this.file, 'a');
    try {
      writeSync(fd, `${JSON.stringify(record)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    writeFileAtomically(this.headFile, JSON.stringify({ seq: record.seq, hash: record.hash }));
    return record;
  }

  /** Appends a record (under the log's lock, waiting up to 30 s for other appends). */
  append(input: AuditInput): AuditRecord {
    mkdirSync(dirname(this.file), { recursive: true });
    const lock = this.lock(`audit ${input.component} ${input.action}`);
    try {
      return this.write(input);
    } finally {
      lock.release();
    }
  }

  /**
   * A change and its record as one step under the log's lock: `plan` reads the current state and says what to change
   * (null: nothing to change), the change is applied and its record appended; if the record cannot be written, the
   * change is undone. Concurrent commits wait their turn, so none is lost and none goes live unaudited. The pending
   * record is written into the lock file first: a process killed mid-step leaves it for the next one to audit.
   */
  commit(what: string, plan: () => AuditedChange | null): AuditRecord | null {
    mkdirSync(dirname(this.file), { recursive: true });
    const lock = this.lock(what);
    try {
      const change = plan();
      if (!change) return null;
      lock.step(
        `pending: ${JSON.stringify({ component: change.record.component, action: change.record.action, old: change.record.old, new: change.record.new })}`,
      );
      change.apply();
      try {
        return this.write(change.record);
      } catch (e) {
        change.undo();
        throw e;
      }
    } finally {
      lock.release();
    }
  }

  /** How many lines of the log are records (lines that are not are left to verify to report). */
  recordCount(): number {
    return this.readLines().records.length;
  }

  /** The chain checked (verifyAuditChain), with every line that is not a record reported as a break, never thrown. */
  verify(): ReturnType<typeof verifyAuditChain> {
    const { records, garbage } = this.readLines();
    const r = verifyAuditChain(records, this.head());
    const problems = [
      ...garbage.map((g) => ({ seq: null, problem: `line ${g.line} is not an audit record (${g.message})` })),
      ...r.problems,
    ];
    return { ok: problems.length === 0, problems };
  }
}
