import { Command } from 'commander';
import { EXIT, exitOnError } from './kit';
import { registerAudit } from './commands/audit';
import { registerDeploy } from './commands/deploy';
import { registerEval } from './commands/eval';
import { registerExperiment } from './commands/experiment';
import { registerGolden } from './commands/golden';
import { registerJudge } from './commands/judge';
import { registerKb } from './commands/kb';
import { registerPrompt } from './commands/prompt';
import { addQualityCommands } from './commands/quality';
import { registerQuery } from './commands/query';
import { registerRegistry } from './commands/registry';
import { registerReplay } from './commands/replay';
import { registerReport } from './commands/report';
import { registerRollup } from './commands/rollup';
import { registerRuns } from './commands/runs';
import { registerSeed } from './commands/seed';
import { addTraceCommands } from './commands/traces';
import { registerValidate } from './commands/validate';
import { SOURCE_HELP, withSource, writeAndList } from './context';

export { EXIT };
export { parseParams } from './context';

/** Every command, in the order --help lists them: the one place a command is registered. */
const COMMANDS: ((program: Command) => void)[] = [
  registerSeed,
  registerGolden,
  registerEval,
  registerReplay,
  registerExperiment,
  registerKb,
  registerDeploy,
  registerPrompt,
  registerRegistry,
  registerAudit,
  registerRuns,
  registerJudge,
  (p) => addTraceCommands(p, { withSource, sourceHelp: SOURCE_HELP }),
  (p) => addQualityCommands(p, { withSource, sourceHelp: SOURCE_HELP, writeAndList }),
  registerRollup,
  registerValidate,
  registerQuery,
  registerReport,
];

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('mangalab')
    .description('Evaluation and analytics workbench for MangaAssist: reports, queries and checks over the warehouse.')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const register of COMMANDS) register(program);
  return program;
}

/** Entry point: parses argv and sets process.exitCode (never process.exit, so output is flushed). */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    exitOnError(e);
  }
}
