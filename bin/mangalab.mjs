#!/usr/bin/env node
// Launcher: runs the TypeScript CLI through tsx, so a clone works after `npm ci` with no build step.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

process.env.MANGALAB_HOME ??= resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Output into a closed pipe (`mangalab query --list | head`) ends quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
register();
// A rollback must work when the rest of the code does not: it loads its own short path.
const [command, sub] = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const { main } = await import(command === 'deploy' && sub === 'rollback' ? '../src/cli/rollback.ts' : '../src/cli/index.ts');
await main(process.argv);
