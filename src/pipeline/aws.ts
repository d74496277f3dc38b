import { ServiceError } from './errors';

/**
 * What the AWS-backed parts share: the one timeout policy, telling a throttling error from a real one, retrying with
 * capped exponential backoff and jitter, and sleeping in a way an AbortSignal can interrupt.
 */

/**
 * The timeout policy of every AWS call, in one place: a connection within 3 s and each attempt answered in full
 * within 30 s (MANGALAB_AWS_CONNECT_TIMEOUT_MS and MANGALAB_AWS_REQUEST_TIMEOUT_MS override them), at most the
 * caller's attempts, and never past the caller's deadline (a Redshift statement's timeout-ms, a rollback's --timeout).
 */
export function awsTimeouts(): { connectMs: number; requestMs: number } {
  const ms = (name: string, fallback: number) => {
    const v = Number(process.env[name]);
    return Number.isFinite(v) && v > 0 ? v : fallback;
  };
  return { connectMs: ms('MANGALAB_AWS_CONNECT_TIMEOUT_MS', 3000), requestMs: ms('MANGALAB_AWS_REQUEST_TIMEOUT_MS', 30_000) };
}

/**
 * The settings every AWS client is built with: no SDK retries (withRetry does them, bounded), the connection and
 * socket timeouts of awsTimeouts. The endpoint comes from the standard AWS configuration (AWS_ENDPOINT_URL included).
 */
export function awsClientConfig(region?: string) {
  const t = awsTimeouts();
  return {
    ...(region ? { region } : {}),
    maxAttempts: 1,
    requestHandler: { connectionTimeout: t.connectMs, requestTimeout: t.requestMs },
  };
}

export interface RetryOptions {
  /** Attempts in all, the first included. */
  attempts?: number;
  /** Each attempt must be answered within this (default: awsTimeouts().requestMs); a late one is aborted and retried. */
  attemptMs?: number;
  /** No attempt starts or runs past this instant (ms since the epoch). */
  deadline?: number;
  /** What is being called, for the timeout message ("SageMaker DescribeEndpoint manga-intent"). */
  what?: string;
  baseMs?: number;
  maxMs?: number;
  signal?: AbortSignal;
  /** Injected in tests so that no test waits on a real clock. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'ServiceUnavailableException',
  'ServiceUnavailable',
]);

/** True for errors the service says are worth retrying (throttling, 5xx, SDK-marked retryable). */
export function isRetryable(error: unknown): boolean {
  const e = error as { name?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
  if (!e || typeof e !== 'object') return false;
  if (e.name && THROTTLING.has(e.name)) return true;
  if (e.$retryable) return true;
  const status = e.$metadata?.httpStatusCode;
  if (status === 429 || (status !== undefined && status >= 500)) return true;
  // A body cut off mid-answer reaches the SDK's JSON parser: the connection dropped, like the codes below.
  if (e.name === 'SyntaxError') return true;
  // The connection dropped or never came: worth another (bounded) attempt.
  const code = (error as { code?: string }).code;
  return code !== undefined && ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN'].includes(code);
}

export function abortError(what: string): Error {
  const e = new Error(`${what} aborted`);
  e.name = 'AbortError';
  return e;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError('wait'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError('wait'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Delay before retry `attempt` (1-based): full jitter over min(maxMs, baseMs * 2^(attempt-1)). */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const cap = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
  return Math.round(cap / 2 + (random() * cap) / 2);
}

/** The error a call ends with once its attempts or its time ran out: what was called, how, how often. */
function giveUp(e: unknown, timedOutMs: number | null, attempts: number, what?: string): unknown {
  const n = `${attempts} attempt${attempts > 1 ? 's' : ''}`;
  if (timedOutMs !== null) return new ServiceError(`${what ?? 'the AWS call'}: no answer within ${timedOutMs} ms, ${n}`, { cause: e });
  if (!what) return e;
  const err = e as Error;
  return new ServiceError(`${what}: ${err.name}: ${err.message} (${n})`, { cause: e });
}

/**
 * Calls `fn`, retrying retryable errors; the last error is thrown as it came. Each attempt gets an AbortSignal that
 * fires when the attempt runs past `attemptMs` (or the deadline) or the caller's signal does: pass it to the SDK's
 * send, so a service that accepts a connection and never answers, or answers a byte at a time, cannot hold the call.
 * @throws ServiceError when attempts run out on timeouts, or the deadline passes, naming what was called and the bound.
 */
export async function withRetry<T>(fn: (signal: AbortSignal) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 5;
  const wait = options.sleep ?? sleep;
  const what = options.what ?? 'the AWS call';
  for (let attempt = 1; ; attempt++) {
    const left = options.deadline === undefined ? Infinity : options.deadline - Date.now();
    if (left <= 0) throw new ServiceError(`${what}: no answer before its deadline (${attempt - 1} attempts)`);
    const limit = Math.min(options.attemptMs ?? awsTimeouts().requestMs, left);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(abortError(`${what} (no answer within ${Math.round(limit)} ms)`)), limit);
    const onOuter = () => controller.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', onOuter, { once: true });
    try {
      return await fn(controller.signal);
    } catch (e) {
      if (options.signal?.aborted) throw e;
      const timedOut = controller.signal.aborted;
      if (!timedOut && !isRetryable(e)) throw e;
      const pause = backoffMs(attempt, options.baseMs ?? 200, options.maxMs ?? 5000, options.random);
      const outOfTime = options.deadline !== undefined && Date.now() + pause >= options.deadline;
      if (attempt >= attempts || outOfTime) throw giveUp(e, timedOut ? Math.round(limit) : null, attempt, options.what);
      await wait(pause, options.signal);
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onOuter);
    }
  }
}

/**
 * Bounds a run of many calls to one service (a batch categorization, a golden set answered by Bedrock), in one place:
 * no call starts after the run's time limit, and once as many calls in a row as run at once (at least 3) have failed
 * with none answered (an outage: a hung or refusing service), the rest are not sent. Give `deadline` to each call's withRetry
 * so that no attempt runs past the limit either.
 */
export class CallBreaker {
  readonly deadline: number;
  private answered = 0;
  private failedInARow = 0;
  private skipped = 0;
  private readonly now: () => number;

  constructor(private readonly options: { concurrency: number; timeLimitMs: number; now?: () => number }) {
    this.now = options.now ?? Date.now;
    this.deadline = this.now() + options.timeLimitMs;
  }

  /** True when no further call should start. */
  get open(): boolean {
    return this.timedOut || (this.answered === 0 && this.failedInARow >= Math.max(3, this.options.concurrency));
  }

  private get timedOut(): boolean {
    return this.now() >= this.deadline;
  }

  succeeded(): void {
    this.answered++;
    this.failedInARow = 0;
  }

  /**
   * A call that failed. Only a service failure counts towards an outage (retries run out, throttling, 5xx, timeouts,
   * dropped connections); a refusal of one request (a validation error, say) is that request's own problem.
   */
  failed(error: unknown): void {
    if (error instanceof ServiceError || isRetryable(error)) this.failedInARow++;
  }

  /** A call not sent because the breaker was open. */
  skip(): void {
    this.skipped++;
  }

  get notSent(): number {
    return this.skipped;
  }

  /** Why the breaker is open: the time limit, or the outage. */
  get cause(): string {
    return this.timedOut
      ? `the ${Math.round(this.options.timeLimitMs / 1000)} s time limit was reached`
      : `the first ${this.failedInARow} calls all failed`;
  }

  /** Why calls were not sent ("" when all were). */
  why(total: number): string {
    return this.skipped === 0 ? '' : `${this.skipped} of ${total} calls were not sent (${this.cause})`;
  }
}

/**
 * Resolves a client's credentials before a run of calls, so that missing credentials are one service error said
 * up front (exit 3) rather than a failure per call. Bounded: the provider chain's instance-metadata step included.
 * @throws ServiceError naming what was about to be called.
 */
export async function checkCredentials(client: { config: { credentials: () => Promise<unknown> } }, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const limit = awsTimeouts().connectMs + 2000;
  try {
    await Promise.race([
      client.config.credentials(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no credentials within ${limit} ms`)), limit);
      }),
    ]);
  } catch (e) {
    const message = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    throw new ServiceError(
      `${what}: no AWS credentials could be loaded (${message}); set AWS_PROFILE or AWS_ACCESS_KEY_ID, or run where a role is available. Nothing was called.`,
      { cause: e },
    );
  } finally {
    clearTimeout(timer);
  }
}
