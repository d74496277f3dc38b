import { Command, Option } from 'commander';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../pipeline/errors';
import { action, EXIT, exitOnError, intOption } from './kit';
import { addRollbackCommand } from './rollback';

export { EXIT };
import { log } from '../pipeline/log';
import { openSource } from '../pipeline/open';
import { paths } from '../pipeline/paths';
import { listQueries, loadQuery, type Params } from '../pipeline/queries';
import { seedWarehouse, type SeedFormat } from '../pipeline/seed';
import { describeGoldenIssue, goldenCategory, readGoldenSet } from '../pipeline/golden';
import { writeSampleGolden } from '../pipeline/golden-seed';
import { writeSampleKnowledgeBase } from '../pipeline/kb-seed';
import { goldenComposition } from '../analysis/goldenComposition';
import { evalCommand, type EvalCommandOptions } from '../jobs/quality/command';
import { replayReport, replayTrace } from '../jobs/traces/replay';
import { recordSampleRuns } from '../jobs/quality/sample-runs';
import { refreshReadout, refreshReport } from '../jobs/quality/golden-refresh';
import { chunkGridReport } from '../jobs/retrieval/chunk-experiment';
import { chunkCommand, embeddingUpgrade, findStale, upgradeReport, writeManifest, type ChunkCommandOptions } from '../jobs/retrieval/command';
import { loadRetrievalConfig } from '../pipeline/retrieval-config';
import { describeEndpoint } from '../pipeline/sagemaker';
import { chromiumPath } from '../pipeline/browser';
import { canaryStep } from '../jobs/actions/deploy';
import { canaryVerdict } from '../jobs/monitoring/canary-verdict';
import { applyPromotion, describePromptChange, rollbackPrompt, setPrompt } from '../jobs/actions/prompt-versions';
import { AuditLog } from '../pipeline/audit';
import { ResultsStore } from '../pipeline/results-store';
import type { Source } from '../pipeline/source';
import { describeIssue, validateSource } from '../pipeline/validate';
import { formatQueryResult, type QueryFormat } from '../jobs/render/query-output';
import { SEVERITY_ORDER, worstSeverity, type Severity } from '../jobs/report';
import { costReport } from '../jobs/cost/report';
import { experimentReport } from '../jobs/experiments/report';
import { refreshRollups } from '../jobs/actions/rollup';
import { weeklyReport } from '../jobs/weekly/report';
import { driftReport } from '../jobs/monitoring/report';
import { errorsReport } from '../jobs/errors/report';
import { addTraceCommands } from './commands/traces';
import { addQualityCommands } from './commands/quality';
import { parseFormats, writeReport } from '../jobs/render/write';

const SOURCE_HELP = 'a .duckdb file, a folder of <table>.parquet/.csv files, or redshift:cluster=...|workgroup=...,database=...,secret-arn=... (default: $MANGALAB_SOURCE, else the sample warehouse, seeded if absent)';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** --param k=v pairs into named parameters. @throws InputError for a pair without '='. */
export function parseParams(pairs: string[]): Params {
  const params: Params = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new InputError('--param', `expected name=value, got "${pair}"`);
    params[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return params;
}

/** The --out and --format options every report-writing command takes. */
const outOption = () => ['--out <dir>', 'output folder', paths.reports()] as const;
const STORE_OPTION = ['--store <file>', 'the results store (default: $MANGALAB_RESULTS, else data/results.duckdb)'] as const;
const FORMAT_OPTION = ['--format <list>', 'comma-separated formats: json, md, html, deck (slides), pdf (the deck through Chromium), png (every chart)', 'json,md,html'] as const;

/** Writes a report (atomically, see writeReport) and prints the files written, one a line, on stdout. */
async function writeAndList(...args: Parameters<typeof writeReport>): Promise<void> {
  for (const file of await writeReport(...args)) process.stdout.write(`${file}\n`);
}

/** After seeding the sample: a history of sample evaluation runs, unless a results store already exists. */
async function sampleRuns(dir: string, golden: string): Promise<void> {
  const store = paths.resultsStore();
  if (existsSync(store)) return;
  const ids = await recordSampleRuns(dir, golden, store);
  // A chunking experiment as of the sample's last week, so the weekly Retrieval section has one to show.
  const { grid } = await chunkCommand({ store }, { now: () => new Date('2026-11-12T10:00:00Z') });
  log.info(`Recorded ${ids.length} sample evaluation runs and chunking experiment ${grid.gridId} in ${store}.`);
}

async function withSource<T>(spec: string | undefined, fn: (source: Source) => Promise<T>, readWrite = false): Promise<T> {
  const source = await openSource(spec, { seedIfMissing: spec === undefined, afterSeed: sampleRuns, readWrite });
  try {
    return await fn(source);
  } finally {
    await source.close();
  }
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('mangalab')
    .description('Evaluation and analytics workbench for MangaAssist: reports, queries and checks over the warehouse.')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  program
    .command('seed')
    .description('Write the deterministic sample warehouse (28 days, about 1M requests by default, with planted findings; see docs/sample-data.md).')
    .option('--out <path>', 'a .duckdb file, or a folder for --format parquet/csv', paths.sampleWarehouse())
    .option('--requests <n>', 'about this many requests', intOption('--requests'), 1_000_000)
    .option('--scale <k>', 'multiply the request count (--scale 10 gives about 10M)', intOption('--scale'), 1)
    .option('--seed <n>', 'generator seed', intOption('--seed'), 20261122)
    .addOption(new Option('--format <format>', 'warehouse format').choices(['duckdb', 'parquet', 'csv']).default('duckdb'))
    .action(action(async (opts: { out: string; requests: number; scale: number; seed: number; format: SeedFormat }) => {
      if (opts.scale < 1 || opts.scale > 50) throw new InputError('--scale', `must be from 1 to 50, got ${opts.scale}`);
      const result = await seedWarehouse({ out: resolve(opts.out), requests: opts.requests * opts.scale, seed: opts.seed, format: opts.format });
      const counts = Object.entries(result.rows).map(([t, n]) => `${t} ${n}`).join(', ');
      process.stdout.write(`${result.out}\n`);
      const golden = writeSampleGolden(dirname(result.out));
      log.info(`Wrote the sample golden set ${golden.golden} and a candidate's predictions ${golden.predictions}.`);
      const kbFiles = writeSampleKnowledgeBase(dirname(result.out));
      log.info(`Wrote the sample knowledge base ${kbFiles.documents} and its curated queries ${kbFiles.queries}.`);
      if (resolve(result.out) === paths.sampleWarehouse()) await sampleRuns(dirname(result.out), golden.golden);
      log.info(`Seeded ${opts.format} warehouse in ${result.seconds.toFixed(1)} s: ${counts}.`);
    }));

  const golden = program.command('golden').description('Golden-set tools (US-3.1).');
  golden
    .command('check')
    .description('Check a golden file: every malformed entry (file, entry, field), repeated ids, the composition against the target shares (within 2pp), the adversarial count (40+) and the size (500+). Exit 2 on any problem.')
    .argument('<file>', 'a .jsonl or .json golden file')
    .action(action(async (file: string) => {
      const { set, issues } = readGoldenSet(resolve(file));
      for (const issue of issues) process.stdout.write(`${describeGoldenIssue(issue)}\n`);
      const c = goldenComposition(set.entries.map((e) => ({ category: goldenCategory(e.tags), adversarial: e.adversarial })));
      const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
      for (const row of c.rows) {
        process.stdout.write(`${row.withinTolerance ? 'ok  ' : 'FAIL'} ${row.category.padEnd(17)} ${String(row.entries).padStart(4)}  ${pct(row.share).padStart(6)} (target ${pct(row.target)}, ${row.difference >= 0 ? '+' : ''}${(row.difference * 100).toFixed(1)}pp)\n`);
      }
      process.stdout.write(`${c.adversarialOk ? 'ok  ' : 'FAIL'} adversarial       ${String(c.adversarial).padStart(4)}  (at least ${c.minAdversarial})\n`);
      process.stdout.write(`${c.sizeOk ? 'ok  ' : 'FAIL'} entries           ${String(c.entries).padStart(4)}  (at least ${c.minEntries}; ${issues.length} malformed entries or ids)\n`);
      if (issues.length > 0 || !c.ok) {
        log.error(`${resolve(file)}: ${issues.length} problems in entries${c.ok ? '' : ', and the composition is off target'}`);
        return EXIT.input;
      }
      return EXIT.ok;
    }));

  golden
    .command('refresh')
    .description('Quarterly refresh (US-3.1): entries naming products no longer in the catalog, replacement candidates from recent thumbs-down and escalated turns (PII redacted in the warehouse), and the composition after the swap. Writes JSON, Markdown and HTML to <out>/golden-refresh/<version>-<day>/; the golden file is not changed.')
    .requiredOption('--golden <file>', 'the golden set')
    .requiredOption('--catalog <file>', 'the current catalog: one ASIN a line, or a CSV with an asin column')
    .option('--days <n>', 'days of turns to draw candidates from, ending at the newest turn', intOption('--days'), 90)
    .option('--per-intent <n>', 'candidates kept per intent', intOption('--per-intent'), 20)
    .option('--source <source>', SOURCE_HELP)
    .option(...outOption())
    .option(...FORMAT_OPTION)
    .action(action(async (opts: { golden: string; catalog: string; days: number; perIntent: number; source?: string; out: string; format: string }) => {
      const formats = parseFormats(opts.format);
      return withSource(opts.source, async (source) => {
        const readout = await refreshReadout(source, { golden: resolve(opts.golden), catalog: resolve(opts.catalog), days: opts.days, perIntent: opts.perIntent });
        await writeAndList(refreshReport(readout, new Date()), resolve(opts.out), formats);
        return EXIT.ok;
      });
    }));

  program
    .command('eval')
    .description('Score a candidate on the golden set and check the quality gates (config/eval.json): intent metrics, ROUGE-L, BERTScore (when a model is configured), format, guardrails, prohibited and required elements. The run is stored (data/results.duckdb) and diffed against --baseline or the latest passing run on the same golden set. Writes JSON, Markdown (a pull-request comment: gates first, then the top regressions) and HTML to <out>/eval/<golden version>/. Exit 1 when a gate fails, 2 on bad input.')
    .requiredOption('--golden <file>', 'the golden set (.jsonl or .json)')
    .option('--predictions <file>', 'file responder: the candidate pipeline\'s outputs (JSONL: query_id, classified_intent, response_text, guardrail_passed, ...)')
    .option('--bedrock', 'bedrock responder: render the candidate prompts and call Claude (config/bedrock.json); prints a cost estimate first, caches answers')
    .option('--prompt-version <version>', 'bedrock: the candidate prompt version under prompts/')
    .option('--intents <file>', 'bedrock: the classifier\'s intents (JSONL: query_id, classified_intent) to route and score intents')
    .option('--bedrock-config <file>', 'bedrock: settings (default config/bedrock.json)')
    .option('--baseline <run>', 'a stored run id or name to diff against (default: the latest passing run on the same golden set)')
    .option('--baseline-predictions <file>', 'or the baseline\'s predictions file, scored now')
    .option('--intent <intent>', 'evaluate only the entries expecting this intent (one intent\'s prompt changed)')
    .option('--name <name>', 'store the run under this name too (usable as --baseline later)')
    .option(...STORE_OPTION)
    .option('--no-store', 'do not store the run (and use no stored baseline)')
    .option('--bertscore-model <dir>', 'a local transformers.js model folder for BERTScore (default: bertscore.model_dir of the config)')
    .option('--config <file>', 'gates, format rules, BERTScore settings (default config/eval.json)')
    .option(...outOption())
    .option(...FORMAT_OPTION)
    .action(action(async (opts: EvalCommandOptions & { out: string; format: string }) => {
      const formats = parseFormats(opts.format);
      const { report, readout } = await evalCommand(opts);
      await writeAndList(report, resolve(opts.out), formats);
      if (readout.stored) log.info(`Stored run ${readout.runId} in ${readout.stored}.`);
      if (!readout.outcome.passed) {
        log.warn(`gates failed: ${report.sections[0]!.findings[0]!.message}`);
        return EXIT.findings;
      }
      return EXIT.ok;
    }));

  program
    .command('replay')
    .description('Re-run a logged turn (US-10.1) with its logged inputs (user message, intent, prompt version, model, retrieved chunk ids, earlier turns) through the bedrock responder, and compare with the logged answer: exact match and ROUGE-L. Writes JSON, Markdown and HTML to <out>/replay/<trace id>/.')
    .argument('<trace_id>', 'the turn\'s trace id (requests.trace_id)')
    .option('--prompt-version <version>', 'replay with this prompt version instead of the logged one')
    .option('--bedrock-config <file>', 'settings and model ids (default config/bedrock.json)')
    .option('--source <source>', SOURCE_HELP)
    .option(...outOption())
    .option(...FORMAT_OPTION)
    .action(action(async (traceId: string, opts: { promptVersion?: string; bedrockConfig?: string; source?: string; out: string; format: string }) => {
      const formats = parseFormats(opts.format);
      return withSource(opts.source, async (source) => {
        const result = await replayTrace(source, traceId, { promptVersion: opts.promptVersion, bedrockConfig: opts.bedrockConfig && resolve(opts.bedrockConfig) });
        await writeAndList(replayReport(result, new Date()), resolve(opts.out), formats);
        log.info(`${traceId}: ${result.exactMatch ? 'exact match' : 'differs'}; ROUGE-L F ${result.rouge.fmeasure.toFixed(3)}.`);
        return EXIT.ok;
      });
    }));

  const experiment = program.command('experiment').description('Retrieval experiments (US-5.2, US-5.4).');
  experiment
    .command('chunks')
    .description('Run chunking configurations over the knowledge base and the curated queries: Recall@k, MRR@k, nDCG@k, dead and noisy chunks; the winner under Recall@k >= 0.80 and MRR@k >= 0.60. Stores each configuration in the results store (chunk_runs) and writes JSON, Markdown and HTML to <out>/chunk-experiment/<grid id>/.')
    .option('--grid <file>', 'JSON list of configurations {name, size, overlap, mode?, metadata?} (default: the seed\'s four)')
    .option('--documents <file>', 'the corpus (default: documents of config/retrieval.json)')
    .option('--queries <file>', 'the curated queries (default: queries of config/retrieval.json)')
    .option('--retriever <name>', 'bm25 (embedded), titan (Bedrock embeddings) or hybrid (reciprocal rank fusion of both)', 'bm25')
    .option('--golden <file>', 'also score each configuration\'s answers on this golden set (the bedrock responder given the retrieved chunks; needs --prompt-version)')
    .option('--prompt-version <version>', 'with --golden: the candidate prompt version')
    .option('--bedrock-config <file>', 'with --golden: responder settings (default config/bedrock.json)')
    .option('--k <n>', 'cut-off of the metrics (default: k of config/retrieval.json)', intOption('--k'))
    .option('--config <file>', 'retrieval settings (default config/retrieval.json)')
    .option(...STORE_OPTION)
    .option('--no-store', 'do not store the runs')
    .option(...outOption())
    .option(...FORMAT_OPTION)
    .action(action(async (opts: ChunkCommandOptions & { out: string; format: string }) => {
      const formats = parseFormats(opts.format);
      const { grid, files, stored } = await chunkCommand(opts);
      await writeAndList(chunkGridReport(grid, files, new Date()), resolve(opts.out), formats);
      if (stored) log.info(`Stored ${grid.results.length} configurations of ${grid.gridId} in ${stored}.`);
      return EXIT.ok;
    }));
  experiment
    .command('embeddings')
    .description('Validate an embedding model upgrade (US-5.2): the production chunking indexed with the old and the new Titan model side by side on the curated queries, and a cut-over recommendation.')
    .requiredOption('--old-model <id>', 'the Bedrock model id in production')
    .requiredOption('--new-model <id>', 'the candidate model id')
    .option('--old-dimensions <n>', 'dimensions of the old index', intOption('--old-dimensions'))
    .option('--new-dimensions <n>', 'dimensions of the new index', intOption('--new-dimensions'))
    .option('--config <file>', 'retrieval settings (default config/retrieval.json)')
    .option(...outOption())
    .option(...FORMAT_OPTION)
    .action(action(async (opts: { oldModel: string; newModel: string; oldDimensions?: number; newDimensions?: number; config?: string; out: string; format: string }) => {
      const formats = parseFormats(opts.format);
      const u = await embeddingUpgrade({ old: opts.oldModel, candidate: opts.newModel, oldDimensions: opts.oldDimensions, newDimensions: opts.newDimensions, config: opts.config });
      await writeAndList(upgradeReport(u, new Date()), resolve(opts.out), formats);
      return u.cutOver ? EXIT.ok : EXIT.findings;
    }));

  const kb = program.command('kb').description('Knowledge-base index tools (US-5.1).');
  kb
    .command('index')
    .description('Write the manifest of an index built with the production chunking: chunk id, document id, the document\'s sha256, embedding model, chunking (one JSON line a chunk).')
    .requiredOption('--out <file>', 'the manifest to write')
    .option('--documents <file>', 'the corpus (default: documents of config/retrieval.json)')
    .option('--embedding-model <id>', 'the embedding model recorded per chunk', 'bm25')
    .option('--config <file>', 'retrieval settings (default config/retrieval.json)')
    .action(action(async (opts: { out: string; documents?: string; embeddingModel: string; config?: string }) => {
      const r = writeManifest(resolve(opts.out), opts);
      process.stdout.write(`${r.file}\n`);
      log.info(`${r.chunks} chunks in the manifest.`);
    }));
  kb
    .command('stale')
    .description('List the chunks of a manifest whose source document was deleted or changed (by content hash) in the current corpus. Exit 1 when any is stale.')
    .requiredOption('--manifest <file>', 'a manifest written by mangalab kb index')
    .option('--documents <file>', 'the current corpus (default: documents of config/retrieval.json)')
    .option('--config <file>', 'retrieval settings (default config/retrieval.json)')
    .action(action(async (opts: { manifest: string; documents?: string; config?: string }) => {
      const documents = opts.documents ? resolve(opts.documents) : loadRetrievalConfig(opts.config && resolve(opts.config)).documents;
      const { stale, total } = findStale(resolve(opts.manifest), documents);
      for (const c of stale) process.stdout.write(`${c.chunkId}\t${c.docId}\t${c.reason}\n`);
      log.info(`${stale.length} of ${total} indexed chunks are stale.`);
      return stale.length > 0 ? EXIT.findings : EXIT.ok;
    }));

  const deploy = program.command('deploy').description('SageMaker endpoint canary steps and rollback (US-1.2, US-1.3): checked, dry run unless --yes, locked per endpoint, audited.');
  deploy
    .command('status')
    .argument('<endpoint>', 'the SageMaker endpoint')
    .description('Variants, weights, instance counts and status of an endpoint.')
    .action(action(async (endpoint: string) => {
      const state = await describeEndpoint(endpoint);
      process.stdout.write(`${state.name}  ${state.status}\n`);
      for (const v of state.variants) process.stdout.write(`  ${v.name.padEnd(24)} weight ${v.currentWeight} (desired ${v.desiredWeight})  instances ${v.instances}\n`);
    }));
  deploy
    .command('canary')
    .argument('<endpoint>', 'the SageMaker endpoint')
    .description('Move the canary to the next share of traffic (1, 10, 50, 100). Past 1% it needs a healthy canary verdict from the warehouse (errors, escalations, guardrail blocks of the last 24 h) or --override "reason". Dry run unless --yes.')
    .requiredOption('--to <percent>', 'the canary\'s share: 1, 10, 50 or 100', intOption('--to'))
    .option('--override <reason>', 'promote without a healthy verdict; the reason is recorded')
    .option('--ticket <id>', 'the change ticket, recorded')
    .option('--canary-variant <name>', 'the canary variant (default: the one named like "canary")')
    .option('--yes', 'apply the plan')
    .option('--timeout <seconds>', 'how long to wait for InService', intOption('--timeout'), 600)
    .option('--source <source>', SOURCE_HELP)
    .action(action(async (endpoint: string, opts: { to: number; override?: string; ticket?: string; canaryVariant?: string; yes?: boolean; timeout: number; source?: string }) => {
      const verdict = opts.to > 1 ? await withSource(opts.source, (source) => canaryVerdict(source)) : null;
      const r = await canaryStep(endpoint, opts.to, { verdict, override: opts.override, ticket: opts.ticket }, { yes: opts.yes, timeoutMs: opts.timeout * 1000, roles: { canary: opts.canaryVariant } });
      process.stdout.write(`${r.plan}\n`);
      return r.outcome === 'timed-out' ? EXIT.failure : EXIT.ok;
    }));
  addRollbackCommand(deploy);

  const prompt = program.command('prompt').description('Active prompt and model versions per intent (config/active-prompts.json), every change audited.');
  prompt
    .command('rollback')
    .argument('<intent>', 'the intent')
    .description('Restore the intent\'s previous prompt and model version.')
    .option('--why <reason>', 'recorded in the audit trail')
    .option('--ticket <id>', 'recorded')
    .action(action(async (intent: string, opts: { why?: string; ticket?: string }) => {
      const c = rollbackPrompt(intent, opts);
      process.stdout.write(`${describePromptChange(c)}\n`);
    }));
  prompt
    .command('set')
    .argument('<intent>', 'the intent')
    .description('Make a prompt version (and optionally a model) the intent\'s active one: an experiment\'s winner promoted to 100%.')
    .requiredOption('--version <v>', 'a version under prompts/<intent>/')
    .option('--model <m>', 'the model version (default: unchanged)')
    .option('--why <reason>', 'recorded in the audit trail')
    .option('--ticket <id>', 'recorded')
    .action(action(async (intent: string, opts: { version: string; model?: string; why?: string; ticket?: string }) => {
      const c = setPrompt(intent, opts.version, opts);
      process.stdout.write(`${describePromptChange(c)}\n`);
    }));

  prompt
    .command('apply')
    .argument('<change>', 'the promotion change an experiment report wrote (kind experiment-promotion)')
    .description('Apply an experiment winner\'s promotion change to an intent (its prompt and model version), with the readout\'s reason.')
    .requiredOption('--intent <intent>', 'the intent the experiment ran on')
    .option('--ticket <id>', 'recorded')
    .action(action(async (change: string, opts: { intent: string; ticket?: string }) => {
      const c = applyPromotion(resolve(change), opts.intent, opts);
      process.stdout.write(`${describePromptChange(c)}\n`);
    }));

  const audit = program.command('audit').description('The hash-chained audit trail (US-10.2).');
  audit
    .command('verify')
    .description('Check the audit trail: an edited, reordered or removed record (or a cut tail) is reported and exits 1.')
    .action(action(async () => {
      const log_ = new AuditLog();
      const r = log_.verify();
      for (const p of r.problems) process.stdout.write(`${p.seq === null ? 'log' : `record ${p.seq}`}: ${p.problem}\n`);
      process.stdout.write(r.ok ? `${log_.file}: ${log_.read().length} records, chain intact\n` : '');
      return r.ok ? EXIT.ok : EXIT.findings;
    }));
  audit
    .command('report')
    .description('Print the trail between two days, optionally for one component (e.g. sagemaker:ENDPOINT, prompt:INTENT).')
    .option('--from <YYYY-MM-DD>', 'first day (UTC)')
    .option('--to <YYYY-MM-DD>', 'last day (UTC), inclusive')
    .option('--component <name>', 'only this component (prefix match)')
    .action(action(async (opts: { from?: string; to?: string; component?: string }) => {
      for (const [flag, v] of [['--from', opts.from], ['--to', opts.to]] as const) if (v && !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new InputError(flag, `expected YYYY-MM-DD, got ${v}`);
      const rows = new AuditLog().between(opts.from, opts.to, opts.component);
      for (const r of rows) {
        process.stdout.write(`#${r.seq} ${r.at} ${r.who} ${r.component} ${r.action} ${r.old ?? '-'} -> ${r.new ?? '-'} ${r.outcome}${r.why ? ` why: ${r.why}` : ''}${r.ticket ? ` ticket: ${r.ticket}` : ''}${r.evalRunId ? ` eval: ${r.evalRunId} ${r.evalPassed ? 'PASS' : 'FAIL'}` : ''}\n`);
      }
    }));

  program
    .command('runs')
    .description('List the evaluation runs in the results store, newest first: id, name, when, golden set, prompt/model versions, gates.')
    .option(...STORE_OPTION)
    .option('--limit <n>', 'how many', intOption('--limit'), 20)
    .action(action(async (opts: { store?: string; limit: number }) => {
      const store = await ResultsStore.open(opts.store ? resolve(opts.store) : undefined);
      try {
        for (const r of await store.recentRuns(opts.limit)) {
          const status = !r.complete ? 'INCOMPLETE' : r.passed ? 'PASS' : 'FAIL';
          process.stdout.write(`${r.runId}  ${status.padEnd(10)} ${r.createdAt.toISOString()}  ${r.datasetVersion}${r.intent ? `/${r.intent}` : ''}  ${r.responder}`
            + `${r.promptVersion ? ` prompts ${r.promptVersion}` : ''}${r.modelVersion ? ` model ${r.modelVersion}` : ''}${r.name ? `  [${r.name}]` : ''}\n`);
        }
      } finally {
        store.close();
      }
    }));

  addTraceCommands(program, { withSource, sourceHelp: SOURCE_HELP });
  addQualityCommands(program, { withSource, sourceHelp: SOURCE_HELP, writeAndList });

  program
    .command('rollup')
    .description('Rollups the readouts read instead of every turn (docs/experiments.md).')
    .command('refresh')
    .description('Materialise each experiment\'s per-session rollup for the window its readout covers now, in the source (a .duckdb file or Redshift). Run after each warehouse load; a readout whose window or prices moved on reads the raw tables and says so.')
    .option('--id <experiment>', 'one experiment (default: every experiment)')
    .option('--source <source>', SOURCE_HELP)
    .action(action(async (opts: { id?: string; source?: string }) => withSource(opts.source, async (source) => {
      for (const r of await refreshRollups(source, { id: opts.id })) {
        process.stdout.write(`${r.experimentId}: ${r.sessions.toLocaleString('en-US')} sessions from ${r.from.toISOString()} to ${r.to.toISOString()} in ${r.seconds.toFixed(1)} s\n`);
      }
    }, true)));

  program
    .command('validate')
    .description('Check a source against the warehouse contract (queries/schema/); lists every missing table, missing column and wrong type. Exit 2 when any.')
    .option('--source <source>', SOURCE_HELP)
    .action(action(async (opts: { source?: string }) => withSource(opts.source, async (source) => {
      const issues = await validateSource(source);
      if (issues.length === 0) {
        process.stdout.write(`${source.description}: matches the warehouse contract\n`);
        return EXIT.ok;
      }
      for (const issue of issues) process.stdout.write(`${describeIssue(issue)}\n`);
      log.error(`${source.description}: ${issues.length} contract issue${issues.length === 1 ? '' : 's'}`);
      return EXIT.input;
    })));

  program
    .command('query')
    .description('Run a query from queries/ (by name, e.g. overview/weekly_metrics) or a .sql file, with named parameters.')
    .argument('[query]', 'query name or path to a .sql file')
    .option('--param <name=value>', 'a named parameter (repeatable)', collect, [])
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'))
    .option('--source <source>', SOURCE_HELP)
    .option('--list', 'list the available queries and their parameters')
    .action(action(async (name: string | undefined, opts: { param: string[]; format: QueryFormat; source?: string; list?: boolean }) => {
      if (opts.list || !name) {
        for (const q of listQueries()) {
          const file = loadQuery(q);
          const params = file.params.map((p) => `${p.name}:${p.type}`).join(' ');
          process.stdout.write(`${q}${params ? `  (${params})` : ''}\n    ${file.description}\n`);
        }
        return name || opts.list ? EXIT.ok : EXIT.input;
      }
      const params = parseParams(opts.param);
      loadQuery(name); // unknown names fail before a source is opened
      return withSource(opts.source, async (source) => {
        const table = await source.query(name, params);
        process.stdout.write(formatQueryResult(table, opts.format));
      });
    }));

  program
    .command('report')
    .description('Run a report job and write JSON, Markdown and HTML (weekly: also the slide deck and its PDF) to <out>/<job>/<period>/: weekly (one ISO week), experiment (one readout), cost (a day, a week or a month), drift (daily: threshold alerts of one day; intent, numeric and embedding drift, classifier accuracy, retraining trigger, canary and shadow verdicts over the trailing week; schedule it with --fail-on critical), errors (one ISO week: failure categories by frequency and impact with example traces, backlog.md, thumbs-up rates, human evaluation).')
    .addArgument(new Command().createArgument('<job>', 'the job').choices(['weekly', 'experiment', 'cost', 'drift', 'errors']))
    .option('--week <YYYY-Www>', 'weekly, cost, errors: ISO week (UTC); default: the latest complete week in the source')
    .addOption(new Option('--categorizer <kind>', 'errors: rules (embedded, default) or bedrock (Claude Haiku on a sample, settings in config/errors.json; falls back to rules if Bedrock is unavailable)').choices(['rules', 'bedrock']))
    .option('--day <YYYY-MM-DD>', 'cost: one UTC day instead of a week; drift: the day (default: the latest complete day)')
    .option('--month <YYYY-MM>', 'cost: one UTC calendar month instead of a week')
    .option('--what-if <file>', 'cost: also re-price the period under a scenario (JSON: name, routing {intent: model}, optional prices file)')
    .option('--config <file>', 'cost: budgets and thresholds (default config/cost.json); drift: checks and thresholds (default config/monitoring.json); errors: config/errors.json')
    .option('--id <experiment>', 'experiment: the experiment id')
    .option('--control <variant>', 'experiment: the arm to compare against (default: the first configured)')
    .option('--until <YYYY-MM-DD>', 'experiment: last day of sessions to read (default: its end, or the newest data)')
    .option('--no-rollup', 'experiment: read the raw tables even when a fresh rollup exists (mangalab rollup refresh)')
    .option('--source <source>', SOURCE_HELP)
    .option(...outOption())
    .option('--format <list>', 'comma-separated formats: json, md, html, deck (slides), pdf (the deck through Chromium), png (every chart); default json,md,html, and for weekly also deck, plus pdf when Chromium is installed')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices(['critical', 'warning', 'info', 'never']).default('never'))
    .action(action(async (job: string, opts: { categorizer?: 'rules' | 'bedrock'; week?: string; day?: string; month?: string; whatIf?: string; config?: string; id?: string; control?: string; until?: string; rollup: boolean; source?: string; out: string; format?: string; failOn: Severity | 'never' }) => {
      const formats = parseFormats(opts.format ?? (job === 'weekly' ? `json,md,html,deck${chromiumPath() ? ',pdf' : ''}` : 'json,md,html'));
      if (!opts.format && job === 'weekly' && !chromiumPath()) log.warn('no Chromium found (/usr/bin/chromium or MANGALAB_CHROMIUM): the deck is written without its PDF');
      if (job !== 'cost' && (opts.month || opts.whatIf)) throw new InputError('--month/--what-if', 'these options belong to report cost');
      if (job !== 'cost' && job !== 'drift' && opts.day) throw new InputError('--day', 'this option belongs to report cost and report drift');
      if (job !== 'cost' && job !== 'drift' && job !== 'errors' && opts.config) throw new InputError('--config', 'this option belongs to report cost, drift and errors');
      if (job !== 'errors' && opts.categorizer) throw new InputError('--categorizer', 'this option belongs to report errors');
      if ((job === 'cost' || job === 'drift' || job === 'errors') && (opts.id || opts.control || opts.until || !opts.rollup)) throw new InputError('--id/--control/--until/--no-rollup', 'these options belong to report experiment');
      if (job === 'drift' && opts.week) throw new InputError('--week', 'report drift covers one day (--day); the weekly report holds the week\'s Drift and Monitoring sections');
      if (job === 'experiment' && !opts.id) throw new InputError('--id', 'report experiment needs the experiment id (--id ID)');
      if (job === 'weekly' && (opts.id || opts.control || opts.until || !opts.rollup)) throw new InputError('--id/--control/--until/--no-rollup', 'these options belong to report experiment');
      if (job === 'experiment' && opts.week) throw new InputError('--week', 'report experiment reads from the experiment start; use --until for its last day');
      return withSource(opts.source, async (source) => {
        let report;
        let extra: Record<string, string> = {};
        if (job === 'experiment') {
          const result = await experimentReport(source, opts.id!, { control: opts.control, until: opts.until, rollup: opts.rollup });
          report = result.report;
          extra = result.files;
        } else if (job === 'errors') {
          const result = await errorsReport(source, { week: opts.week, configFile: opts.config && resolve(opts.config), categorizer: opts.categorizer });
          report = result.report;
          extra = result.files;
        } else if (job === 'drift') {
          report = await driftReport(source, { day: opts.day, configFile: opts.config && resolve(opts.config) });
        } else if (job === 'cost') {
          report = await costReport(source, { week: opts.week, day: opts.day, month: opts.month, whatIf: opts.whatIf && resolve(opts.whatIf), configFile: opts.config && resolve(opts.config) });
        } else {
          report = await weeklyReport(source, { week: opts.week });
        }
        await writeAndList(report, resolve(opts.out), formats, extra);
        const worst = worstSeverity(report);
        if (opts.failOn !== 'never' && worst && SEVERITY_ORDER[worst] >= SEVERITY_ORDER[opts.failOn]) {
          log.warn(`a ${worst} finding is at or above --fail-on ${opts.failOn}`);
          return EXIT.findings;
        }
        return EXIT.ok;
      });
    }));

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
