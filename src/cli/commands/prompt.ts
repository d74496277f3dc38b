import type { Command } from 'commander';
import { applyPromotion, describePromptChange, rollbackPrompt, setPrompt } from '../../jobs/actions/prompt-versions';
import { action, print } from '../kit';
import { resolve } from 'node:path';

/** `mangalab prompt rollback|set|apply`: active prompt and model versions per intent. */
export function registerPrompt(program: Command): void {
  const prompt = program
    .command('prompt')
    .description('Active prompt and model versions per intent (config/active-prompts.json), every change audited.');
  prompt
    .command('rollback')
    .argument('<intent>', 'the intent')
    .description("Restore the intent's previous prompt and model version.")
    .option('--why <reason>', 'recorded in the audit trail')
    .option('--ticket <id>', 'recorded')
    .action(
      action(async (intent: string, opts: { why?: string; ticket?: string }) => {
        const c = rollbackPrompt(intent, opts);
        print(describePromptChange(c));
      }),
    );
  prompt
    .command('set')
    .argument('<intent>', 'the intent')
    .description("Make a prompt version (and optionally a model) the intent's active one: an experiment's winner promoted to 100%.")
    .requiredOption('--version <v>', 'a version under prompts/<intent>/')
    .option('--model <m>', 'the model version (default: unchanged)')
    .option('--why <reason>', 'recorded in the audit trail')
    .option('--ticket <id>', 'recorded')
    .action(
      action(async (intent: string, opts: { version: string; model?: string; why?: string; ticket?: string }) => {
        const c = setPrompt(intent, opts.version, opts);
        print(describePromptChange(c));
      }),
    );

  prompt
    .command('apply')
    .argument('<change>', 'the promotion change an experiment report wrote (kind experiment-promotion)')
    .description("Apply an experiment winner's promotion change to an intent (its prompt and model version), with the readout's reason.")
    .requiredOption('--intent <intent>', 'the intent the experiment ran on')
    .option('--ticket <id>', 'recorded')
    .action(
      action(async (change: string, opts: { intent: string; ticket?: string }) => {
        const c = applyPromotion(resolve(change), opts.intent, opts);
        print(describePromptChange(c));
      }),
    );
}
