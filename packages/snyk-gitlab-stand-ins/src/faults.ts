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
}

/** Injected failures and a record of every request, shared by both stand-ins. */
export class Faults {
  private readonly rules: Fault[] = [];
  readonly requests: RecordedRequest[] = [];

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
      const record = {
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
      });
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
