// The rollback short path (issue 9): `mangalab deploy rollback` loads only this file, the SageMaker calls, the lock
// and the audit log (bin/mangalab.mjs routes to it before the full CLI is imported), so a rollback works even when
// analysis or report code is broken. The re-evaluation after it is imported only once the rollback is done.
import { Command } from 'commander';
import { action, EXIT, exitOnError, intOption, print } from './kit';
import { rollback } from '../jobs/actions/deploy';
import { AuditLog } from '../pipeline/audit';

/** Adds `rollback` to a `deploy` command. */
export function addRollbackCommand(deploy: Command): Command {
  return deploy
    .command('rollback')
    .argument('<endpoint>', 'the SageMaker endpoint')
    .description(
      'Send all traffic back to the baseline variant. Dry run unless --yes. With --golden and --predictions, re-evaluates the restored version afterwards and records the run.',
    )
    .option('--why <reason>', 'recorded in the audit trail')
    .option('--ticket <id>', 'the incident ticket, recorded')
    .option('--canary-variant <name>', 'the canary variant (default: the one named like "canary")')
    .option('--yes', 'apply the rollback')
    .option('--timeout <seconds>', 'how long to wait for InService', intOption('--timeout'), 300)
    .option('--golden <file>', 'after the rollback: the golden set to re-evaluate on')
    .option('--predictions <file>', "after the rollback: the restored version's outputs on it")
    .action(
      action(
        async (
          endpoint: string,
          opts: {
            why?: string;
            ticket?: string;
            canaryVariant?: string;
            yes?: boolean;
            timeout: number;
            golden?: string;
            predictions?: string;
          },
        ) => {
          const r = await rollback(endpoint, {
            yes: opts.yes,
            timeoutMs: opts.timeout * 1000,
            why: opts.why,
            ticket: opts.ticket,
            roles: { canary: opts.canaryVariant },
          });
          print(r.plan);
          if (r.changed && opts.golden && opts.predictions) {
            const { evalCommand } = await import('../jobs/quality/command');
            const { readout } = await evalCommand({
              golden: opts.golden,
              predictions: opts.predictions,
              name: `after-rollback-${endpoint}`,
            });
            new AuditLog().append({
              component: `sagemaker:${endpoint}`,
              action: 'rollback-evaluation',
              old: null,
              new: null,
              why: `re-evaluation after rollback #${r.auditSeq}`,
              ticket: opts.ticket ?? null,
              evalRunId: readout.runId,
              evalPassed: readout.outcome.passed,
              outcome: 'completed',
              details: {},
            });
            process.stdout.write(`Re-evaluation ${readout.runId}: ${readout.outcome.passed ? 'PASS' : 'FAIL'}\n`);
          }
          return r.outcome === 'timed-out' ? EXIT.failure : EXIT.ok;
        },
      ),
    );
}

/** Entry for `mangalab deploy rollback ...` alone. */
export async function main(argv: string[]): Promise<void> {
  const program = new Command('mangalab').exitOverride().configureOutput({ writeErr: (s) => process.stderr.write(s) });
  addRollbackCommand(program.command('deploy'));
  try {
    await program.parseAsync(argv);
  } catch (e) {
    exitOnError(e);
  }
}
