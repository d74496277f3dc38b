import { Option, type Command } from 'commander';
import { resolve } from 'node:path';
import { ARTEFACT_KINDS } from '../../analysis/promotionEvidence';
import { mirrorStageToMlflow, trackingUri } from '../../jobs/registry/mlflow-sync';
import { changeStage, registerVersion, versionEvidence } from '../../jobs/registry/registry';
import { entryLines, listLines } from '../../jobs/registry/show';
import { InputError } from '../../pipeline/errors';
import {
  currentGolden,
  loadRegistryConfig,
  parseEntryKey,
  specFromFlags,
  specFromModelCard,
  specFromPromptFile,
  type RegistryConfig,
} from '../../pipeline/registry-input';
import { entryLabel, Registry, STAGES, type Stage } from '../../pipeline/registry-store';
import { ResultsStore } from '../../pipeline/results-store';
import { collect, mlflowUri, STORE_OPTION } from '../context';
import { action, EXIT, print } from '../kit';

/** The registry of a results store, closed after `fn`. */
export async function withRegistry<T>(store: string | undefined, fn: (registry: Registry) => Promise<T>): Promise<T> {
  const results = await ResultsStore.open(store ? resolve(store) : undefined);
  try {
    return await fn(new Registry(results));
  } finally {
    results.close();
  }
}

/** The options every path to production shares: the golden set it is judged on, the override, the registry config, MLflow. */
export function addGateOptions(
  cmd: Command,
  overrideHelp = 'go ahead without a passing evaluation run; the reason is audited',
  mirrors = true,
): Command {
  cmd
    .option('--golden <file>', 'the current golden set (default: golden of config/registry.json)')
    .option('--override <reason>', overrideHelp)
    .option('--registry-config <file>', 'registry settings (default config/registry.json)');
  return mirrors
    ? cmd.option(
        '--mlflow <uri>',
        "also mirror the stage to this MLflow tracking server (default: config's mlflow.tracking_uri)",
        mlflowUri,
      )
    : cmd;
}

export interface GateOpts {
  golden?: string;
  override?: string;
  registryConfig?: string;
  mlflow?: string;
  store?: string;
}

export const gateConfig = (o: GateOpts): RegistryConfig => loadRegistryConfig(o.registryConfig ? resolve(o.registryConfig) : undefined);

/** `mangalab registry list|show|register|promote|archive`: versions with their evidence (US-1.1). */
export function registerRegistry(program: Command): void {
  const registry = program
    .command('registry')
    .description(
      'The version registry (US-1.1): every classifier, reranker, embedding config, prompt and Bedrock model version with its metadata, evaluation runs and stage history, in the results store. Promotion to production needs a stored run of the version that passed every gate on the current golden set.',
    );
  registry
    .command('list')
    .description('Every registered version: stage, hosting, framework, date, linked runs.')
    .addOption(new Option('--kind <kind>', 'only this kind').choices([...ARTEFACT_KINDS]))
    .option('--name <name>', 'only this artefact')
    .addOption(new Option('--stage <stage>', 'only this stage').choices([...STAGES]))
    .option(...STORE_OPTION)
    .action(
      action(async (o: { kind?: string; name?: string; stage?: string; store?: string }) =>
        withRegistry(o.store, async (r) => print(listLines(await r.list(o)))),
      ),
    );
  registry
    .command('show')
    .argument('<version>', 'KIND:NAME@VERSION, e.g. prompt:recommendation@2.4')
    .description(
      'A version: its metadata, every evaluation run that is evidence of it (and whether it approves it on the current golden set), its stage history.',
    )
    .option('--golden <file>', 'the current golden set (default: golden of config/registry.json)')
    .option('--registry-config <file>', 'registry settings (default config/registry.json)')
    .option(...STORE_OPTION)
    .action(
      action(async (ref: string, o: GateOpts) => {
        const key = parseEntryKey(ref);
        const golden = currentGolden(gateConfig(o), o.golden ? resolve(o.golden) : undefined);
        return withRegistry(o.store, async (r) => {
          const e = await r.require(key);
          print(entryLines(e, await versionEvidence(r, e, golden), await r.history(key), golden));
        });
      }),
    );
  registry
    .command('register')
    .description(
      'Record a version: from a prompt file (its front matter), a model card JSON (kind, name, version, framework, hosting, created_on, dataset_sha256, metrics), or flags. The same content again only links new runs; different content under a registered version is refused.',
    )
    .option('--prompt <file>', 'a prompt file under prompts/<intent>/')
    .option('--card <file>', 'a model card JSON')
    .option('--version <ref>', 'with flags: KIND:NAME@VERSION')
    .option('--framework <name>', 'with flags: e.g. pytorch-distilbert')
    .option('--hosting <target>', "sagemaker:<endpoint>/<variant>, bedrock:<model id>, appconfig (a prompt's default)")
    .option('--created-on <day>', 'with flags: training or authoring date, YYYY-MM-DD')
    .option('--dataset-sha256 <hex>', "with flags: the training set's hash")
    .option('--metric <name=value>', 'with flags: a headline metric (repeatable)', collect, [])
    .option('--eval-run <id>', 'link an evaluation run as evidence (repeatable)', collect, [])
    .addOption(new Option('--stage <stage>', 'the first stage (production needs promote)').choices(['none', 'staging']).default('none'))
    .option('--why <reason>', 'recorded in the audit trail')
    .option(...STORE_OPTION)
    .action(
      action(
        async (
          o: {
            prompt?: string;
            card?: string;
            version?: string;
            evalRun: string[];
            stage: Stage;
            why?: string;
            store?: string;
            hosting?: string;
          } & Record<string, unknown>,
        ) => {
          const given = [o.prompt, o.card, o.version].filter(Boolean).length;
          if (given !== 1)
            throw new InputError('registry register', 'give exactly one of --prompt FILE, --card FILE or --version KIND:NAME@VERSION');
          const spec = o.prompt
            ? specFromPromptFile(resolve(o.prompt), o.hosting)
            : o.card
              ? specFromModelCard(resolve(o.card))
              : specFromFlags(o as Parameters<typeof specFromFlags>[0]);
          spec.evalRunIds = [...new Set([...spec.evalRunIds, ...o.evalRun])];
          return withRegistry(o.store, async (r) => {
            const res = await registerVersion(r, spec, { stage: o.stage, why: o.why });
            print(
              res.created
                ? `Registered ${entryLabel(res.entry)} (${res.entry.stage}, audit #${res.auditSeq}).`
                : res.linked.length
                  ? `${entryLabel(res.entry)} was registered with the same content; linked ${res.linked.join(', ')} (audit #${res.auditSeq}).`
                  : `${entryLabel(res.entry)} is already registered with the same content; nothing to change.`,
            );
          });
        },
      ),
    );
  for (const verb of ['promote', 'archive'] as const) {
    const cmd = registry
      .command(verb)
      .argument('<version>', 'KIND:NAME@VERSION')
      .description(
        verb === 'promote'
          ? 'Move a version to staging or production. Production refuses (exit 1, audited) unless a stored evaluation run of the version passed every gate on the current golden set; --override "reason" goes ahead, audited. The version in production before is archived.'
          : 'Archive a version (audited).',
      );
    if (verb === 'promote')
      cmd.addOption(new Option('--to <stage>', 'staging or production').choices(['staging', 'production']).makeOptionMandatory());
    addGateOptions(cmd)
      .option('--why <reason>', 'recorded in the audit trail')
      .option('--ticket <id>', 'recorded')
      .option(...STORE_OPTION)
      .action(
        action(async (ref: string, o: GateOpts & { to?: Stage; why?: string; ticket?: string }) => {
          const key = parseEntryKey(ref);
          const to: Stage = verb === 'archive' ? 'archived' : o.to!;
          const config = gateConfig(o);
          const golden = to === 'production' ? currentGolden(config, o.golden ? resolve(o.golden) : undefined) : undefined;
          return withRegistry(o.store, async (r) => {
            const res = await changeStage(r, key, to, { golden, override: o.override, why: o.why, ticket: o.ticket });
            if (res.changes.length === 0) return print(`${entryLabel(key)} is already ${to}; nothing to change.`);
            print(res.changes.map((c) => `${entryLabel(c)}: ${c.from} -> ${c.to}${c.why ? ` (${c.why})` : ''}`));
            if (res.approval)
              print(
                res.approval.override
                  ? `OVERRIDE: ${res.approval.override} (${res.approval.evidence.reason})`
                  : `Approved: ${res.approval.evidence.reason}.`,
              );
            print(`Audit #${res.auditSeq}.`);
            const uri = trackingUri(o.mlflow, config);
            if (uri)
              await mirrorStageToMlflow({ ...res.entry, stage: res.changes[0]!.from }, to, res.approval?.runId ?? null, {
                uri,
                registry: r,
                deps: { timeoutMs: config.mlflow.timeout_ms },
              });
            return EXIT.ok;
          });
        }),
      );
  }
}
