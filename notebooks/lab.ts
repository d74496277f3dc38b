// Loads mangalab into a tslab notebook:  const { lab, dfd } = await loadLab();
// tslab compiles only files under the notebook's folder (its rootDir) with Node10 module resolution, so the
// project's ESM sources are imported at run time through tsx's loader rather than by a typed import; the API is
// src/notebook.ts. danfojs comes from here too: its package has no "main" for Node10 resolution to find.
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
import { resolve } from 'path';
import { pathToFileURL } from 'url';

export async function loadLab(): Promise<{ lab: any; dfd: any }> {
  const root = resolve(__dirname, '..');
  // A Function-built import() keeps TypeScript from resolving the path and works outside tslab's module wrapper.
  const importUrl = new Function('url', 'return import(url)') as (url: string) => Promise<any>;
  // tsx's ESM loader (its .mjs API: the CommonJS one cannot register it), once per kernel.
  const g = globalThis as any;
  if (!g.__mangalabTsx) {
    const api = await importUrl(pathToFileURL(require.resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href);
    api.register();
    g.__mangalabTsx = true;
  }
  const lab = await importUrl(pathToFileURL(resolve(root, 'src/notebook.ts')).href);
  return { lab, dfd: require('danfojs') };
}
