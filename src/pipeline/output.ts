import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Writes a set of files as one folder, atomically: everything goes into a temporary sibling folder, which is then
 * renamed into place (the previous folder, if any, is moved aside first and removed after). An interrupted run leaves
 * the old folder or nothing, never a half-written one.
 */
export function writeFolderAtomically(dir: string, files: Record<string, string | Uint8Array>): string[] {
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  mkdirSync(tmp, { recursive: true });
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(tmp, name), content);
    const old = `${dir}.old-tmp-${process.pid}-${Date.now()}`;
    if (existsSync(dir)) renameSync(dir, old);
    renameSync(tmp, dir);
    rmSync(old, { recursive: true, force: true });
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return Object.keys(files).map((name) => join(dir, name));
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
