import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { InputError } from './errors';
import { log } from './log';
import { paths } from './paths';

/**
 * The one lock discipline of mangalab (audit log, endpoints, config files): an exclusive lock file created with
 * O_EXCL that says who holds it and what they are doing (its journal). A lock whose process is gone (same host, pid
 * not running) is taken over, and the taker is told what the dead holder had done; locks are released when the
 * process ends, on SIGINT, SIGTERM and SIGHUP too, after the holder has said what it left half-done.
 */
export interface LockHolder {
  pid: number;
  host: string;
  since: string;
  /** What the holder is doing: "deploy canary on endpoint manga-assist". */
  action: string;
  /** What it has done so far, oldest first: "weights requested: canary 50%". */
  steps: string[];
}

export interface LockOptions {
  /** The folder of lock files (default: the audit folder's locks/). */
  dir?: string;
  /** What the holder is doing, recorded in the lock file. */
  action?: string;
  /** How long to wait for a live holder before giving up (default 0: refuse at once). */
  waitMs?: number;
  /** Told when a dead holder's lock is taken over, with what that holder had recorded (to audit it). */
  onTakeover?: (stale: LockHolder, file: string) => void;
  /** Told when this process is interrupted (a signal) while holding the lock, before it is released. */
  onInterrupt?: (holder: LockHolder, signal: NodeJS.Signals) => void;
}

export interface Lock {
  readonly file: string;
  readonly holder: LockHolder;
  /** Records a step done in the lock file, so a takeover or an interruption can say how far the action got. */
  step(text: string): void;
  release(): void;
}

/** Locks this process holds, released on exit and on signals. */
const held = new Set<{ lock: Lock; onInterrupt?: LockOptions['onInterrupt'] }>();
let handlersInstalled = false;
const SIGNALS: [NodeJS.Signals, number][] = [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
];

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => {
    for (const h of [...held]) h.lock.release();
  });
  for (const [signal, code] of SIGNALS) {
    process.on(signal, () => {
      for (const h of [...held]) {
        try {
          h.onInterrupt?.(h.lock.holder, signal);
        } catch (e) {
          log.error(`${h.lock.file}: could not record the interrupted action: ${(e as Error).message}`);
        }
        h.lock.release();
      }
      process.exit(code);
    });
  }
}

/** True when the process `pid` runs on this host (EPERM: it runs under another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** What a lock file says; null when it is unreadable or of an older form (then its holder is judged by its pid line). */
function readHolder(file: string): LockHolder | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const h = JSON.parse(text) as LockHolder;
    if (typeof h.pid === 'number') return { ...h, steps: Array.isArray(h.steps) ? h.steps : [] };
  } catch {
    // the line form: "pid 123 since 2026-..."
  }
  const m = /^pid (\d+) since (\S+)/.exec(text);
  if (m) return { pid: Number(m[1]), host: hostname(), since: m[2]!, action: 'unknown', steps: [] };
  // Empty or torn: a holder killed between creating the file and writing it. After 10 s nobody is writing it.
  try {
    const mtime = statSync(file).mtimeMs;
    if (Date.now() - mtime > 10_000)
      return { pid: 0, host: hostname(), since: new Date(mtime).toISOString(), action: 'unknown', steps: [] };
  } catch {
    // gone meanwhile
  }
  return null;
}

/**
 * Removes a dead holder's lock file, once: takers race through a short-lived `.takeover` file (O_EXCL), and the one
 * that gets it removes the lock only if it still holds the same dead holder. A `.takeover` file older than 10 s is
 * itself a taker that died, and is cleared.
 */
function takeOver(file: string, stale: LockHolder): boolean {
  const gate = `${file}.takeover`;
  let fd: number;
  try {
    fd = openSync(gate, 'wx');
  } catch {
    try {
      if (Date.now() - statSync(gate).mtimeMs > 10_000) rmSync(gate, { force: true });
    } catch {
      // gone meanwhile
    }
    return false;
  }
  try {
    const now = readHolder(file);
    if (!now || now.pid !== stale.pid || now.since !== stale.since) return false;
    rmSync(file, { force: true });
    return true;
  } finally {
    closeSync(fd);
    rmSync(gate, { force: true });
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4));
const sleepSync = (ms: number) => Atomics.wait(pause, 0, 0, ms);

/**
 * Takes the lock `name`: waits up to `waitMs` for a live holder, takes over from a dead one (telling `onTakeover`),
 * and holds it until `release()` or the end of the process.
 * @throws InputError naming the lock, its holder and what it is doing when a live holder keeps it past `waitMs`.
 */
export function acquireLock(name: string, given: LockOptions | string = {}): Lock {
  const options = typeof given === 'string' ? { dir: given } : given;
  const dir = options.dir ?? join(paths.auditDir(), 'locks');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name.replace(/[^\w.-]+/g, '_')}.lock`);
  const holder: LockHolder = {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    action: options.action ?? name,
    steps: [],
  };
  const deadline = Date.now() + (options.waitMs ?? 0);
  let delay = 5;
  for (;;) {
    let fd: number | null = null;
    try {
      fd = openSync(file, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (fd !== null) {
      writeSync(fd, `${JSON.stringify(holder)}\n`);
      closeSync(fd);
      break;
    }
    const other = readHolder(file);
    if (other && other.host === holder.host && !processAlive(other.pid)) {
      if (takeOver(file, other)) {
        options.onTakeover?.(other, file);
        log.warn(`${file}: took over the lock of process ${other.pid} (${other.action}), which is no longer running`);
      }
      continue;
    }
    if (Date.now() >= deadline) {
      const who = other ? `pid ${other.pid} on ${other.host} since ${other.since}: ${other.action}` : 'a holder that left no record';
      throw new InputError(
        name,
        `another operation holds the lock ${file} (${who}); wait for it to finish, or remove the file if that process is gone`,
      );
    }
    sleepSync(Math.min(delay, Math.max(1, deadline - Date.now())));
    delay = Math.min(delay * 2, 200);
  }
  let released = false;
  const entry: { lock: Lock; onInterrupt?: LockOptions['onInterrupt'] } = {
    onInterrupt: options.onInterrupt,
    lock: {
      file,
      holder,
      step(text: string) {
        holder.steps.push(text);
        if (!released) writeFileSync(file, `${JSON.stringify(holder)}\n`);
      },
      release() {
        if (released) return;
        released = true;
        held.delete(entry);
        const now = readHolder(file);
        if (!now || (now.pid === holder.pid && now.since === holder.since)) rmSync(file, { force: true });
      },
    },
  };
  installHandlers();
  held.add(entry);
  return entry.lock;
}
