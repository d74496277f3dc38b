import { resolve } from 'node:path';
import { bedrockResponder, loadBedrockConfig } from '../../pipeline/bedrock';
import { modelDirProvider, type BertScoreProvider } from '../../pipeline/bertscore-model';
import { loadClassifiedIntents, loadEvalConfig } from '../../pipeline/eval-inputs';
import { InputError } from '../../pipeline/errors';
import { fileResponder, type Responder } from '../../pipeline/responders';
import { ResultsStore } from '../../pipeline/results-store';
import type { EvalReadout } from './readout';
import { evalReport } from './report';
import type { Report } from '../report';

/** The eval command's options, as the CLI parses them. */
export interface EvalCommandOptions {
  golden: string;
  predictions?: string;
  bedrock?: boolean;
  promptVersion?: string;
  /** With --predictions: the model version that produced them (recorded with the run). */
  modelVersion?: string;
  intents?: string;
  bedrockConfig?: string;
  baseline?: string;
  baselinePredictions?: string;
  intent?: string;
  config?: string;
  /** A results store file, or false for --no-store. */
  store?: string | false;
  name?: string;
  bertscoreModel?: string;
  promptsDir?: string;
  /** Answers per entry (--repeats N, Bedrock only). */
  repeats?: number;
}

/**
 * The responder the options ask for: exactly one of --predictions FILE and --bedrock --prompt-version V.
 * @throws InputError for neither, both, or --bedrock without a prompt version.
 */
export function responderFor(
  o: Pick<EvalCommandOptions, 'predictions' | 'bedrock' | 'promptVersion' | 'modelVersion' | 'intents' | 'bedrockConfig' | 'promptsDir'>,
  deps: { client?: Parameters<typeof bedrockResponder>[0]['client'] } = {},
): Responder {
  if (o.predictions && o.bedrock)
    throw new InputError('--predictions/--bedrock', 'give one responder: a predictions file or --bedrock, not both');
  if (o.predictions) {
    if (o.intents) throw new InputError('--intents', 'belongs to --bedrock; a predictions file carries its own intents');
    // The versions that produced the file, recorded with the run: what the registry matches a run to a version by.
    return fileResponder(resolve(o.predictions), { promptVersion: o.promptVersion?.replace(/^v/i, ''), modelVersion: o.modelVersion });
  }
  if (!o.bedrock)
    throw new InputError(
      '--predictions/--bedrock',
      'say where the responses come from: --predictions FILE or --bedrock --prompt-version V',
    );
  if (!o.promptVersion)
    throw new InputError('--prompt-version', '--bedrock needs the candidate prompt version (prompts/<intent>/*.md front matter version)');
  return bedrockResponder({
    promptVersion: o.promptVersion,
    config: loadBedrockConfig(o.bedrockConfig && resolve(o.bedrockConfig)),
    promptsDir: o.promptsDir && resolve(o.promptsDir),
    classified: o.intents ? loadClassifiedIntents(resolve(o.intents)) : undefined,
    client: deps.client,
  });
}

/** The BERTScore provider: --bertscore-model, else the config's bertscore.model_dir, else none (NOT COMPUTED). */
export async function bertScoreFor(modelDir: string | undefined, configFile: string | undefined): Promise<BertScoreProvider | null> {
  const config = loadEvalConfig(configFile);
  const dir = modelDir ? resolve(modelDir) : config.bertscore.modelDir;
  if (!dir) return null;
  return modelDirProvider(dir, { idf: config.bertscore.idf, baseline: config.bertscore.baseline ?? undefined });
}

/**
 * Runs `mangalab eval`: builds the responder, opens the results store (unless --no-store), loads the BERTScore
 * model if one is configured, scores, and returns the report. The store is closed whatever happens.
 */
export async function evalCommand(
  o: EvalCommandOptions,
  deps: { client?: Parameters<typeof bedrockResponder>[0]['client'] } = {},
): Promise<{ report: Report; readout: EvalReadout }> {
  if (o.baseline && o.baselinePredictions)
    throw new InputError('--baseline/--baseline-predictions', 'give one baseline: a stored run or a predictions file');
  if (o.baseline && o.store === false)
    throw new InputError('--baseline', 'a stored baseline needs the results store; drop --no-store or use --baseline-predictions');
  const configFile = o.config && resolve(o.config);
  const responder = responderFor(o, deps);
  const bert = await bertScoreFor(o.bertscoreModel, configFile);
  const store = o.store === false ? undefined : await ResultsStore.open(o.store ? resolve(o.store) : undefined);
  try {
    return await evalReport({
      golden: resolve(o.golden),
      responder,
      baseline: o.baseline,
      baselinePredictions: o.baselinePredictions && resolve(o.baselinePredictions),
      intent: o.intent,
      configFile,
      store,
      name: o.name,
      bertScore: bert,
      repeats: o.repeats,
    });
  } finally {
    store?.close();
  }
}
