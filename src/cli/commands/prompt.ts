import type { Command } from 'commander';
import { resolve } from 'node:path';
import {
  applyPromotion,
  describePromptChange,
  promotionVersion,
  rollbackPrompt,
  setPrompt,
  type PromptChange,
} from '../../jobs/actions/prompt-versions';
import { mirrorStageToMlflow, trackingUri } from '../../jobs/registry/mlflow-sync';
import { approveForProduction, changeStage, type Approval } from '../../jobs/registry/registry';
import { log } from '../../pipeline/log';
import { currentGolden } from '../../pipeline/registry-input';
import type { EntryKey } from '../../pipeline/registry-store';
import { STORE_OPTION } from '../context';
import { action, print } from '../kit';
import { addGateOptions, gateConfig, withRegistry, type GateOpts } from './registry';

const promptKey = (intent: string, version: string): EntryKey => ({ kind: 'prompt', name: intent, version: version.replace(/^v/i, '') });

/**
 * The registry's side of a prompt change: the gate before it (a passing run of the version on the current golden set,
 * or --override), then, once the change is made, the version's stage recorded as production under the change's audit
 * record, and mirrored to MLflow when one is configured.
 */
async function gated(
  action: 'prompt-set' | 'prompt-apply',
  intent: string,
  version: string,
  o: GateOpts & { why?: string; ticket?: string },
  change: (approval: Approval) => PromptChange,
): Promise<void> {
  const config = gateConfig(o);
  const golden = currentGolden(config, o.golden ? resolve(o.golden) : undefined);
  const key = promptKey(intent, version);
  const approval = await withRegistry(o.store, (r) => approveForProduction(r, key, { ...o, golden, action }));
  const c = change(approval);
  print(describePromptChange(c));
  if (approval.override) print(`OVERRIDE: ${approval.override} (${approval.evidence.reason}); audited.`);
  if (!c.changed) return;
  await withRegistry(o.store, async (r) => {
    const res = await changeStage(r, key, 'production', {
      approval,
      auditSeq: c.auditSeq,
      why: o.why ?? `${action.replace('-', ' ')} ${intent}`,
    });
    const uri = trackingUri(o.mlflow, config);
    if (uri && res.changes.length)
      await mirrorStageToMlflow({ ...res.entry, stage: res.changes[0]!.from }, 'production', approval.runId, { uri, registry: r });
  });
}

/** `mangalab prompt rollback|set|apply`: active prompt and model versions per intent. */
export function registerPrompt(program: Command): void {
  const prompt = program
    .command('prompt')
    .description('Active prompt and model versions per intent (config/active-prompts.json), every change audited.');
  prompt
    .command('rollback')
    .argument('<intent>', 'the intent')
    .description(
      "Restore the intent's previous prompt and model version (not gated: it was approved when it went live; the registry records the stage).",
    )
    .option('--why <reason>', 'recorded in the audit trail')
    .option('--ticket <id>', 'recorded')
    .option(...STORE_OPTION)
    .action(
      action(async (intent: string, opts: { why?: string; ticket?: string; store?: string }) => {
        const c = rollbackPrompt(intent, opts);
        print(describePromptChange(c));
        if (!c.changed) return;
        const key = promptKey(intent, c.to.prompt_version);
        await withRegistry(opts.store, async (r) => {
          if (!(await r.get(key)))
            return log.warn(`${key.kind}:${key.name}@${key.version} is not in the registry: its stage is not recorded`);
          await changeStage(r, key, 'production', { auditSeq: c.auditSeq, why: opts.why ?? `prompt rollback ${intent}` });
        });
      }),
    );
  addGateOptions(
    prompt
      .command('set')
      .argument('<intent>', 'the intent')
      .description(
        "Make a prompt version (and optionally a model) the intent's active one: an experiment's winner promoted to 100%. Refused (exit 1, audited) unless a stored evaluation run of the version passed every gate on the current golden set, or --override.",
      )
      .requiredOption('--version <v>', 'a version under prompts/<intent>/')
      .option('--model <m>', 'the model version (default: unchanged)')
      .option('--why <reason>', 'recorded in the audit trail')
      .option('--ticket <id>', 'recorded')
      .option(...STORE_OPTION),
  ).action(
    action(async (intent: string, opts: GateOpts & { version: string; model?: string; why?: string; ticket?: string }) =>
      gated('prompt-set', intent, opts.version, opts, (approval) => setPrompt(intent, opts.version, { ...opts, approval })),
    ),
  );

  addGateOptions(
    prompt
      .command('apply')
      .argument('<change>', 'the promotion change an experiment report wrote (kind experiment-promotion)')
      .description(
        "Apply an experiment winner's promotion change to an intent (its prompt and model version), with the readout's reason; gated like prompt set.",
      )
      .requiredOption('--intent <intent>', 'the intent the experiment ran on')
      .option('--ticket <id>', 'recorded')
      .option(...STORE_OPTION),
  ).action(
    action(async (change: string, opts: GateOpts & { intent: string; ticket?: string }) =>
      gated('prompt-apply', opts.intent, promotionVersion(resolve(change)), opts, (approval) =>
        applyPromotion(resolve(change), opts.intent, { ...opts, approval }),
      ),
    ),
  );
}
