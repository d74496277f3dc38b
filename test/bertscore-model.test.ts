import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bertScore } from '../src/analysis/bertScore';
import { modelDirProvider } from '../src/pipeline/bertscore-model';

// test/fixtures/tiny-bert is built by its make_model.py (Debian python3-onnx): a WordPiece tokenizer and an ONNX graph
// whose output for token t at position k is table[t] + 0.25 * positions[k]; vectors.json holds both tables.
const fixture = 'test/fixtures/tiny-bert';
const tables = JSON.parse(readFileSync(`${fixture}/vectors.json`, 'utf8')) as {
  vocab: string[];
  table: number[][];
  positions: number[][];
  position_scale: number;
};

describe('modelDirProvider', () => {
  it("embeds through @huggingface/transformers from a local folder: word-piece ids, [CLS]/[SEP] flagged, the model's vectors", async () => {
    const provider = await modelDirProvider(fixture, { allowTestModel: true });
    const embed = await provider.prepare(['One piece volume 105', 'your order was delivered yesterday', 'zzz manga']);
    const e = embed('One piece volume 105');
    const id = (w: string) => tables.vocab.indexOf(w);
    expect(e.ids).toEqual([id('[CLS]'), id('one'), id('piece'), id('volume'), id('105'), id('[SEP]')]);
    expect(e.special).toEqual([true, false, false, false, false, true]);
    e.ids.forEach((t, k) => {
      const want = tables.table[t as number]!.map((x, d) => x + tables.position_scale * tables.positions[k]![d]!);
      Array.from(e.vectors[k]!).forEach((x, d) => expect(x).toBeCloseTo(want[d]!, 5));
    });
    // An unknown word is [UNK]: matched and weighted like any token, not dropped as [CLS]/[SEP] are.
    expect(embed('zzz manga').ids).toEqual([id('[CLS]'), id('[UNK]'), id('manga'), id('[SEP]')]);
    expect(embed('zzz manga').special).toEqual([true, false, false, true]);
    expect(() => embed('never prepared')).toThrow(/was not prepared/);
  });

  it("gives bertScore the same numbers as embeddings built from the fixture's own tables", async () => {
    const provider = await modelDirProvider(fixture, { idf: true, allowTestModel: true });
    const cands = ['one piece volume 105 ships in november', 'your order was delivered'];
    const refs = ['volume 105 ships in november', 'the order was delivered yesterday'];
    const got = bertScore(cands, refs, await provider.prepare([...cands, ...refs]), provider.options);
    const byHand = (text: string) => {
      const words = ['[CLS]', ...text.split(' '), '[SEP]'];
      return {
        ids: words,
        vectors: words.map((w, k) =>
          tables.table[tables.vocab.indexOf(w)]!.map((x, d) => x + tables.position_scale * tables.positions[k]![d]!),
        ),
        special: words.map((w) => w.startsWith('[')),
      };
    };
    const want = bertScore(cands, refs, byHand, { idf: true });
    got.f1.forEach((f, i) => expect(f).toBeCloseTo(want.f1[i]!, 5));
  });

  it('refuses a model that is not a trained BERT-family checkpoint: the fixture itself, another model type (issue 26)', async () => {
    await expect(modelDirProvider(fixture)).rejects.toThrow(
      `${fixture}: config.json: hidden_size 6 is too small for a trained checkpoint (at least 128). BERTScore needs a trained BERT-family model, such as roberta-large cut at layer 17`,
    );
    const dir = mkdtempSync(join(tmpdir(), 'mangalab-not-bert-'));
    cpSync(fixture, dir, { recursive: true });
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ model_type: 'gpt2', hidden_size: 768, num_hidden_layers: 12 }));
    await expect(modelDirProvider(dir)).rejects.toThrow(/config\.json: model_type "gpt2" is not a BERT-family encoder/);
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ model_type: 'roberta', hidden_size: 1024 }));
    await expect(modelDirProvider(dir)).rejects.toThrow('config.json: num_hidden_layers null: a trained checkpoint has at least one layer');
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a folder that is not a model, naming the missing file', async () => {
    await expect(modelDirProvider('test/fixtures')).rejects.toThrow(
      'test/fixtures: is not a transformers.js model folder: config.json is missing',
    );
  });
});
