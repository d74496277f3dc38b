import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { auditHash, verifyAuditChain, type AuditRecord } from '../analysis/auditChain';
import { InputError } from './errors';
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
export async function awsActor(client: STSClient = new STSClient({ maxAttempts: 2 })): Promise<string> {
  try {
    const id = await client.send(new GetCallerIdentityCommand({}));
    return id.Arn ? `${id.Arn} (${actor()})` : actor();
  } catch {
    return actor();
  }
}

/**
 * An exclusive lock file: created with O_EXCL, removed by release. One operation at a time per name.
 * @throws InputError naming the holder when the lock is taken.
 */
export function acquireLock(name: string, dir: string = join(paths.auditDir(), 'locks')): { release(): void } {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name.replace(/[^\w.-]+/g, '_')}.lock`);
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch {
    let holder = 'unknown';
    try {
      holder = readFileSync(file, 'utf8').trim();
    } catch {
      // gone meanwhile: still refuse, the caller may retry
    }
    throw new InputError(
      name,
      `another operation holds the lock ${file} (${holder}); wait for it or remove the file if that process is gone`,
    );
  }
  writeSync(fd, `pid ${process.pid} since ${new Date().toISOString()}\n`);
  closeSync(fd);
  return { release: () => rmSync(file, { force: true }) };
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
    if (!existsSync(this.file)) return [];
    return readFileSync(this.file, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((line, i) => {
        try {
          return JSON.parse(line) as AuditRecord;
        } catch (e) {
          throw new InputError(this.file, `is not an audit record: ${(e as Error).message}`, `line ${i + 1}`);
        }
      });
  }

  /** The records from day `from` to day `to` (YYYY-MM-DD, UTC, both inclusive, either open), of components starting with `component`. */
  between(from?: string, to?: string, component?: string): AuditRecord[] {
    return this.read().filter(
      (r) => (!from || r.at.slice(0, 10) >= from) && (!to || r.at.slice(0, 10) <= to) && (!component || r.component.startsWith(component)),
    );
  }

  head(): { seq: number; hash: string } | null {
    return existsSync(this.headFile) ? (JSON.parse(readFileSync(this.headFile, 'utf8')) as { seq: number; hash: string }) : null;
  }

  /** Appends a record (under the log's lock), flushed to disk before the head moves. */
  append(input: AuditInput): AuditRecord {
    mkdirSync(dirname(this.file), { recursive: true });
    const lock = acquireLock('audit-log', join(dirname(this.file), 'locks'));
    try {
      const last = this.read().at(-1);
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
    } finally {
      lock.release();
    }
  }

  verify(): ReturnType<typeof verifyAuditChain> {
    return verifyAuditChain(this.read(), this.head());
  }
}
