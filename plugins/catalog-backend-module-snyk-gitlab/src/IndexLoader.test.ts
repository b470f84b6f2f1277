import { mockServices } from '@backstage/backend-test-utils';
import {
  RepositoryIndex,
  RepositoryIndexEntry,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import http from 'http';
import { AddressInfo } from 'net';
import { IndexLoader } from './IndexLoader';
import { RepositoryIndexCache } from './RepositoryIndexCache';

const entry = (projectId: number): RepositoryIndexEntry => ({
  host: 'gitlab.com',
  projectId,
  path: `acme/p${projectId}`,
  orgId: 'org-1',
});

type Answer = (query: URLSearchParams) => { status: number; body: object };

/** The backend's `/index`: `size` entries a page, the cursor being the next offset. */
const paged =
  (all: RepositoryIndexEntry[], size: number): Answer =>
  query => {
    const start = Number(query.get('cursor') ?? 0);
    const body: RepositoryIndex = {
      defaultHost: 'gitlab.com',
      repositories: all.slice(start, start + size),
    };
    if (start + size < all.length) body.nextCursor = String(start + size);
    return { status: 200, body };
  };

describe('IndexLoader', () => {
  let server: http.Server;
  let baseUrl: string;
  let answer: Answer;
  const requests: Array<{ query: URLSearchParams; auth?: string }> = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const query = new URL(req.url!, 'http://localhost').searchParams;
      requests.push({ query, auth: req.headers.authorization });
      const { status, body } = answer(query);
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}/api/snyk-gitlab`;
  });
  afterAll(() => new Promise(resolve => server.close(resolve)));
  beforeEach(() => {
    requests.length = 0;
  });

  const loaderFor = (cache: RepositoryIndexCache) => {
    const logger = mockServices.logger.mock();
    const loader = new IndexLoader({
      auth: mockServices.auth(),
      discovery: mockServices.discovery.mock({
        getBaseUrl: async () => baseUrl,
      }),
      logger,
      cache,
    });
    return { loader, logger };
  };

  it('follows nextCursor page by page and swaps the index in once all arrived', async () => {
    const cache = new RepositoryIndexCache();
    const { loader } = loaderFor(cache);
    const all = [11, 12, 13, 14, 15].map(entry);
    const sizeDuringLoad: number[] = [];
    const pages = paged(all, 2);
    answer = query => {
      sizeDuringLoad.push(cache.size);
      return pages(query);
    };

    // Two refreshes at once make one load.
    await Promise.all([loader.refresh(), loader.refresh()]);
    expect(requests.map(r => r.query.get('cursor'))).toEqual([null, '2', '4']);
    expect(requests.every(r => /^Bearer \S+/.test(r.auth ?? ''))).toBe(true);
    expect(sizeDuringLoad).toEqual([0, 0, 0]);
    expect(cache.loaded).toBe(true);
    expect(cache.size).toBe(5);
    expect(cache.find({ path: 'ACME/p15' })).toEqual(entry(15));
  });

  it('keeps the last good index when a load fails part way', async () => {
    const cache = new RepositoryIndexCache();
    const { loader, logger } = loaderFor(cache);
    answer = paged([entry(11), entry(12)], 5);
    await loader.refresh();
    expect(cache.size).toBe(2);

    const next = paged([21, 22, 23].map(entry), 2);
    const failures: Answer[] = [
      // The second page fails.
      q => (q.get('cursor') ? { status: 500, body: {} } : next(q)),
      // A page that is not an index.
      q => (q.get('cursor') ? { status: 200, body: { nope: 1 } } : next(q)),
      // The backend repeats a cursor: no endless loop.
      q => ({ ...next(q), body: { ...next(q).body, nextCursor: '2' } }),
    ];
    for (const failure of failures) {
      requests.length = 0;
      answer = failure;
      await loader.refresh();
      expect(requests.length).toBeLessThanOrEqual(3);
      expect(cache.size).toBe(2);
      expect(cache.find({ path: 'acme/p11' })).toEqual(entry(11));
      expect(cache.find({ path: 'acme/p21' })).toBeUndefined();
    }
    expect(logger.warn).toHaveBeenCalledTimes(3);
  });
});
