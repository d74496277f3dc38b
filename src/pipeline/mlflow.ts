import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ServiceError } from './errors';

/**
 * The team's MLflow tracking server through its documented REST API (https://mlflow.org/docs/latest/rest-api.html):
 * experiments, runs and log-batch, proxied artifacts, and the model registry (registered models, model versions,
 * aliases, tags). A tiny client with an injected fetch, so tests talk to a loopback server.
 */
export interface MlflowDeps {
  fetch?: typeof fetch;
  /** Sent as a bearer token (MLFLOW_TRACKING_TOKEN by default); never logged. */
  token?: string;
  timeoutMs?: number;
}

/** What the server said, in its error shape ({error_code, message}), or that it could not be reached. */
export class MlflowError extends ServiceError {
  constructor(
    message: string,
    readonly status: number | null,
    readonly code: string | null,
  ) {
    super(message);
    this.name = 'MlflowError';
  }
}

/** MLflow's LogBatch limits: per request at most 1000 metrics, 100 params, 100 tags and 1000 items in all. */
export const LOG_BATCH_LIMITS = { metrics: 1000, params: 100, tags: 100, total: 1000 } as const;
/** A param value's length MLflow 2 accepts (older servers 500). */
const PARAM_MAX = 6000;

/** A key MLflow accepts: alphanumerics, underscores, dashes, periods, spaces and slashes; anything else becomes "_". */
export const mlflowKey = (k: string) => k.replace(/[^A-Za-z0-9_\-. /]/g, '_').slice(0, 250);

type Json = Record<string, unknown>;

export class MlflowClient {
  private readonly base: string;
  constructor(
    readonly uri: string,
    private readonly deps: MlflowDeps = {},
  ) {
    this.base = uri.replace(/\/+$/, '');
  }

  /** One REST call; the server's error shape becomes an MlflowError carrying its code. */
  async call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: Json | Buffer, query?: Record<string, string>): Promise<Json> {
    const url = `${this.base}${path}${query ? `?${new URLSearchParams(query).toString()}` : ''}`;
    const token = this.deps.token ?? process.env.MLFLOW_TRACKING_TOKEN;
    const headers: Record<string, string> = {
      'content-type': Buffer.isBuffer(body) ? 'application/octet-stream' : 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    };
    let res: Response;
    try {
      res = await (this.deps.fetch ?? fetch)(url, {
        method,
        headers,
        body: body === undefined ? undefined : Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body),
        signal: AbortSignal.timeout(this.deps.timeoutMs ?? 10_000),
      });
    } catch (e) {
      const err = e as Error;
      const why =
        err.name === 'TimeoutError' ? `no answer in ${this.deps.timeoutMs ?? 10_000} ms` : ((err.cause as Error)?.message ?? err.message);
      throw new MlflowError(`MLflow at ${this.base} could not be reached (${method} ${path}: ${why})`, null, null);
    }
    const text = await res.text();
    let json: Json = {};
    try {
      json = text ? (JSON.parse(text) as Json) : {};
    } catch {
      if (res.ok) throw new MlflowError(`MLflow ${method} ${path} answered ${res.status} with a body that is not JSON`, res.status, null);
    }
    if (!res.ok) {
      const code = typeof json.error_code === 'string' ? json.error_code : null;
      const message = typeof json.message === 'string' ? json.message : text.slice(0, 200);
      throw new MlflowError(`MLflow ${method} ${path} failed: ${res.status}${code ? ` ${code}` : ''}: ${message}`, res.status, code);
    }
    return json;
  }

  /** The experiment's id, created when it does not exist yet (a concurrent create is read back). */
  async experimentId(name: string): Promise<string> {
    try {
      const r = await this.call('GET', '/api/2.0/mlflow/experiments/get-by-name', undefined, { experiment_name: name });
      return String((r.experiment as Json).experiment_id);
    } catch (e) {
      if ((e as MlflowError).code !== 'RESOURCE_DOES_NOT_EXIST') throw e;
    }
    try {
      return String((await this.call('POST', '/api/2.0/mlflow/experiments/create', { name })).experiment_id);
    } catch (e) {
      if ((e as MlflowError).code !== 'RESOURCE_ALREADY_EXISTS') throw e;
      const r = await this.call('GET', '/api/2.0/mlflow/experiments/get-by-name', undefined, { experiment_name: name });
      return String((r.experiment as Json).experiment_id);
    }
  }

  async createRun(
    experimentId: string,
    runName: string,
    startTime: number,
    tags: Record<string, string>,
  ): Promise<{ runId: string; artifactUri: string }> {
    const r = await this.call('POST', '/api/2.0/mlflow/runs/create', {
      experiment_id: experimentId,
      run_name: runName,
      start_time: startTime,
      tags: Object.entries(tags).map(([key, value]) => ({ key: mlflowKey(key), value })),
    });
    const info = (r.run as Json).info as Json;
    return { runId: String(info.run_id), artifactUri: String(info.artifact_uri ?? '') };
  }

  /** Params, metrics and tags in as many log-batch calls as MLflow's limits need. */
  async logBatch(
    runId: string,
    metrics: Record<string, number>,
    params: Record<string, string>,
    tags: Record<string, string>,
    timestamp: number,
  ): Promise<number> {
    const m = Object.entries(metrics).map(([key, value]) => ({ key: mlflowKey(key), value, timestamp, step: 0 }));
    const p = Object.entries(params).map(([key, value]) => ({
      key: mlflowKey(key),
      value: value.length > PARAM_MAX ? `${value.slice(0, PARAM_MAX - 1)}…` : value,
    }));
    const t = Object.entries(tags).map(([key, value]) => ({ key: mlflowKey(key), value }));
    let calls = 0;
    while (m.length || p.length || t.length || calls === 0) {
      const params = p.splice(0, LOG_BATCH_LIMITS.params);
      const tagsPart = t.splice(0, LOG_BATCH_LIMITS.tags);
      const metricsPart = m.splice(0, Math.min(LOG_BATCH_LIMITS.metrics, LOG_BATCH_LIMITS.total - params.length - tagsPart.length));
      await this.call('POST', '/api/2.0/mlflow/runs/log-batch', { run_id: runId, metrics: metricsPart, params, tags: tagsPart });
      calls++;
    }
    return calls;
  }

  async finishRun(runId: string, status: 'FINISHED' | 'FAILED', endTime: number): Promise<void> {
    await this.call('POST', '/api/2.0/mlflow/runs/update', { run_id: runId, status, end_time: endTime });
  }

  /**
   * Uploads a file as an artifact when the run's artifacts go through the server (an mlflow-artifacts: URI, a server
   * started with --serve-artifacts); returns false, uploading nothing, for a store the server does not proxy (s3:, a path).
   */
  async uploadArtifact(artifactUri: string, file: string): Promise<boolean> {
    const m = /^mlflow-artifacts:(?:\/\/[^/]*)?\/(.+)$/.exec(artifactUri);
    if (!m) return false;
    const path = `${m[1]!.replace(/\/+$/, '')}/${basename(file)}`.split('/').map(encodeURIComponent).join('/');
    await this.call('PUT', `/api/2.0/mlflow-artifacts/artifacts/${path}`, readFileSync(file));
    return true;
  }

  /** The registered model, created when missing. */
  async ensureRegisteredModel(name: string, description: string): Promise<void> {
    try {
      await this.call('POST', '/api/2.0/mlflow/registered-models/create', { name, description });
    } catch (e) {
      if ((e as MlflowError).code !== 'RESOURCE_ALREADY_EXISTS') throw e;
    }
  }

  /** The model version of `name` carrying tag key=value, or null. */
  async findModelVersion(name: string, key: string, value: string): Promise<string | null> {
    let token: string | undefined;
    do {
      const r = await this.call('GET', '/api/2.0/mlflow/model-versions/search', undefined, {
        filter: `name='${name.replace(/'/g, "\\'")}'`,
        max_results: '200',
        ...(token ? { page_token: token } : {}),
      });
      for (const v of (r.model_versions as Json[] | undefined) ?? []) {
        const tags = (v.tags as { key: string; value: string }[] | undefined) ?? [];
        if (tags.some((t) => t.key === key && t.value === value)) return String(v.version);
      }
      token = typeof r.next_page_token === 'string' && r.next_page_token ? r.next_page_token : undefined;
    } while (token);
    return null;
  }

  async createModelVersion(
    name: string,
    source: string,
    runId: string | null,
    tags: Record<string, string>,
    description: string,
  ): Promise<string> {
    const r = await this.call('POST', '/api/2.0/mlflow/model-versions/create', {
      name,
      source,
      ...(runId ? { run_id: runId } : {}),
      description,
      tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
    });
    return String((r.model_version as Json).version);
  }

  async setAlias(name: string, alias: string, version: string): Promise<void> {
    await this.call('POST', '/api/2.0/mlflow/registered-models/alias', { name, alias, version });
  }

  async deleteAlias(name: string, alias: string): Promise<void> {
    try {
      await this.call('DELETE', '/api/2.0/mlflow/registered-models/alias', { name, alias });
    } catch (e) {
      if ((e as MlflowError).code !== 'RESOURCE_DOES_NOT_EXIST' && (e as MlflowError).status !== 404) throw e;
    }
  }

  async setModelVersionTag(name: string, version: string, key: string, value: string): Promise<void> {
    await this.call('POST', '/api/2.0/mlflow/model-versions/set-tag', { name, version, key, value });
  }
}
