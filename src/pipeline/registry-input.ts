import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { canonicalJson } from '../analysis/canonicalJson';
import { ARTEFACT_KINDS, type ArtefactKind } from '../analysis/promotionEvidence';
import { loadConfigFile, saying, text, z } from './config-schema';
import { readJsonObject } from './json-file';
import { InputError } from './errors';
import { loadGoldenSet } from './golden';
import { paths, projectRoot } from './paths';
import { readPromptFile } from './prompts';
import type { EntryKey, RegistryEntry, Stage } from './registry-store';

/** What a registration says about a version: the entry without its stage and registration stamp. */
export type VersionSpec = Omit<RegistryEntry, 'stage' | 'registeredAt' | 'registeredBy' | 'contentSha256'> & {
  /** sha256 of the artefact's own bytes (a prompt file), when there is one. */
  artefactSha256: string | null;
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const SHA = /^(sha256:)?[0-9a-f]{64}$/;

/** A version reference `kind:name@version`. @throws InputError naming the flag and the expected shape. */
export function parseEntryKey(ref: string, flag = 'version'): EntryKey {
  const m = /^([a-z]+):([^@\s]+)@(\S+)$/.exec(ref);
  if (!m || !(ARTEFACT_KINDS as readonly string[]).includes(m[1]!))
    throw new InputError(flag, `expected KIND:NAME@VERSION with KIND one of ${ARTEFACT_KINDS.join(', ')}, got "${ref}"`);
  return { kind: m[1] as ArtefactKind, name: m[2]!, version: m[3]! };
}

/** The content hash of a version: its metadata and artefact bytes, not its linked runs or where it was read from. */
export function contentSha256(s: VersionSpec): string {
  const { evalRunIds: _runs, source: _source, ...content } = s;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/** The registry entry a registration writes: the spec, its content hash, the artefact's hash kept as metadata. */
export function entryFromSpec(spec: VersionSpec, o: { stage: Stage; at: Date; who: string }): RegistryEntry {
  const { artefactSha256, ...fields } = spec;
  return {
    ...fields,
    metadata: { ...fields.metadata, ...(artefactSha256 ? { artefact_sha256: artefactSha256 } : {}) },
    contentSha256: contentSha256(spec),
    stage: o.stage,
    registeredAt: o.at,
    registeredBy: o.who,
  };
}

/** A model card's fields (US-1.1): every one is required, so that no version is registered without its evidence. */
const MODEL_CARD = z.looseObject({
  kind: z.enum(ARTEFACT_KINDS, saying(`must be one of ${ARTEFACT_KINDS.join(', ')}`)),
  name: text(),
  version: text(),
  framework: text(),
  hosting: text(),
  created_on: z.string().regex(DAY, 'must be a day written YYYY-MM-DD'),
  dataset_sha256: z.string().regex(SHA, 'must be a sha256 hex digest (64 characters, optionally after sha256:)'),
  metrics: z.record(z.string(), z.number(saying('must be a number')), saying('must map metric names to numbers')),
  eval_run_ids: z.array(text(), saying('must be a list of run ids')).optional(),
});
const REQUIRED = ['kind', 'name', 'version', 'framework', 'hosting', 'created_on', 'dataset_sha256', 'metrics'];

const shown = (file: string) => (isAbsolute(file) ? relative(projectRoot(), file) || file : file);

/**
 * A model card (JSON) as a version: kind, name, version, framework, hosting, created_on, dataset_sha256 and metrics
 * are required; any other field is kept as metadata.
 * @throws InputError naming the file and every missing field at once, or the first malformed one.
 */
export function specFromModelCard(file: string): VersionSpec {
  const doc = readJsonObject(file, 'model card');
  const missing = REQUIRED.filter((k) => doc[k] === undefined || doc[k] === null || doc[k] === '');
  if (missing.length) throw new InputError(file, `is missing required field${missing.length === 1 ? '' : 's'} ${missing.join(', ')}`);
  const c = loadConfigFile(MODEL_CARD, file, 'model card', { placed: true });
  const { kind, name, version, framework, hosting, created_on, dataset_sha256, eval_run_ids, ...rest } = c;
  return {
    kind,
    name,
    version,
    framework,
    hosting,
    createdOn: created_on,
    datasetSha256: dataset_sha256.replace(/^sha256:/, ''),
    source: shown(file),
    metadata: rest,
    evalRunIds: eval_run_ids ?? [],
    artefactSha256: null,
  };
}

/** A prompt file (US-2.1 front matter) as a version of kind prompt named after its intent; its eval_run_id is linked. */
export function specFromPromptFile(file: string, hosting = 'appconfig'): VersionSpec {
  const p = readPromptFile(file);
  return {
    kind: 'prompt',
    name: p.meta.intent,
    version: p.meta.version.replace(/^v/i, ''),
    framework: 'jinja2',
    hosting,
    createdOn: p.meta.date,
    datasetSha256: null,
    source: shown(file),
    metadata: { author: p.meta.author, description: p.meta.description },
    evalRunIds: p.meta.eval_run_id ? [p.meta.eval_run_id] : [],
    artefactSha256: createHash('sha256').update(readFileSync(file)).digest('hex'),
  };
}

export interface FlagSpec {
  version: string;
  framework?: string;
  hosting?: string;
  createdOn?: string;
  datasetSha256?: string;
  metric?: string[];
  evalRun?: string[];
  description?: string;
}

/** A version from flags (`--version kind:name@v --framework ... --hosting ... --created-on ...`). @throws InputError naming the flag. */
export function specFromFlags(f: FlagSpec): VersionSpec {
  const key = parseEntryKey(f.version, '--version');
  const missing = [
    ['--framework', f.framework],
    ['--hosting', f.hosting],
    ['--created-on', f.createdOn],
  ].filter(([, v]) => !v);
  if (missing.length) throw new InputError(missing.map(([k]) => k).join(', '), `required to register ${f.version} from flags`);
  if (!DAY.test(f.createdOn!)) throw new InputError('--created-on', `expected YYYY-MM-DD, got "${f.createdOn}"`);
  if (f.datasetSha256 && !SHA.test(f.datasetSha256))
    throw new InputError('--dataset-sha256', `expected a sha256 hex digest, got "${f.datasetSha256}"`);
  const metrics: Record<string, number> = {};
  for (const m of f.metric ?? []) {
    const [k, v] = m.split('=');
    if (!k || v === undefined || !Number.isFinite(Number(v)) || v.trim() === '')
      throw new InputError('--metric', `expected NAME=NUMBER, got "${m}"`);
    metrics[k] = Number(v);
  }
  return {
    ...key,
    framework: f.framework!,
    hosting: f.hosting!,
    createdOn: f.createdOn!,
    datasetSha256: f.datasetSha256?.replace(/^sha256:/, '') ?? null,
    source: 'flags',
    metadata: { ...(f.description ? { description: f.description } : {}), ...(f.metric?.length ? { metrics } : {}) },
    evalRunIds: f.evalRun ?? [],
    artefactSha256: null,
  };
}

/** config/registry.json: the golden set promotions are judged on, and the team's MLflow. */
export const REGISTRY_CONFIG_SCHEMA = z.looseObject({
  golden: text(),
  mlflow: z
    .looseObject({
      tracking_uri: z.string().url('must be an http(s) URL').nullable().default(null),
      experiment: text().default('mangalab'),
      timeout_ms: z.number().int().min(100).max(120_000).default(10_000),
    })
    .default({ tracking_uri: null, experiment: 'mangalab', timeout_ms: 10_000 }),
});
export type RegistryConfig = z.output<typeof REGISTRY_CONFIG_SCHEMA>;

export function loadRegistryConfig(file: string = join(paths.config(), 'registry.json')): RegistryConfig {
  return loadConfigFile(REGISTRY_CONFIG_SCHEMA, file, 'registry settings', { placed: true });
}

/**
 * The current golden set promotions are judged on: `--golden`, else the config's, read and hashed now.
 * @throws InputError naming the file when it is missing or malformed.
 */
export function currentGolden(config: RegistryConfig, given?: string): { file: string; sha256: string; version: string } {
  const file = given ?? (isAbsolute(config.golden) ? config.golden : join(projectRoot(), config.golden));
  if (!existsSync(file))
    throw new InputError(
      given ? '--golden' : 'config/registry.json (golden)',
      `the golden set ${file} does not exist (mangalab seed writes the sample's)`,
    );
  const g = loadGoldenSet(file);
  return { file, sha256: g.sha256, version: g.version };
}
