import http from 'node:http';
import { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import {
  StandIns,
  startStandIns,
  CANARY_PAT,
  testWorld,
} from '@snyk-gitlab/stand-ins';
import { ApiError, HttpClient, parseRetryAfter, redact } from './http';
import { fastRetry } from '../__testUtils__/retry';

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(
      parseRetryAfter(
        'Wed, 25 Nov 2026 10:00:05 GMT',
        Date.parse('2026-11-25T10:00:00Z'),
      ),
    ).toBe(5000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('redact', () => {
  it('removes every occurrence of each secret', () => {
    expect(redact(`a ${CANARY_PAT} b ${CANARY_PAT}`, [CANARY_PAT, ''])).toBe(
      'a [redacted] b [redacted]',
    );
  });
});

describe('HttpClient', () => {
  let standIns: StandIns;
  const logger = mockServices.logger.mock();
  const url = () => `${standIns.gitlabUrl}/api/v4/personal_access_tokens/self`;
  const headers = { 'PRIVATE-TOKEN': CANARY_PAT };
  const selfPath = /personal_access_tokens/;

  beforeAll(async () => {
    standIns = await startStandIns({ world: testWorld() });
  });
  afterAll(() => standIns.close());
  beforeEach(() => {
    standIns.faults.clear();
    standIns.faults.requests.length = 0;
  });

  it('honours Retry-After on 429', async () => {
    standIns.faults.add({
      service: 'gitlab',
      path: selfPath,
      status: 429,
      retryAfter: 7,
      times: 1,
    });
    const { retry, delays } = fastRetry();
    const res = await new HttpClient(
      'GitLab',
      logger,
      [CANARY_PAT],
      retry,
    ).json<{ name: string }>({ url: url(), headers });
    expect(res.body.name).toBe('snyk');
    expect(delays).toEqual([7000]);
    expect(standIns.faults.count('gitlab')).toBe(2);
  });

  it('backs off exponentially with jitter when 429 has no Retry-After', async () => {
    standIns.faults.add({
      service: 'gitlab',
      path: selfPath,
      status: 429,
      times: 3,
    });
    const { retry, delays } = fastRetry();
    await new HttpClient('GitLab', logger, [], retry).request({
      url: url(),
      headers,
    });
    expect(delays).toHaveLength(3);
    delays.forEach((delay, attempt) => {
      const cap = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** attempt);
      expect(delay).toBeGreaterThanOrEqual(cap / 2);
      expect(delay).toBeLessThanOrEqual(cap);
    });
  });

  it.each([500, 502, 503, 504])(
    'retries GET on %i and then succeeds',
    async status => {
      standIns.faults.add({
        service: 'gitlab',
        path: selfPath,
        status,
        times: 2,
      });
      const { retry } = fastRetry();
      const res = await new HttpClient('GitLab', logger, [], retry).request({
        url: url(),
        headers,
      });
      expect(res.status).toBe(200);
      expect(standIns.faults.count('gitlab')).toBe(3);
    },
  );

  it('gives up after the last retry with the status in the error', async () => {
    standIns.faults.add({ service: 'gitlab', path: selfPath, status: 503 });
    const { retry } = fastRetry({ retries: 2 });
    await expect(
      new HttpClient('GitLab', logger, [], retry).request({
        url: url(),
        headers,
      }),
    ).rejects.toMatchObject({
      status: 503,
      message: expect.stringContaining('failed with 503'),
    });
    expect(standIns.faults.count('gitlab')).toBe(3);
  });

  it.each([400, 401, 403, 404])('never retries %i', async status => {
    standIns.faults.add({ service: 'gitlab', path: selfPath, status });
    const { retry, delays } = fastRetry();
    await expect(
      new HttpClient('GitLab', logger, [], retry).request({
        url: url(),
        headers,
      }),
    ).rejects.toBeInstanceOf(ApiError);
    expect(standIns.faults.count('gitlab')).toBe(1);
    expect(delays).toEqual([]);
  });

  it('does not retry POST on 500, but does on 429', async () => {
    const postUrl = `${standIns.snykUrl}/v1/org/x/integrations`;
    standIns.faults.add({ service: 'snyk', status: 500, times: 1 });
    const { retry } = fastRetry();
    const client = new HttpClient('Snyk', logger, [], retry);
    await expect(
      client.request({ method: 'POST', url: postUrl, body: {} }),
    ).rejects.toMatchObject({ status: 500 });
    expect(standIns.faults.count('snyk')).toBe(1);
    standIns.faults.add({
      service: 'snyk',
      status: 429,
      retryAfter: 1,
      times: 1,
    });
    await expect(
      client.request({ method: 'POST', url: postUrl, body: {} }),
    ).rejects.toMatchObject({ status: 401 });
    expect(standIns.faults.count('snyk')).toBe(3);
  });

  it('fails a call whose Retry-After is longer than it will wait', async () => {
    standIns.faults.add({
      service: 'gitlab',
      path: selfPath,
      status: 429,
      retryAfter: 3600,
    });
    const { retry, delays } = fastRetry();
    await expect(
      new HttpClient('GitLab', logger, [], retry).request({
        url: url(),
        headers,
      }),
    ).rejects.toThrow('rate limited for 3600 s');
    expect(delays).toEqual([]);
  });

  it('times out a slow answer and retries it', async () => {
    standIns.faults.add({
      service: 'gitlab',
      path: selfPath,
      delayMs: 10_000,
      times: 1,
    });
    // Long enough for the retry's answer on a loaded machine.
    const { retry } = fastRetry({ timeoutMs: 1000 });
    const res = await new HttpClient('GitLab', logger, [], retry).request({
      url: url(),
      headers,
    });
    expect(res.status).toBe(200);
    expect(standIns.faults.requests.map(r => r.status)).toEqual([0, 200]);
  });

  it('reports a timeout when every attempt is too slow', async () => {
    standIns.faults.add({ service: 'gitlab', path: selfPath, delayMs: 1000 });
    const { retry } = fastRetry({ timeoutMs: 100, retries: 1 });
    await expect(
      new HttpClient('GitLab', logger, [], retry).request({
        url: url(),
        headers,
      }),
    ).rejects.toThrow('timed out after 100 ms');
  });

  it('reports truncated JSON as invalid JSON', async () => {
    standIns.faults.add({
      service: 'gitlab',
      path: selfPath,
      status: 200,
      body: '{"name": "sn',
    });
    const { retry } = fastRetry();
    await expect(
      new HttpClient('GitLab', logger, [], retry).json({ url: url(), headers }),
    ).rejects.toThrow(
      'GitLab GET /api/v4/personal_access_tokens/self returned invalid JSON',
    );
  });

  it('never puts a secret echoed by the server into its error', async () => {
    standIns.faults.add({
      service: 'gitlab',
      path: selfPath,
      status: 400,
      body: JSON.stringify({ message: `bad token ${CANARY_PAT}` }),
    });
    const { retry } = fastRetry();
    const error = await new HttpClient('GitLab', logger, [CANARY_PAT], retry)
      .request({ url: url(), headers })
      .catch(e => e);
    expect(error.message).toContain('bad token [redacted]');
    expect(error.message).not.toContain(CANARY_PAT);
  });

  describe('body caps', () => {
    const TOTAL = 64 * 1024 * 1024;
    let server: http.Server;
    let base: string;
    let written = 0;

    beforeAll(async () => {
      server = http.createServer((req, res) => {
        written = 0;
        if (req.url === '/declared') {
          // Declares a huge body and never sends it.
          res.writeHead(200, { 'Content-Length': String(TOTAL) });
          res.flushHeaders();
          return;
        }
        // Streams up to 64 MiB without a length, as long as the client reads.
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        const chunk = Buffer.alloc(64 * 1024, 'x');
        const pump = () => {
          while (written < TOTAL) {
            written += chunk.length;
            if (!res.write(chunk)) {
              res.once('drain', pump);
              return;
            }
          }
          res.end();
        };
        res.on('close', () => res.removeAllListeners('drain'));
        pump();
      });
      await new Promise<void>(resolve =>
        server.listen(0, '127.0.0.1', resolve),
      );
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => {
      server.closeAllConnections();
      return new Promise(resolve => server.close(resolve));
    });

    it('cuts a stream at the cap instead of reading it whole', async () => {
      const { retry } = fastRetry();
      const error = await new HttpClient('GitLab', logger, [], retry)
        .request({ url: `${base}/stream`, maxBytes: 1024 * 1024 })
        .catch(e => e);
      expect(error).toBeInstanceOf(ApiError);
      expect(error.tooLarge).toBe(true);
      expect(error.message).toBe(
        'GitLab GET /stream answered more than 1048576 bytes',
      );
      // The server was stopped long before it could send everything.
      expect(written).toBeLessThan(TOTAL / 4);
    });

    it('refuses a declared Content-Length over the cap without reading', async () => {
      const { retry } = fastRetry();
      await expect(
        new HttpClient('GitLab', logger, [], retry).request({
          url: `${base}/declared`,
          maxBytes: 1024,
        }),
      ).rejects.toMatchObject({ tooLarge: true });
    });
  });
});
