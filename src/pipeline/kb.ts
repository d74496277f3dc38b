import { createHash } from 'node:crypto';
import { chunkText, type Tokenizer } from '../analysis/chunkText';
import { InputError } from './errors';
import { readJsonlObjects } from './json-file';

/** A knowledge-base document (documents.jsonl). */
export interface KbDocument {
  doc_id: string;
  title: string;
  /** product, faq, policy or editorial. */
  source_type: string;
  asin: string | null;
  text: string;
}

/** A curated retrieval query (queries.jsonl): its relevant documents and the answer span they contain. */
export interface RetrievalQuery {
  query_id: string;
  query: string;
  relevant_doc_ids: string[];
  answer_span: string;
}

export interface Corpus {
  file: string;
  documents: KbDocument[];
  /** Documents with no text: skipped, and counted. */
  skippedEmpty: string[];
  /** sha256 of each document's text, by id (what an index records, so stale chunks can be found later). */
  hashes: Map<string, string>;
}

/** sha256 (hex) of a document's text or a file's bytes. */
export const contentHash = (content: string | Uint8Array) => createHash('sha256').update(content).digest('hex');

/**
 * Reads a corpus (JSONL: doc_id, title, source_type, asin, text). Documents with empty text are skipped and counted.
 * @throws InputError naming the file, line and field of a malformed document, or a repeated doc_id.
 */
export function loadCorpus(file: string): Corpus {
  const documents: KbDocument[] = [];
  const skippedEmpty: string[] = [];
  const seen = new Set<string>();
  for (const { row, where } of readJsonlObjects(file, 'documents', { nonEmpty: true })) {
    for (const key of ['doc_id', 'title', 'source_type']) {
      if (typeof row[key] !== 'string' || (row[key] as string).trim() === '')
        throw new InputError(file, `${key} must be a non-empty string, got ${JSON.stringify(row[key] ?? null)}`, where);
    }
    if (typeof row.text !== 'string') throw new InputError(file, `text must be a string, got ${JSON.stringify(row.text ?? null)}`, where);
    if (row.asin !== undefined && row.asin !== null && typeof row.asin !== 'string')
      throw new InputError(file, 'asin must be a string or null', where);
    const id = row.doc_id as string;
    if (seen.has(id)) throw new InputError(file, `doc_id ${id} appears twice`, where);
    seen.add(id);
    if ((row.text as string).trim() === '') {
      skippedEmpty.push(id);
      continue;
    }
    documents.push({
      doc_id: id,
      title: row.title as string,
      source_type: row.source_type as string,
      asin: (row.asin as string | undefined) ?? null,
      text: row.text as string,
    });
  }
  return { file, documents, skippedEmpty, hashes: new Map(documents.map((d) => [d.doc_id, contentHash(d.text)])) };
}

/**
 * Reads curated queries (JSONL: query_id, query, relevant_doc_ids, answer_span) and checks them against the corpus.
 * @throws InputError naming the file and line of a malformed query, every unknown document id it names, or an answer
 * span that none of its relevant documents contains.
 */
export function loadRetrievalQueries(file: string, corpus: Corpus): RetrievalQuery[] {
  const byId = new Map(corpus.documents.map((d) => [d.doc_id, d]));
  const out: RetrievalQuery[] = [];
  const seen = new Set<string>();
  for (const { row, where } of readJsonlObjects(file, 'queries', { nonEmpty: true })) {
    for (const key of ['query_id', 'query', 'answer_span']) {
      if (typeof row[key] !== 'string' || (row[key] as string).trim() === '')
        throw new InputError(file, `${key} must be a non-empty string, got ${JSON.stringify(row[key] ?? null)}`, where);
    }
    const ids = row.relevant_doc_ids;
    if (!Array.isArray(ids) || ids.length === 0 || ids.some((x) => typeof x !== 'string'))
      throw new InputError(file, 'relevant_doc_ids must be a non-empty list of document ids', where);
    const unknown = (ids as string[]).filter((x) => !byId.has(x));
    if (unknown.length > 0) {
      const empty = unknown.filter((x) => corpus.skippedEmpty.includes(x));
      throw new InputError(
        file,
        `${row.query_id} names documents not in ${corpus.file}: ${unknown.join(', ')}${empty.length > 0 ? ` (${empty.join(', ')} empty, so skipped)` : ''}`,
        where,
      );
    }
    if (!(ids as string[]).some((x) => byId.get(x)!.text.includes(row.answer_span as string))) {
      throw new InputError(
        file,
        `${row.query_id}: no relevant document contains the answer span ${JSON.stringify(row.answer_span)}`,
        where,
      );
    }
    if (seen.has(row.query_id as string)) throw new InputError(file, `query_id ${row.query_id} appears twice`, where);
    seen.add(row.query_id as string);
    out.push({
      query_id: row.query_id as string,
      query: row.query as string,
      relevant_doc_ids: ids as string[],
      answer_span: row.answer_span as string,
    });
  }
  return out;
}

/** A chunk of an index: what is searched (`indexed`), its body, its source and its metadata fields. */
export interface IndexChunk {
  id: string;
  docId: string;
  body: string;
  indexed: string;
  tokens: number;
  fields: { title: string; source_type: string; asin: string | null } | null;
}

/** Retrieves ranked chunk ids for each query text: BM25 by default, Titan embeddings or hybrid when configured. */
export type Retriever = (chunks: IndexChunk[], queries: string[], depth: number) => Promise<string[][]>;

/** Scores a query's candidates for reordering (a cross-encoder, say); optional. */
export type Reranker = (query: string, candidates: IndexChunk[]) => Promise<number[]>;

/** One chunking configuration of a grid (US-5.4). */
export interface ChunkConfig {
  name: string;
  size: number;
  overlap: number;
  mode: 'tokens' | 'sentences';
  /** How title, source type and ASIN travel: not at all, as stored fields, or prepended to the indexed text. */
  metadata: 'none' | 'fields' | 'prepend';
}

/** Cuts every document of the corpus by a configuration; chunk ids are `<doc_id>#<n>`. */
export function buildChunks(corpus: Pick<Corpus, 'documents'>, config: ChunkConfig, tokenizer: Tokenizer): IndexChunk[] {
  return corpus.documents.flatMap((d) =>
    chunkText(d.text, config, tokenizer).map((c): IndexChunk => {
      const fields = config.metadata === 'none' ? null : { title: d.title, source_type: d.source_type, asin: d.asin };
      const head = config.metadata === 'prepend' ? `${d.title}\n${d.source_type}${d.asin ? ` ${d.asin}` : ''}\n` : '';
      return { id: `${d.doc_id}#${c.index}`, docId: d.doc_id, body: c.text, indexed: `${head}${c.text}`, tokens: c.tokens, fields };
    }),
  );
}
