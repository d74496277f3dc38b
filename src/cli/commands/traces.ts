import { Option, type Command } from 'commander';
import { action, intOption } from '../kit';
import { formatQueryResult, type QueryFormat } from '../../jobs/render/query-output';
import { formatLineage, searchTraces, TRACE_FLAGS, traceLineage, type TraceFlag } from '../../jobs/traces/readout';
import type { Source } from '../../pipeline/source';
import { asColumns } from '../../pipeline/typed-query';
import { servedLines, servedVersions } from '../../jobs/registry/show';
import { InputError } from '../../pipeline/errors';
import { log } from '../../pipeline/log';
import { currentGolden, loadRegistryConfig } from '../../pipeline/registry-input';
import { STORE_OPTION } from '../context';
import { withRegistry } from './registry';

/** The current golden set for a trace's evidence, or null (said once) when it cannot be read: a trace never fails for it. */
function goldenOrNull(): ReturnType<typeof currentGolden> | null {
  try {
    return currentGolden(loadRegistryConfig());
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    log.warn(`${e.message}: the versions' approving runs are not checked`);
    return null;
  }
}

interface Kit {
  withSource: <T>(spec: string | undefined, fn: (source: Source) => Promise<T>) => Promise<T>;
  sourceHelp: string;
}

/** `mangalab traces` (search) and `mangalab trace ID` (one turn's lineage). */
export function addTraceCommands(program: Command, kit: Kit): void {
  program
    .command('traces')
    .description('Find turns (US-4.1 drill-down) by intent, model version, prompt version, flag and time range, newest first.')
    .option('--from <time>', 'first day (YYYY-MM-DD) or instant (2026-11-15T08:00Z); default: 7 days before --to')
    .option('--to <time>', 'last day, inclusive, or instant, exclusive; default: the newest turn')
    .option('--intent <intent>', 'only this intent')
    .option('--model-version <v>', 'only this model version')
    .option('--prompt-version <v>', 'only this prompt version')
    .addOption(new Option('--flag <flag>', 'only turns with this flag').choices([...TRACE_FLAGS]))
    .option('--limit <n>', 'at most this many turns', intOption('--limit'), 50)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'))
    .option('--source <source>', kit.sourceHelp)
    .action(
      action(
        async (opts: {
          from?: string;
          to?: string;
          intent?: string;
          modelVersion?: string;
          promptVersion?: string;
          flag?: TraceFlag;
          limit: number;
          format: QueryFormat;
          source?: string;
        }) =>
          kit.withSource(opts.source, async (source) => {
            const table = await searchTraces(source, opts);
            process.stdout.write(formatQueryResult(table, opts.format));
          }),
      ),
    );

  program
    .command('trace')
    .argument('<trace_id>', "the turn's trace id")
    .description(
      "One turn's lineage (US-4.1, US-10.1): session, versions with their registry entries and the evaluation run that approved each, tokens, latency, guardrail result, flags, feedback, retrieved chunk ids and the user message with PII redacted in the warehouse.",
    )
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--source <source>', kit.sourceHelp)
    .option(...STORE_OPTION)
    .action(
      action(async (traceId: string, opts: { format: 'text' | 'json'; source?: string; store?: string }) =>
        kit.withSource(opts.source, async (source) => {
          const t = await traceLineage(source, traceId);
          const golden = goldenOrNull();
          const served = await withRegistry(opts.store, (r) => servedVersions(r, t, golden));
          process.stdout.write(
            opts.format === 'json'
              ? `${JSON.stringify({ ...asColumns(t), registry: served.map((v) => ({ version: v.key, entry: v.entry, approving_run: v.evidence?.approvingRun?.runId ?? null, evidence: v.evidence?.reason ?? null, promoted: v.promotedBy })) }, null, 2)}\n`
              : formatLineage(t, servedLines(served)),
          );
        }),
      ),
    );
}
