import type { Command } from 'commander';
import { formatQueryResult, type QueryFormat } from '../../jobs/render/query-output';
import { listQueries, loadQuery } from '../../pipeline/queries';
import { SOURCE_HELP, collect, parseParams, withSource } from '../context';
import { action, EXIT } from '../kit';
import { Option } from 'commander';

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
    .action(
      action(async (name: string | undefined, opts: { param: string[]; format: QueryFormat; source?: string; list?: boolean }) => {
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
      }),
    );
}
