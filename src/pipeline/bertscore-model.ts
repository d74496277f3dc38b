import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { BertScoreOptions, TokenEmbedder, TokenEmbedding } from '../analysis/bertScore';
import { InputError } from './errors';
import { progress } from './progress';

/** A BERTScore embedding model, ready to embed the texts of a run. */
export interface BertScoreProvider {
  /** The model, for the report (a folder path). */
  describe: string;
  options: BertScoreOptions;
  /** Embeds every text once (in batches) and returns a lookup embedder for bertScore. */
  prepare(texts: string[]): Promise<TokenEmbedder>;
}

export interface ModelDirOptions extends BertScoreOptions {
  /** Texts per forward pass. */
  batchSize?: number;
  /** Tests only: accept a model too small to be a trained checkpoint (the hand-built fixture of test/fixtures). */
  allowTestModel?: boolean;
}

/** The encoder families bert_score scores with (its model2layers table), by config.json's model_type. */
const BERT_FAMILY = new Set([
  'bert',
  'roberta',
  'xlm-roberta',
  'distilbert',
  'deberta',
  'deberta-v2',
  'electra',
  'albert',
  'camembert',
  'mpnet',
  'xlnet',
]);

/**
 * Refuses a folder whose config.json is not that of a trained BERT-family encoder: another model type, or one too
 * small to have been trained (a hidden size under 128, no layers), whose scores would look plausible and mean nothing.
 * @throws InputError naming the folder, what config.json says and what a BERTScore model is.
 */
function checkBertFamily(dir: string, config: Record<string, unknown>): void {
  const type = config.model_type;
  const hidden = config.hidden_size ?? config.dim ?? config.d_model;
  const layers = config.num_hidden_layers ?? config.n_layers;
  const problem =
    typeof type !== 'string' || !BERT_FAMILY.has(type)
      ? `model_type ${JSON.stringify(type ?? null)} is not a BERT-family encoder (${[...BERT_FAMILY].join(', ')})`
      : typeof hidden !== 'number' || hidden < 128
        ? `hidden_size ${JSON.stringify(hidden ?? null)} is too small for a trained checkpoint (at least 128)`
        : typeof layers !== 'number' || layers < 1
          ? `num_hidden_layers ${JSON.stringify(layers ?? null)}: a trained checkpoint has at least one layer`
          : null;
  if (problem)
    throw new InputError(
      dir,
      `config.json: ${problem}. BERTScore needs a trained BERT-family model, such as roberta-large cut at layer 17 (bert_score's default for English; docs/evaluation.md)`,
    );
}

/**
 * Loads a token-embedding model from a local folder with @huggingface/transformers (tokenizer.json,
 * tokenizer_config.json, config.json and onnx/model.onnx, as transformers.js exports them). Nothing is downloaded:
 * remote models are switched off. Each text's embeddings are the model's last_hidden_state rows, special tokens
 * included and flagged; to score from an inner layer as bert_score does, export the model cut at that layer.
 * @throws InputError naming the folder when it or one of its files is missing, or the model does not load.
 */
export async function modelDirProvider(dir: string, options: ModelDirOptions = {}): Promise<BertScoreProvider> {
  const full = resolve(dir);
  for (const file of ['config.json', 'tokenizer.json', join('onnx', 'model.onnx')]) {
    if (!existsSync(join(full, file))) throw new InputError(dir, `is not a transformers.js model folder: ${file} is missing`);
  }
  if (!options.allowTestModel) {
    let config: Record<string, unknown>;
    try {
      config = JSON.parse(readFileSync(join(full, 'config.json'), 'utf8')) as Record<string, unknown>;
    } catch (e) {
      throw new InputError(dir, `config.json is not JSON: ${(e as Error).message}`);
    }
    checkBertFamily(dir, config);
  }
  const hf = await import('@huggingface/transformers');
  hf.env.allowRemoteModels = false;
  hf.env.allowLocalModels = true;
  hf.env.localModelPath = dirname(full);
  const id = basename(full);
  let tokenizer: Awaited<ReturnType<typeof hf.AutoTokenizer.from_pretrained>>;
  let model: Awaited<ReturnType<typeof hf.AutoModel.from_pretrained>>;
  try {
    tokenizer = await hf.AutoTokenizer.from_pretrained(id, { local_files_only: true });
    model = await hf.AutoModel.from_pretrained(id, { local_files_only: true, dtype: 'fp32', device: 'cpu' });
  } catch (e) {
    throw new InputError(dir, `cannot load the model: ${(e as Error).message.split('\n')[0]}`);
  }
  // Weighted 0 as bert_score does for [CLS] and [SEP]: the sequence markers (cls/sep, or bos/eos), not [UNK].
  const t = tokenizer as unknown as { config: Record<string, unknown>; _tokenizer: { token_to_id(token: string): number | undefined } };
  const markers = ['cls_token', 'sep_token', 'bos_token', 'eos_token']
    .map((k) => t.config[k])
    .map((v) => (typeof v === 'string' ? v : (v as { content?: string } | undefined)?.content));
  const specialIds = new Set(
    markers
      .filter((m): m is string => typeof m === 'string')
      .map((m) => t._tokenizer.token_to_id(m))
      .filter((x): x is number => x !== undefined),
  );
  const batchSize = options.batchSize ?? 16;
  const { batchSize: _ignored, allowTestModel: _test, ...scoreOptions } = options;
  return {
    describe: full,
    options: scoreOptions,
    async prepare(texts: string[]): Promise<TokenEmbedder> {
      const unique = [...new Set(texts)];
      const cache = new Map<string, TokenEmbedding>();
      const bar = progress(Math.ceil(unique.length / batchSize), 'bertscore');
      for (let i = 0; i < unique.length; i += batchSize) {
        const batch = unique.slice(i, i + batchSize);
        const inputs = tokenizer(batch, { padding: true, truncation: true }) as {
          input_ids: { tolist(): bigint[][] };
          attention_mask: { tolist(): bigint[][] };
        };
        const output = (await model(inputs)) as { last_hidden_state?: { dims: number[]; data: Float32Array } };
        const hidden = output.last_hidden_state;
        if (!hidden) throw new InputError(dir, 'the model has no last_hidden_state output');
        const [, seq, d] = hidden.dims as [number, number, number];
        const ids = inputs.input_ids.tolist();
        const mask = inputs.attention_mask.tolist();
        batch.forEach((text, b) => {
          const len = mask[b]!.reduce((s, m) => s + Number(m), 0);
          const rowIds = ids[b]!.slice(0, len).map(Number);
          const vectors = rowIds.map((_, k) => hidden.data.subarray((b * seq + k) * d, (b * seq + k + 1) * d));
          cache.set(text, { ids: rowIds, vectors, special: rowIds.map((x) => specialIds.has(x)) });
        });
        bar.step(`${Math.min(i + batchSize, unique.length)}/${unique.length} texts`);
      }
      bar.done();
      return (text: string) => {
        const e = cache.get(text);
        if (!e) throw new RangeError(`bertscore: text was not prepared: ${text.slice(0, 40)}`);
        return e;
      };
    },
  };
}
