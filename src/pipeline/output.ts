import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { InputError } from './errors';
import { processAlive } from './lock';

/**
 * A name from data or flags (a trace id, an experiment id, a golden-set version, a chart id) made safe as one path
 * segment: only letters, digits, `.`, `_` and `-` are kept (anything else becomes `_`), never `.` or `..`, at most
 * 120 characters. A name that had to change gets a short hash of the original, so two ids never share a folder.
 */
export function safeSegment(name: string): string {
  let safe = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, (dots) => '_'.repeat(dots.length));
  if (safe === '') safe = '_';
  if (safe !== name || safe.length > 120) safe = `${safe.slice(0, 100)}-${createHash('sha256').update(name).digest('hex').slice(0, 10)}`;
  return safe;
}

/** `root` joined with safe segments; it can only name a folder inside `root`. @throws Error if it would not (a bug). */
export function insideRoot(root: string, segments: string[]): string {
  const dir = join(root, ...segments.map(safeSegment));
  const rel = relative(resolve(root), resolve(dir));
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) throw new Error(`${dir} is not inside ${root}`);
  return dir;
}

/**
 * An output folder (`--out`) that can hold reports: a folder or nothing yet, outside the kernel's pseudo-file systems
 * (/proc, /sys, /dev), where writes hang or mean something else.
 * @throws InputError naming the folder and the problem.
 */
export function checkOutputRoot(root: string): void {
  const abs = resolve(root);
  if (/^\/(proc|sys|dev)(\/|$)/.test(abs))
    throw new InputError(root, 'is in a kernel pseudo-file system (/proc, /sys, /dev): give a folder on disk');
  for (let p = abs; ; p = dirname(p)) {
    if (existsSync(p)) {
      if (!statSync(p).isDirectory()) throw new InputError(root, `${p === abs ? 'is' : `is under ${p}, which is`} a file, not a folder`);
      break;
    }
    if (dirname(p) === p) break;
  }
}

/** Leftovers of interrupted runs beside `dir`: `<name>.tmp-<pid>-<ms>` and `<name>.old-tmp-<pid>-<ms>`. */
function leftovers(dir: string): { path: string; kind: 'tmp' | 'old'; pid: number }[] {
  const parent = dirname(dir);
  const name = basename(dir);
  if (!existsSync(parent)) return [];
  return readdirSync(parent).flatMap((f) => {
    const m = /^(.*)\.(tmp|old-tmp)-(\d+)-\d+$/.exec(f);
    return m && m[1] === name
      ? [{ path: join(parent, f), kind: m[2] === 'tmp' ? ('tmp' as const) : ('old' as const), pid: Number(m[3]) }]
      : [];
  });
}

/**
 * Writes a set of files as one folder `root/segments...`, atomically: everything goes into a temporary sibling folder,
 * which is then renamed into place (the previous folder, if any, is moved aside first and removed after). Every
 * segment and file name is made safe (safeSegment), so data can never name a place outside `root`, and nothing
 * outside `root` is moved or removed. A run killed between the two renames leaves the previous folder aside; the next
 * run that writes the folder puts it back first and clears the leftovers of runs that are gone.
 */
export function writeFolderAtomically(root: string, segments: string[], files: Record<string, string | Uint8Array>): string[] {
  checkOutputRoot(root);
  const dir = insideRoot(root, segments);
  mkdirSync(dirname(dir), { recursive: true });
  for (const l of leftovers(dir).filter((x) => !processAlive(x.pid))) {
    if (l.kind === 'old' && !existsSync(dir))
      renameSync(l.path, dir); // the previous report, back in place
    else rmSync(l.path, { recursive: true, force: true });
  }
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  mkdirSync(tmp, { recursive: true });
  const names = Object.keys(files).map((name) => [name, safeSegment(name)] as const);
  try {
    for (const [name, safe] of names) writeFileSync(join(tmp, safe), files[name]!);
    const old = `${dir}.old-tmp-${process.pid}-${Date.now()}`;
    if (existsSync(dir)) renameSync(dir, old);
    renameSync(tmp, dir);
    rmSync(old, { recursive: true, force: true });
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return names.map(([, safe]) => join(dir, safe));
}

/** Writes one file atomically (temp file in the same folder, then rename). */
export function writeFileAtomically(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
