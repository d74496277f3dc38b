import { resolve } from 'node:path';
import { endpointLines } from '../../jobs/render/text';
import type { Command } from 'commander';
import { canaryStep } from '../../jobs/actions/deploy';
import { canaryVerdict } from '../../jobs/monitoring/canary-verdict';
import { describeEndpoint } from '../../pipeline/sagemaker';
import { SOURCE_HELP, withSource } from '../context';
import { action, EXIT, intOption, print } from '../kit';
import { addRollbackCommand } from '../rollback';
import { approvalRecord, approveForProduction, changeStage, hostedVersion } from '../../jobs/registry/registry';
import { currentGolden, parseEntryKey } from '../../pipeline/registry-input';
import type { EntryKey } from '../../pipeline/registry-store';
import { STORE_OPTION } from '../context';
import { addGateOptions, gateConfig, withRegistry, type GateOpts } from './registry';

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
  const canary = deploy
    .command('canary')
    .argument('<endpoint>', 'the SageMaker endpoint')
    .description(
      'Move the canary to the next share of traffic (1, 10, 50, 100). Every step needs the version the canary serves in the registry with a stored evaluation run that passed every gate on the current golden set; past 1% it also needs a healthy canary verdict from the warehouse (errors, escalations, guardrail blocks of the last 24 h); --override "reason" goes ahead without either, audited. Dry run unless --yes.',
    )
    .requiredOption('--to <percent>', "the canary's share: 1, 10, 50 or 100", intOption('--to'));
  addGateOptions(
    canary,
    'promote without a healthy verdict or without a passing evaluation run of the canary version; the reason is recorded',
    false,
  )
    .option(
      '--version <ref>',
      'the registry version the canary variant serves, KIND:NAME@VERSION (default: the one registered with hosting sagemaker:<endpoint>/<canary variant>)',
    )
    .option(...STORE_OPTION)
    .option('--ticket <id>', 'the change ticket, recorded')
    .option('--canary-variant <name>', 'the canary variant (default: the one named like "canary")')
    .option('--yes', 'apply the plan')
    .option('--timeout <seconds>', 'how long to wait for InService', intOption('--timeout'), 600)
    .option('--source <source>', SOURCE_HELP)
    .action(
      action(
        async (
          endpoint: string,
          opts: GateOpts & {
            to: number;
            version?: string;
            ticket?: string;
            canaryVariant?: string;
            yes?: boolean;
            timeout: number;
            source?: string;
          },
        ) => {
          const golden = currentGolden(gateConfig(opts), opts.golden ? resolve(opts.golden) : undefined);
          const verdict = opts.to > 1 ? await withSource(opts.source, (source) => canaryVerdict(source)) : null;
          let key: EntryKey | null = opts.version ? parseEntryKey(opts.version, '--version') : null;
          const approve = (variant: string) =>
            withRegistry(opts.store, async (r) => {
              key = await hostedVersion(r, endpoint, variant, key);
              return approvalRecord(await approveForProduction(r, key, { ...opts, golden, action: 'deploy-canary' }));
            });
          const r = await canaryStep(
            endpoint,
            opts.to,
            { verdict, approve, override: opts.override, ticket: opts.ticket },
            { yes: opts.yes, timeoutMs: opts.timeout * 1000, roles: { canary: opts.canaryVariant } },
          );
          print(r.plan);
          if (r.outcome === 'completed' && key) {
            const stage = opts.to === 100 ? 'production' : 'staging';
            await withRegistry(opts.store, async (reg) => {
              const e = await reg.require(key!);
              if (e.stage !== stage && (stage === 'production' || e.stage === 'none'))
                await changeStage(reg, key!, stage, { auditSeq: r.auditSeq, why: `deploy canary ${endpoint} ${opts.to}%` });
            });
          }
          return r.outcome === 'timed-out' ? EXIT.failure : EXIT.ok;
        },
      ),
    );
  addRollbackCommand(deploy);
}
