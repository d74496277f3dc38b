import type { Report } from '../report';
import type { GridResult } from './readout';
import { chunkGridSections } from './sections';

/** The grid as a report. */
export function chunkGridReport(g: GridResult, files: { documents: string; queries: string }, generatedAt: Date): Report {
  const at = generatedAt.toISOString();
  const first = g.results[0]?.startedAt.toISOString() ?? at;
  const last = g.results.at(-1)?.finishedAt.toISOString() ?? at;
  return {
    job: 'chunk-experiment',
    source: `${files.documents}; ${files.queries}; ${g.retriever}`,
    period: { label: g.gridId, from: first, to: last },
    generatedAt: at,
    sections: chunkGridSections(g),
  };
}
