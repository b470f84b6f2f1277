import {
  CANARY_SNYK_TOKEN,
  ORG_ID,
  StandIns,
  startStandIns,
  testWorld,
} from './index';

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

describe('Snyk stand-in: rate limit', () => {
  let standIns: StandIns;
  const self = (token = CANARY_SNYK_TOKEN) =>
    fetch(`${standIns.snykUrl}/rest/self?version=2024-10-15`, {
      headers: { Authorization: `token ${token}` },
    });
  const statuses = async (n: number, token?: string) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await self(token)).status);
    return out;
  };

  afterEach(() => standIns.close());

  it('is off by default', async () => {
    standIns = await startStandIns({ world: testWorld() });
    expect(new Set(await statuses(30))).toEqual(new Set([200]));
  });

  it('answers 429 without Retry-After once a token is over its limit, until requests stop for quietMs', async () => {
    const world = testWorld();
    world.snyk.tokens.push('other-token');
    standIns = await startStandIns({
      world,
      snykRateLimit: { limit: 3, windowMs: 60_000, quietMs: 1000 },
    });
    expect(await statuses(3)).toEqual([200, 200, 200]);
    const limited = await self();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeNull();
    expect(limited.headers.get('content-type')).toContain(
      'application/vnd.api+json',
    );
    expect(await limited.json()).toMatchObject({
      errors: [{ status: '429' }],
    });
    // Per token: another token is still served.
    expect(await statuses(1, 'other-token')).toEqual([200]);
    // Requests that keep coming keep the window closed, well past quietMs.
    for (let i = 0; i < 12; i++) {
      await sleep(100);
      expect((await self()).status).toBe(429);
    }
    // A quiet period opens it again, with a fresh count.
    await sleep(1100);
    expect(await statuses(4)).toEqual([200, 200, 200, 429]);
    expect(
      standIns.faults.requests.filter(r => r.status === 429).length,
    ).toBeGreaterThanOrEqual(7);
  }, 30_000);

  it('can be turned on, scoped by path, and off again through the faults', async () => {
    standIns = await startStandIns({ world: testWorld() });
    standIns.faults.rateLimit('snyk', { limit: 1, path: /^\/rest\// });
    expect(await statuses(2)).toEqual([200, 429]);
    const v1 = await fetch(
      `${standIns.snykUrl}/v1/org/${ORG_ID}/integrations`,
      {
        headers: { Authorization: `token ${CANARY_SNYK_TOKEN}` },
      },
    );
    expect(v1.status).toBe(200);
    standIns.faults.rateLimit('snyk', undefined);
    expect(await statuses(2)).toEqual([200, 200]);
  });
});

describe('Snyk stand-in: exclude_empty on GET /orgs/{org_id}/targets', () => {
  let standIns: StandIns;
  beforeEach(async () => {
    standIns = await startStandIns({ world: testWorld() });
    standIns.world.snyk.orgs[0].targets = [
      {
        id: 'a0f1c2d3-0000-4000-8000-000000000001',
        displayName: 'acme/api',
        url: `${standIns.gitlabUrl}/acme/api`,
        integrationType: 'gitlab',
        projects: [
          {
            id: 'a0f1c2d3-0000-4000-8000-0000000000aa',
            name: 'acme/api',
            type: 'sast',
            targetFile: '',
            branch: 'main',
            issueCounts: { critical: 0, high: 0, medium: 0, low: 0 },
          },
        ],
      },
      {
        id: 'a0f1c2d3-0000-4000-8000-000000000002',
        displayName: 'acme/team/web',
        url: `${standIns.gitlabUrl}/acme/team/web`,
        integrationType: 'gitlab',
        projects: [],
      },
    ];
  });
  afterEach(() => standIns.close());

  const names = async (query: string) => {
    const res = await fetch(
      `${standIns.snykUrl}/rest/orgs/${ORG_ID}/targets?version=2024-10-15${query}`,
      { headers: { Authorization: `token ${CANARY_SNYK_TOKEN}` } },
    );
    expect(res.status).toBe(200);
    return (await res.json()).data.map((t: any) => t.attributes.display_name);
  };

  it('hides targets without projects unless exclude_empty=false, as Snyk does', async () => {
    expect(await names('')).toEqual(['acme/api']);
    expect(await names('&exclude_empty=true')).toEqual(['acme/api']);
    expect(await names('&exclude_empty=false')).toEqual([
      'acme/api',
      'acme/team/web',
    ]);
    expect(
      await names('&exclude_empty=false&display_name=acme%2Fteam%2Fweb'),
    ).toEqual(['acme/team/web']);
  });
});
