import { endpointLines } from '../../jobs/render/text';
import type { Command } from 'commander';
import { canaryStep } from '../../jobs/actions/deploy';
import { canaryVerdict } from '../../jobs/monitoring/canary-verdict';
import { describeEndpoint } from '../../pipeline/sagemaker';
import { SOURCE_HELP, withSource } from '../context';
import { action, EXIT, intOption, print } from '../kit';
import { addRollbackCommand } from '../rollback';

/** `mangalab deploy status|canary|rollback`: SageMaker canary steps and rollback. */
export function registerDeploy(program: Command): void {
  const deploy = program
    .command('deploy')
    .description(
      'SageMaker endpoint canary steps and rollback (US-1.2, US-1.3): checked, dry run unless --yes, locked per endpoint, audited.',
    );
  deploy
    .command('status')
    .argument('<endpoint>', 'the SageMaker endpoint')
    .description('Variants, weights, instance counts and status of an endpoint.')
    .action(
      action(async (endpoint: string) => {
        const state = await describeEndpoint(endpoint);
        print(endpointLines(state));
      }),
    );
  deploy
    .command('canary')
    .argument('<endpoint>', 'the SageMaker endpoint')
    .description(
      'Move the canary to the next share of traffic (1, 10, 50, 100). Past 1% it needs a healthy canary verdict from the warehouse (errors, escalations, guardrail blocks of the last 24 h) or --override "reason". Dry run unless --yes.',
    )
    .requiredOption('--to <percent>', "the canary's share: 1, 10, 50 or 100", intOption('--to'))
    .option('--override <reason>', 'promote without a healthy verdict; the reason is recorded')
    .option('--ticket <id>', 'the change ticket, recorded')
    .option('--canary-variant <name>', 'the canary variant (default: the one named like "canary")')
    .option('--yes', 'apply the plan')
    .option('--timeout <seconds>', 'how long to wait for InService', intOption('--timeout'), 600)
    .option('--source <source>', SOURCE_HELP)
    .action(
      action(
        async (
          endpoint: string,
          opts: { to: number; override?: string; ticket?: string; canaryVariant?: string; yes?: boolean; timeout: number; source?: string },
        ) => {
          const verdict = opts.to > 1 ? await withSource(opts.source, (source) => canaryVerdict(source)) : null;
          const r = await canaryStep(
            endpoint,
            opts.to,
            { verdict, override: opts.override, ticket: opts.ticket },
            { yes: opts.yes, timeoutMs: opts.timeout * 1000, roles: { canary: opts.canaryVariant } },
          );
          print(r.plan);
          return r.outcome === 'timed-out' ? EXIT.failure : EXIT.ok;
        },
      ),
    );
  addRollbackCommand(deploy);
}
