// An MLflow tracking server on the loopback interface, following MLflow's REST reference
// (https://mlflow.org/docs/latest/rest-api.html) for what mangalab calls: experiments get-by-name and create, runs
// create, log-batch (with its limits: 1000 metrics, 100 params, 100 tags, 1000 items in all; a param is never
// overwritten with another value), update and get; proxied artifacts (PUT /api/2.0/mlflow-artifacts/artifacts/...);
// registered models create, model versions create, search and set-tag, aliases set and delete. Errors come in MLflow's
// shape, {"error_code": ..., "message": ...}, with its status codes (404 RESOURCE_DOES_NOT_EXIST, 400
// RESOURCE_ALREADY_EXISTS and INVALID_PARAMETER_VALUE). `fail` makes every call answer 503, as a server behind a load
// balancer with no healthy target does. Not modelled: authentication, pagination past 200, run search.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Run {
  info: {
    run_id: string;
    experiment_id: string;
    run_name: string;
    status: string;
    start_time: number;
    end_time?: number;
    artifact_uri: string;
  };
  data: {
    metrics: { key: string; value: number; timestamp: number; step: number }[];
    params: { key: string; value: string }[];
    tags: { key: string; value: string }[];
  };
}

interface ModelVersion {
  name: string;
  version: string;
  source: string;
  run_id?: string;
  description?: string;
  tags: { key: string; value: string }[];
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class MlflowServer {
  experiments = new Map<string, { experiment_id: string; name: string }>();
  runs = new Map<string, Run>();
  artifacts = new Map<string, Buffer>();
  models = new Map<string, { name: string; aliases: Map<string, string>; versions: ModelVersion[] }>();
  /** Every call, method and path: what the tests count. */
  calls: string[] = [];
  fail = false;
  /** The Authorization header of the last call. */
  lastAuthorization: string | undefined;
  /** Whether runs get proxied artifact URIs (a server started with --serve-artifacts) or an S3 store it does not proxy. */
  proxyArtifacts = true;
  private server: Server | null = null;
  private next = 1;

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await new Promise<Buffer>((done) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => done(Buffer.concat(chunks)));
    });
    const url = new URL(req.url ?? '/', 'http://x');
    this.calls.push(`${req.method} ${url.pathname}`);
    this.lastAuthorization = req.headers.authorization;
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    try {
      if (this.fail) throw new ApiError(503, 'TEMPORARILY_UNAVAILABLE', 'no healthy upstream');
      if (url.pathname.startsWith('/api/2.0/mlflow-artifacts/artifacts/') && req.method === 'PUT') {
        this.artifacts.set(decodeURIComponent(url.pathname.slice('/api/2.0/mlflow-artifacts/artifacts/'.length)), raw);
        return send(200, {});
      }
      const body = raw.length ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
      const q: Record<string, string> = {};
      url.searchParams.forEach((v, k) => (q[k] = v));
      send(200, this.route(`${req.method} ${url.pathname}`, body, q));
    } catch (e) {
      if (e instanceof ApiError) return send(e.status, { error_code: e.code, message: e.message });
      send(500, { error_code: 'INTERNAL_ERROR', message: (e as Error).message });
    }
  }

  private run(id: unknown): Run {
    const r = this.runs.get(String(id));
    if (!r) throw new ApiError(404, 'RESOURCE_DOES_NOT_EXIST', `Run with id=${String(id)} not found`);
    return r;
  }

  private model(name: unknown) {
    const m = this.models.get(String(name));
    if (!m) throw new ApiError(404, 'RESOURCE_DOES_NOT_EXIST', `Registered Model with name=${String(name)} not found`);
    return m;
  }

  private route(call: string, b: Record<string, unknown>, q: Record<string, string>): unknown {
    switch (call) {
      case 'GET /api/2.0/mlflow/experiments/get-by-name': {
        const e = this.experiments.get(q.experiment_name ?? '');
        if (!e) throw new ApiError(404, 'RESOURCE_DOES_NOT_EXIST', `Could not find experiment with name '${q.experiment_name}'`);
        return { experiment: e };
      }
      case 'POST /api/2.0/mlflow/experiments/create': {
        const name = String(b.name ?? '');
        if (!name) throw new ApiError(400, 'INVALID_PARAMETER_VALUE', "Missing value for required parameter 'name'.");
        if (this.experiments.has(name)) throw new ApiError(400, 'RESOURCE_ALREADY_EXISTS', `Experiment '${name}' already exists.`);
        const experiment_id = String(this.next++);
        this.experiments.set(name, { experiment_id, name });
        return { experiment_id };
      }
      case 'POST /api/2.0/mlflow/runs/create': {
        if (![...this.experiments.values()].some((e) => e.experiment_id === b.experiment_id))
          throw new ApiError(404, 'RESOURCE_DOES_NOT_EXIST', `No Experiment with id=${String(b.experiment_id)} exists`);
        const run_id = `r${String(this.next++).padStart(31, '0')}`;
        const run: Run = {
          info: {
            run_id,
            experiment_id: String(b.experiment_id),
            run_name: String(b.run_name ?? ''),
            status: 'RUNNING',
            start_time: Number(b.start_time),
            artifact_uri: this.proxyArtifacts
              ? `mlflow-artifacts:/${String(b.experiment_id)}/${run_id}/artifacts`
              : `s3://bucket/${run_id}/artifacts`,
          },
          data: { metrics: [], params: [], tags: [...((b.tags as Run['data']['tags']) ?? [])] },
        };
        this.runs.set(run_id, run);
        return { run };
      }
      case 'POST /api/2.0/mlflow/runs/log-batch': {
        const r = this.run(b.run_id);
        const metrics = (b.metrics as Run['data']['metrics']) ?? [];
        const params = (b.params as Run['data']['params']) ?? [];
        const tags = (b.tags as Run['data']['tags']) ?? [];
        if (metrics.length > 1000)
          throw new ApiError(
            400,
            'INVALID_PARAMETER_VALUE',
            `A batch logging request can contain at most 1000 metrics. Got ${metrics.length} metrics.`,
          );
        if (params.length > 100)
          throw new ApiError(
            400,
            'INVALID_PARAMETER_VALUE',
            `A batch logging request can contain at most 100 params. Got ${params.length} params.`,
          );
        if (tags.length > 100)
          throw new ApiError(
            400,
            'INVALID_PARAMETER_VALUE',
            `A batch logging request can contain at most 100 tags. Got ${tags.length} tags.`,
          );
        if (metrics.length + params.length + tags.length > 1000)
          throw new ApiError(
            400,
            'INVALID_PARAMETER_VALUE',
            'A batch logging request can contain at most 1000 metrics, params, and tags in total.',
          );
        for (const m of metrics)
          if (typeof m.value !== 'number')
            throw new ApiError(400, 'INVALID_PARAMETER_VALUE', `Got invalid value ${String(m.value)} for metric '${m.key}'`);
        for (const p of params) {
          const had = r.data.params.find((x) => x.key === p.key);
          if (had && had.value !== p.value)
            throw new ApiError(
              400,
              'INVALID_PARAMETER_VALUE',
              `Changing param values is not allowed. Param with key='${p.key}' was already logged with value='${had.value}'`,
            );
          if (!had) r.data.params.push(p);
        }
        r.data.metrics.push(...metrics);
        for (const t of tags) r.data.tags = [...r.data.tags.filter((x) => x.key !== t.key), t];
        return {};
      }
      case 'POST /api/2.0/mlflow/runs/update': {
        const r = this.run(b.run_id);
        r.info.status = String(b.status);
        r.info.end_time = Number(b.end_time);
        return { run_info: r.info };
      }
      case 'GET /api/2.0/mlflow/runs/get':
        return { run: this.run(q.run_id) };
      case 'POST /api/2.0/mlflow/registered-models/create': {
        const name = String(b.name);
        if (this.models.has(name)) throw new ApiError(400, 'RESOURCE_ALREADY_EXISTS', `Registered Model (name=${name}) already exists.`);
        this.models.set(name, { name, aliases: new Map(), versions: [] });
        return { registered_model: { name } };
      }
      case 'POST /api/2.0/mlflow/model-versions/create': {
        const m = this.model(b.name);
        const v: ModelVersion = {
          name: m.name,
          version: String(m.versions.length + 1),
          source: String(b.source),
          run_id: b.run_id as string | undefined,
          description: b.description as string | undefined,
          tags: [...((b.tags as ModelVersion['tags']) ?? [])],
        };
        m.versions.push(v);
        return { model_version: v };
      }
      case 'GET /api/2.0/mlflow/model-versions/search': {
        const name = /^name='(.*)'$/.exec(q.filter ?? '')?.[1]?.replace(/\\'/g, "'");
        if (name === undefined) throw new ApiError(400, 'INVALID_PARAMETER_VALUE', `Invalid filter '${q.filter}'`);
        return { model_versions: this.models.get(name)?.versions ?? [] };
      }
      case 'POST /api/2.0/mlflow/model-versions/set-tag': {
        const v = this.model(b.name).versions.find((x) => x.version === String(b.version));
        if (!v)
          throw new ApiError(
            404,
            'RESOURCE_DOES_NOT_EXIST',
            `Model Version (name=${String(b.name)}, version=${String(b.version)}) not found`,
          );
        v.tags = [...v.tags.filter((t) => t.key !== b.key), { key: String(b.key), value: String(b.value) }];
        return {};
      }
      case 'POST /api/2.0/mlflow/registered-models/alias': {
        const m = this.model(b.name);
        if (!m.versions.some((x) => x.version === String(b.version)))
          throw new ApiError(404, 'RESOURCE_DOES_NOT_EXIST', `Model Version (name=${m.name}, version=${String(b.version)}) not found`);
        m.aliases.set(String(b.alias), String(b.version));
        return {};
      }
      case 'DELETE /api/2.0/mlflow/registered-models/alias': {
        const m = this.model(b.name);
        if (!m.aliases.delete(String(b.alias)))
          throw new ApiError(404, 'RESOURCE_DOES_NOT_EXIST', `Registered model alias ${String(b.alias)} not found.`);
        return {};
      }
      default:
        throw new ApiError(404, 'ENDPOINT_NOT_FOUND', `No endpoint ${call}`);
    }
  }
}
