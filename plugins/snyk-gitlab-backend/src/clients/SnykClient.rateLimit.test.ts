import { mockServices } from '@backstage/backend-test-utils';
import {
  CANARY_SNYK_TOKEN,
  ORG_ID,
  StandIns,
  startStandIns,
  testWorld,
} from '@snyk-gitlab/stand-ins';
import { fastRetry } from '../__testUtils__/retry';
import { RateLimitedError, RetryOptions } from './http';
import { SnykClient } from './SnykClient';

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

describe("SnykClient against Snyk's rate limit (429 without Retry-After)", () => {
  let standIns: StandIns;
  const client = (retry: RetryOptions = fastRetry().retry) =>
    new SnykClient(
      standIns.snykUrl,
      CANARY_SNYK_TOKEN,
      '2024-10-15',
      mockServices.logger.mock(),
      retry,
    );
  const rest = () => standIns.faults.count('snyk', /^\/rest\//);

  afterEach(() => standIns.close());

  it('does not retry: it stops calling Snyk for the pause and says until when', async () => {
    standIns = await startStandIns({
      world: testWorld(),
      snykRateLimit: { limit: 2, path: /^\/rest\// },
    });
    const snyk = client();
    await snyk.self();
    await snyk.self();
    const before = Date.now();
    const error = await snyk.self().catch(e => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ service: 'Snyk', status: 429 });
    expect(error.message).toMatch(
      /^Snyk is rate limiting this token: GET \/rest\/self answered 429 without Retry-After; no Snyk call before \S+Z, the next sync tries again$/,
    );
    // A minute by default: the quiet time Snyk needs to serve the token again.
    expect(error.retryAt.getTime()).toBeGreaterThanOrEqual(before + 60_000);
    expect(error.retryAt.getTime()).toBeLessThanOrEqual(Date.now() + 60_000);
    expect(snyk.rateLimitedUntil()).toEqual(error.retryAt);
    // One request answered 429, none retried.
    expect(rest()).toBe(3);

    // Every later call fails at once, without a request that would keep Snyk's window closed.
    await expect(snyk.listGitlabTargets(ORG_ID)).rejects.toThrow(
      `Snyk is rate limiting this token: GET /rest/orgs/${ORG_ID}/targets was not sent; no Snyk call before ${error.retryAt.toISOString()}`,
    );
    await expect(snyk.findGitlabIntegration(ORG_ID)).rejects.toBeInstanceOf(
      RateLimitedError,
    );
    expect(standIns.faults.requests).toHaveLength(3);
  });

  it('calls Snyk again after the pause, once the limit has seen no request for its quiet time', async () => {
    standIns = await startStandIns({
      world: testWorld(),
      snykRateLimit: { limit: 1, quietMs: 200, path: /^\/rest\// },
    });
    const snyk = client(fastRetry({ rateLimitPauseMs: 400 }).retry);
    await snyk.self();
    await expect(snyk.self()).rejects.toBeInstanceOf(RateLimitedError);
    await expect(snyk.self()).rejects.toBeInstanceOf(RateLimitedError);
    expect(rest()).toBe(2);
    await sleep(450);
    expect(snyk.rateLimitedUntil()).toBeUndefined();
    await expect(snyk.self()).resolves.toMatchObject({
      name: 'Stand-in User',
    });
    expect(standIns.faults.requests.map(r => r.status)).toEqual([
      200, 429, 200,
    ]);
  });

  it('still retries a 429 that says when with Retry-After', async () => {
    standIns = await startStandIns({ world: testWorld() });
    standIns.faults.add({
      service: 'snyk',
      status: 429,
      retryAfter: 2,
      times: 1,
    });
    const { retry, delays } = fastRetry();
    const snyk = client(retry);
    await expect(snyk.self()).resolves.toMatchObject({
      id: expect.any(String),
    });
    expect(delays).toEqual([2000]);
    expect(snyk.rateLimitedUntil()).toBeUndefined();
  });

  it('pauses for a Retry-After longer than it waits, instead of calling again', async () => {
    standIns = await startStandIns({ world: testWorld() });
    standIns.faults.add({
      service: 'snyk',
      status: 429,
      retryAfter: 120,
      times: 1,
    });
    const { retry, delays } = fastRetry();
    const snyk = client(retry);
    const before = Date.now();
    const error = await snyk.self().catch(e => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.message).toContain('answered 429 with Retry-After 120 s');
    expect(error.retryAt.getTime()).toBeGreaterThanOrEqual(before + 120_000);
    expect(delays).toEqual([]);
    await expect(snyk.self()).rejects.toBeInstanceOf(RateLimitedError);
    expect(standIns.faults.requests).toHaveLength(1);
  });
});
