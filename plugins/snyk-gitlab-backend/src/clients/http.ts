import { LoggerService } from '@backstage/backend-plugin-api';

export interface RetryOptions {
  /** Retries after the first attempt. */
  retries: number;
  /** First fallback backoff; doubles each attempt, with full jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest Retry-After we are willing to wait; longer ones fail the call. */
  maxRetryAfterMs: number;
  /** Per attempt, including reading the body. */
  timeoutMs: number;
  /** How to wait between attempts; tests record the delays instead. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * For a client that pauses on rate limits: how long it stops calling after
   * a 429 without Retry-After. A minute by default, the time Snyk's limit
   * needs without requests before it serves the token again.
   */
  rateLimitPauseMs?: number;
}

/** A minute: Snyk serves a rate-limited token again after a minute without requests. */
export const DEFAULT_RATE_LIMIT_PAUSE_MS = 60_000;

const sleep = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

export const DEFAULT_RETRY: RetryOptions = {
  retries: 4,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
  timeoutMs: 15_000,
};

/** A failed call to GitLab or Snyk. Its message never holds a secret. */
export class ApiError extends Error {
  constructor(
    readonly service: string,
    readonly status: number | undefined,
    message: string,
    /** Set when the answer was larger than the request allowed. */
    readonly tooLarge = false,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * The service is rate limiting us: no call to it is made before `retryAt`,
 * so that the limit's window can close; the next scheduled run tries again.
 */
export class RateLimitedError extends ApiError {
  constructor(service: string, readonly retryAt: Date, message: string) {
    super(service, 429, message);
    this.name = 'RateLimitedError';
  }
}

/** Largest API answer read by default (a listing page is far smaller). */
export const MAX_API_BODY_BYTES = 16 * 1024 * 1024;
/** Largest error body read, to quote its message. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

export interface HttpRequest {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Statuses handed back to the caller instead of thrown, e.g. 404. */
  accept?: number[];
  /** Largest body read; a larger one fails with `tooLarge`. */
  maxBytes?: number;
  /** Ends the call (and its retries) at once, e.g. the scheduler's abort. */
  signal?: AbortSignal;
  /** A read sent as POST (GraphQL): retried like a GET. */
  idempotent?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
}

const RETRYABLE = new Set([429, 500, 502, 503, 504]);
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);

/** Milliseconds from a Retry-After header (seconds or HTTP date). */
export function parseRetryAfter(value: string | null, now = Date.now()) {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function describe(method: string, url: string) {
  return `${method} ${new URL(url).pathname}`;
}

/**
 * A next-page link, to be followed with the token: only on the API's own
 * origin (scheme, host and port), else the listing fails.
 */
export function nextPageOnApi(
  service: string,
  link: string,
  apiBaseUrl: string,
): string {
  let same = false;
  try {
    same = new URL(link, apiBaseUrl).origin === new URL(apiBaseUrl).origin;
  } catch {
    same = false;
  }
  if (!same) {
    throw new ApiError(
      service,
      200,
      `${service} answered a next-page link to another origin; it was not followed`,
    );
  }
  return link;
}

/** Removes every secret from a text, e.g. a response body quoted in an error. */
export function redact(text: string, secrets: string[]) {
  return secrets.reduce(
    (out, secret) => (secret ? out.split(secret).join('[redacted]') : out),
    text,
  );
}

/**
 * JSON-over-HTTP with timeouts, Retry-After, capped exponential backoff with
 * jitter, and no retry of 4xx other than 429. POST is retried only on 429.
 *
 * With `pauseOnRateLimit` (Snyk), a 429 without Retry-After (or with one
 * longer than the client waits) is not retried: retrying keeps a limit such as
 * Snyk's closed. The client then makes no call at all until the limit may
 * have reset, failing each one at once with a {@link RateLimitedError}.
 */
export class HttpClient {
  /** No call before this time (ms since the epoch); 0 when not paused. */
  private pausedUntil = 0;

  constructor(
    private readonly service: string,
    private readonly logger: LoggerService,
    private readonly secrets: string[],
    private readonly retry: RetryOptions = DEFAULT_RETRY,
    private readonly options: { pauseOnRateLimit?: boolean } = {},
  ) {}

  /** When the client calls the service again after a rate limit, if paused. */
  rateLimitedUntil(now = Date.now()): Date | undefined {
    return this.pausedUntil > now ? new Date(this.pausedUntil) : undefined;
  }

  private throwIfPaused(what: string) {
    const until = this.rateLimitedUntil();
    if (until) {
      throw new RateLimitedError(
        this.service,
        until,
        `${
          this.service
        } is rate limiting this token: ${what} was not sent; no ${
          this.service
        } call before ${until.toISOString()}, the next sync tries again`,
      );
    }
  }

  private pause(ms: number, what: string, retryAfter: boolean) {
    const until = new Date(
      Math.max(this.pausedUntil, Date.now() + Math.max(ms, 0)),
    );
    this.pausedUntil = until.getTime();
    const error = new RateLimitedError(
      this.service,
      until,
      `${this.service} is rate limiting this token: ${what} answered 429 ${
        retryAfter
          ? `with Retry-After ${Math.ceil(ms / 1000)} s`
          : 'without Retry-After'
      }; no ${
        this.service
      } call before ${until.toISOString()}, the next sync tries again`,
    );
    this.logger.warn(error.message);
    return error;
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const method = req.method ?? 'GET';
    const what = describe(method, req.url);
    for (let attempt = 0; ; attempt++) {
      this.throwIfPaused(what);
      let wait: number | undefined;
      let failure: ApiError;
      try {
        const res = await fetch(req.url, {
          method,
          headers: req.headers,
          body: req.body === undefined ? undefined : JSON.stringify(req.body),
          signal: req.signal
            ? AbortSignal.any([
                req.signal,
                AbortSignal.timeout(this.retry.timeoutMs),
              ])
            : AbortSignal.timeout(this.retry.timeoutMs),
          redirect: 'error',
        });
        const ok = res.ok || Boolean(req.accept?.includes(res.status));
        const text = await this.readBody(
          res,
          ok ? req.maxBytes ?? MAX_API_BODY_BYTES : MAX_ERROR_BODY_BYTES,
          what,
          ok,
        );
        if (ok) return { status: res.status, headers: res.headers, text };
        failure = new ApiError(
          this.service,
          res.status,
          `${this.service} ${what} failed with ${res.status}${this.detail(
            text,
          )}`,
        );
        const retryable =
          res.status === 429 ||
          (RETRYABLE.has(res.status) &&
            (IDEMPOTENT.has(method) || req.idempotent));
        if (!retryable) throw failure;
        wait = parseRetryAfter(res.headers.get('retry-after'));
        if (
          res.status === 429 &&
          this.options.pauseOnRateLimit &&
          (wait === undefined || wait > this.retry.maxRetryAfterMs)
        ) {
          throw this.pause(
            wait ?? this.retry.rateLimitPauseMs ?? DEFAULT_RATE_LIMIT_PAUSE_MS,
            what,
            wait !== undefined,
          );
        }
        if (wait !== undefined && wait > this.retry.maxRetryAfterMs) {
          throw new ApiError(
            this.service,
            res.status,
            `${this.service} ${what} is rate limited for ${Math.ceil(
              wait / 1000,
            )} s`,
          );
        }
      } catch (error) {
        if (error instanceof ApiError || req.signal?.aborted) throw error;
        const timedOut = (error as Error).name === 'TimeoutError';
        failure = new ApiError(
          this.service,
          undefined,
          timedOut
            ? `${this.service} ${what} timed out after ${this.retry.timeoutMs} ms`
            : `${this.service} ${what} failed: ${this.safe(
                (error as Error).message,
              )}`,
        );
        if (!IDEMPOTENT.has(method) && !req.idempotent) throw failure;
      }
      if (attempt >= this.retry.retries) throw failure;
      const delay = wait ?? this.backoff(attempt);
      this.logger.warn(
        `${failure.message}; retry ${attempt + 1} of ${
          this.retry.retries
        } in ${delay} ms`,
      );
      await (this.retry.sleep ?? sleep)(delay);
      req.signal?.throwIfAborted();
    }
  }

  /** GET or send JSON and parse the JSON answer. */
  async json<T>(
    req: HttpRequest,
  ): Promise<{ status: number; headers: Headers; body: T }> {
    const res = await this.request(req);
    try {
      return {
        ...res,
        body: (res.text ? JSON.parse(res.text) : undefined) as T,
      };
    } catch {
      throw new ApiError(
        this.service,
        res.status,
        `${this.service} ${describe(
          req.method ?? 'GET',
          req.url,
        )} returned invalid JSON`,
      );
    }
  }

  /**
   * The body as text, never more than `maxBytes`: a declared Content-Length
   * over it is refused before reading, and the stream is cut at the cap. An
   * error body over its cap is only truncated.
   */
  private async readBody(
    res: Response,
    maxBytes: number,
    what: string,
    strict: boolean,
  ): Promise<string> {
    const tooLarge = () =>
      new ApiError(
        this.service,
        res.status,
        `${this.service} ${what} answered more than ${maxBytes} bytes`,
        true,
      );
    const declared = Number(res.headers.get('content-length'));
    if (strict && Number.isFinite(declared) && declared > maxBytes) {
      await res.body?.cancel().catch(() => {});
      throw tooLarge();
    }
    if (!res.body) return '';
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        if (strict) throw tooLarge();
        chunks.push(value.subarray(0, value.byteLength - (size - maxBytes)));
        break;
      }
      chunks.push(value);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  private backoff(attempt: number) {
    const cap = Math.min(
      this.retry.maxDelayMs,
      this.retry.baseDelayMs * 2 ** attempt,
    );
    return Math.round(cap / 2 + Math.random() * (cap / 2));
  }

  private safe(text: string) {
    return redact(text, this.secrets);
  }

  private detail(body: string) {
    let message: unknown;
    try {
      const parsed = JSON.parse(body);
      message =
        parsed?.error_description ??
        parsed?.message ??
        parsed?.errors?.[0]?.detail ??
        parsed?.error;
    } catch {
      message = undefined;
    }
    return typeof message === 'string' && message
      ? `: ${this.safe(message).slice(0, 200)}`
      : '';
  }
}
