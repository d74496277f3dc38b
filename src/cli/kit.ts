// What every command shares: exit codes, the error rule, number options. Imports nothing heavy, so that the rollback
// short path (src/cli/rollback.ts) can use it.
import { CommanderError } from 'commander';
import { InputError, RefusedError } from '../pipeline/errors';
import { log } from '../pipeline/log';

/**
 * Exit codes: 0 ok; 1 a finding at or above --fail-on; 2 usage or input error (the message names the input);
 * 3 the work could not be done (a service failed, an unexpected error).
 */
export const EXIT = { ok: 0, findings: 1, input: 2, failure: 3 } as const;

/** A commander parser for a whole-number option; @throws InputError naming the option. */
export function intOption(name: string) {
  return (value: string) => {
    const n = Number(value.replace(/_/g, ''));
    if (!Number.isSafeInteger(n)) throw new InputError(name, `expected a whole number, got "${value}"`);
    return n;
  };
}

/**
 * The CLI's error rule, for an action and for parsing alike: a commander usage error exits 2 (help and version 0), an
 * InputError exits 2 with its one message, a RefusedError (a gate said no) 1, anything else exits 3.
 */
export function exitOnError(e: unknown): void {
  if (e instanceof CommanderError) {
    process.exitCode = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(e.code) ? EXIT.ok : EXIT.input;
    return;
  }
  log.error(e instanceof Error ? e.message : String(e));
  if (e instanceof InputError) {
    process.exitCode = EXIT.input;
    return;
  }
  if (e instanceof RefusedError) {
    process.exitCode = EXIT.findings;
    return;
  }
  if (process.env.MANGALAB_LOG === 'debug' && e instanceof Error && e.stack) log.debug(e.stack);
  process.exitCode = EXIT.failure;
}

/** Runs an action with the CLI's error rules (exitOnError); its return value is the exit code. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<number | void>) {
  return async (...args: A) => {
    try {
      const code = await fn(...args);
      process.exitCode = code ?? EXIT.ok;
    } catch (e) {
      exitOnError(e);
    }
  };
}

/** Prints lines of text on stdout, one a line: what a command shows when it writes no report. */
export function print(lines: string | string[]): void {
  for (const line of [lines].flat()) process.stdout.write(`${line}\n`);
}
