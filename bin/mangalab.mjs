#!/usr/bin/env node
// Launcher: runs the TypeScript CLI through tsx, so a clone works after `npm ci` with no build step.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

process.env.MANGALAB_HOME ??= resolve(dirname(fileURLToPath(import.meta.url)), '..');
register();
const { main } = await import('../src/cli.ts');
await main(process.argv);
