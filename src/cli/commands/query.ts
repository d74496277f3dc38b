import type { Command } from 'commander';
import { formatQueryResult, type QueryFormat } from '../../jobs/render/query-output';
import { InputError } from '../../pipeline/errors';
import { loadPrices } from '../../pipeline/prices';
import { listQueries, loadQuery, type Engine } from '../../pipeline/queries';
import { parseRedshiftSpec, RedshiftSource } from '../../pipeline/redshift-source';
import { prepareFor } from '../../pipeline/source';
import { SOURCE_HELP, collect, parseParams, withSource } from '../context';
import { action, EXIT, print } from '../kit';
import { Option } from 'commander';

interface QueryOpts {
  param: string[];
  format: QueryFormat;
  source?: string;
  list?: boolean;
  dryRun?: boolean;
  engine?: Engine;
}

/** `mangalab query`: one query file run ad hoc. */
export function registerQuery(program: Command): void {
  program
    .command('query')
    .description('Run a query from queries/ (by name, e.g. overview/weekly_metrics) or a .sql file, with named parameters.')
    .argument('[query]', 'query name or path to a .sql file')
    .option('--param <name=value>', 'a named parameter (repeatable)', collect, [])
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'))
    .option('--source <source>', SOURCE_HELP)
    .option('--list', 'list the available queries and their parameters')
    .option(
      '--dry-run',
      'print the statement as it would be sent and its bound values, {"engine", "sql", "parameters"}, without connecting',
    )
    .addOption(
      new Option(
        '--engine <engine>',
        "with --dry-run: the engine to prepare for (default: --source's engine, duckdb when it is not a Redshift spec)",
      ).choices(['duckdb', 'redshift']),
    )
    .action(
      action(async (name: string | undefined, opts: QueryOpts) => {
        if (opts.list || !name) {
          for (const q of listQueries()) {
            const file = loadQuery(q);
            const params = file.params.map((p) => `${p.name}:${p.type}`).join(' ');
            process.stdout.write(`${q}${params ? `  (${params})` : ''}\n    ${file.description}\n`);
          }
          return name || opts.list ? EXIT.ok : EXIT.input;
        }
        const params = parseParams(opts.param);
        if (opts.engine && !opts.dryRun) throw new InputError('--engine', 'is read with --dry-run only; a run uses the engine of --source');
        if (opts.dryRun) {
          // Nothing is connected to: the text and the values are what the engine would be sent (parameters are bound,
          // never spliced). A Redshift --source adds its settings (schema=, embeddings=) to the text.
          const redshift = opts.source?.startsWith('redshift') ? new RedshiftSource(parseRedshiftSpec(opts.source)) : undefined;
          const engine = opts.engine ?? (redshift ? 'redshift' : 'duckdb');
          if (redshift && engine !== 'redshift') throw new InputError('--engine', `${engine} does not match --source ${opts.source}`);
          const prepared = redshift ? redshift.prepare(name, params) : prepareFor(engine, name, params, {}, () => loadPrices());
          const sql = redshift ? redshift.statement(prepared) : prepared.sql;
          await redshift?.close();
          print(JSON.stringify({ engine, sql, parameters: prepared.params }, null, 2));
          return EXIT.ok;
        }
        loadQuery(name); // unknown names fail before a source is opened
        return withSource(opts.source, async (source) => {
          const table = await source.query(name, params);
          process.stdout.write(formatQueryResult(table, opts.format));
        });
      }),
    );
}
