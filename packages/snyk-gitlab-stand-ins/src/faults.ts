import { NextFunction, Request, Response } from 'express';

export type Service = 'gitlab' | 'snyk';

export interface Fault {
  service: Service;
  /** Matches the request path (without query); all requests when absent. */
  path?: RegExp;
  method?: string;
  /** Status to answer with; when absent the request is only delayed. */
  status?: number;
  /** Seconds sent in Retry-After. */
  retryAfter?: number;
  /** Wait before answering (or before passing on). */
  delayMs?: number;
  /** Raw body to send, e.g. truncated JSON. */
  body?: string;
  contentType?: string;
  /** Extra headers to answer with, e.g. a Link header. */
  headers?: Record<string, string>;
  /** How many requests it applies to; forever when absent. */
  times?: number;
  /** Runs when the rule applies, before answering: e.g. revoke a token mid-sync. */
  effect?: () => void;
}

export interface RecordedRequest {
  service: Service;
  method: string;
  path: string;
  query: string;
  status: number;
  /** Arrival time, ms since the epoch. */
  at: number;
  /** The JSON body as parsed, for requests with one (e.g. a search). */
  body?: unknown;
}

/**
 * A per-token request limit, as Snyk's REST API enforces (1,620 requests a
 * minute per token): once a token goes over `limit` requests in a window,
 * every request with it answers 429 without Retry-After until no request has
 * come for `quietMs`; each refused request restarts that quiet period.
 */
export interface RateLimit {
  service: Service;
  /** Requests allowed per window and token. */
  limit: number;
  /** The counting window; a minute by default. */
  windowMs?: number;
  /** Silence needed before a limited token is served again; a minute by default. */
  quietMs?: number;
  /** Requests it counts, by path (without query); all when absent. */
  path?: RegExp;
}

interface TokenWindow {
  start: number;
  count: number;
  limited: boolean;
  lastAt: number;
}

/** Injected failures and a record of every request, shared by both stand-ins. */
export class Faults {
  private readonly rules: Fault[] = [];
  readonly requests: RecordedRequest[] = [];
  private readonly limits = new Map<Service, RateLimit>();
  private readonly windows = new Map<string, TokenWindow>();

  /** Turns a service's rate limit on (off with `undefined`), with fresh counters. */
  rateLimit(service: Service, limit: Omit<RateLimit, 'service'> | undefined) {
    if (limit) this.limits.set(service, { ...limit, service });
    else this.limits.delete(service);
    for (const key of [...this.windows.keys()]) {
      if (key.startsWith(`${service} `)) this.windows.delete(key);
    }
  }

  /** Counts a request against its token's window; true when it must be refused. */
  private overLimit(service: Service, req: Request, now: number): boolean {
    const limit = this.limits.get(service);
    if (!limit || (limit.path && !limit.path.test(req.path))) return false;
    const windowMs = limit.windowMs ?? 60_000;
    const quietMs = limit.quietMs ?? 60_000;
    const token =
      req.header('authorization') ?? req.header('private-token') ?? req.ip;
    const key = `${service} ${token}`;
    let state = this.windows.get(key);
    if (state?.limited && now - state.lastAt < quietMs) {
      state.lastAt = now;
      return true;
    }
    if (!state || state.limited || now - state.start >= windowMs) {
      state = { start: now, count: 0, limited: false, lastAt: now };
      this.windows.set(key, state);
    }
    state.count += 1;
    state.lastAt = now;
    state.limited = state.count > limit.limit;
    return state.limited;
  }

  add(fault: Fault): void {
    this.rules.push({ ...fault });
  }

  clear(): void {
    this.rules.length = 0;
  }

  count(service: Service, path?: RegExp): number {
    return this.requests.filter(
      r => r.service === service && (!path || path.test(r.path)),
    ).length;
  }

  middleware(service: Service) {
    return (req: Request, res: Response, next: NextFunction) => {
      const [pathname, query = ''] = req.originalUrl.split('?');
      // Recorded on arrival; status stays 0 if the client gives up first.
      const record: RecordedRequest = {
        service,
        method: req.method,
        path: pathname,
        query,
        status: 0,
        at: Date.now(),
      };
      this.requests.push(record);
      res.on('finish', () => {
        record.status = res.statusCode;
        // Parsed by then, when a route read it.
        if (req.method === 'POST' || req.method === 'PUT') {
          record.body = req.body;
        }
      });
      if (this.overLimit(service, req, record.at)) {
        // No Retry-After and no rate-limit headers, as Snyk often answers.
        const rest = service === 'snyk' && pathname.startsWith('/rest/');
        res.status(429);
        if (service === 'gitlab') {
          res.type('text/plain').send('Retry later\n');
        } else if (rest) {
          res.type('application/vnd.api+json').send(
            JSON.stringify({
              jsonapi: { version: '1.0' },
              errors: [{ status: '429', detail: 'Too many requests' }],
            }),
          );
        } else {
          res.json({ code: 429, message: 'Too many requests' });
        }
        return;
      }
      const rule = this.rules.find(
        f =>
          f.service === service &&
          (f.times === undefined || f.times > 0) &&
          (!f.method || f.method === req.method) &&
          (!f.path || f.path.test(req.path)),
      );
      if (!rule) {
        next();
        return;
      }
      if (rule.times !== undefined) {
        rule.times -= 1;
      }
      rule.effect?.();
      const answer = () => {
        if (rule.status === undefined) {
          next();
          return;
        }
        if (rule.retryAfter !== undefined) {
          res.setHeader('Retry-After', String(rule.retryAfter));
        }
        res.status(rule.status);
        for (const [name, value] of Object.entries(rule.headers ?? {})) {
          res.setHeader(name, value);
        }
        res.type(rule.contentType ?? 'application/json');
        res.send(rule.body ?? JSON.stringify({ message: `${rule.status}` }));
      };
      if (rule.delayMs) {
        const timer = setTimeout(answer, rule.delayMs);
        res.on('close', () => clearTimeout(timer));
      } else {
        answer();
      }
    };
  }
}
