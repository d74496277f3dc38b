import type { Table } from 'apache-arrow';
import { priceRelation, routingRelation } from './prices';
import type { ParamSpec, QueryFile } from './queries';
import type { Source } from './source';

const PLACEHOLDERS: Record<ParamSpec['type'], string> = {
  TIMESTAMP: '2026-11-09 00:00:00',
  DATE: '2026-11-09',
  INTEGER: '7',
  DOUBLE: '0.5',
  VARCHAR: 'x',
  BOOLEAN: 'true',
  PATTERN: 'x',
};

/**
 * What a query file returns on a source, whatever it declares: the query run with placeholder values of its
 * parameters' types (the rows may be empty; the columns and their types are what counts), the what-if relations
 * a job supplies in code standing at today's prices. A relation (queries/relations/) is read as `SELECT *` in place
 * of the body of a query that includes it, with that query's parameters and the relations it declares first.
 * Serves the test that holds every file to its `-- @returns` and scripts/declare-returns.ts, which writes them.
 * @throws Error when no query includes a relation; the engine's error when the query fails.
 */
export async function describeQuery(source: Source, file: QueryFile, all: QueryFile[]): Promise<Table> {
  let query: QueryFile = { ...file, returns: [] };
  if (file.name.startsWith('relations/')) {
    const relation = file.name.slice('relations/'.length);
    const host = all.find((q) => q.withRelations.some((r) => (q.relationFiles?.[r] ?? r) === relation));
    if (!host) throw new Error(`no query includes relations/${relation}`);
    const as = host.withRelations.find((r) => (host.relationFiles?.[r] ?? r) === relation)!;
    query = {
      ...host,
      returns: [],
      withRelations: host.withRelations.slice(0, host.withRelations.indexOf(as) + 1),
      body: `SELECT * FROM ${as}`,
    };
  }
  const params = Object.fromEntries(query.params.map((p) => [p.name, PLACEHOLDERS[p.type]]));
  const relations = { whatif_prices: priceRelation(source.priceTable(), 'wp'), whatif_routing: routingRelation({}) };
  return source.execute(source.prepare(query, params, { relations }));
}
