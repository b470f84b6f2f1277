import { DEMO_FIXTURE_DIR, loadWorld, startStandIns } from './index';

describe('loadWorld', () => {
  it('reads world.yaml and each project file under repos/', () => {
    const world = loadWorld(DEMO_FIXTURE_DIR);
    expect(world.gitlab.projects.map(p => p.path)).toEqual([
      'acme/payments/checkout-api',
      'acme/payments/ledger',
      'acme/platform/web-portal',
      'acme/platform/infra-scripts',
    ]);
    expect(Object.keys(world.gitlab.projects[0].files).sort()).toEqual([
      'catalog-info.yaml',
      'package.json',
    ]);
    expect(world.gitlab.projects[2].files['catalog-info.yaml']).toBeUndefined();
    expect(world.snyk.orgs[0]).toMatchObject({
      name: 'Acme Payments',
      slug: 'acme-payments',
      targets: [],
    });
  });
});

describe('startStandIns', () => {
  it('serves the fixture world over HTTP and follows the contracts', async () => {
    const standIns = await startStandIns({ fixtureDir: DEMO_FIXTURE_DIR });
    try {
      const pat = { 'PRIVATE-TOKEN': standIns.world.gitlab.tokens[0].token };
      const unauthorized = await fetch(
        `${standIns.gitlabUrl}/api/v4/projects?pagination=keyset&order_by=id`,
      );
      expect(unauthorized.status).toBe(401);

      const page = await fetch(
        `${standIns.gitlabUrl}/api/v4/groups/acme%2Fpayments/projects?per_page=1`,
        { headers: pat },
      );
      expect(page.headers.get('x-total')).toBe('2');
      expect(page.headers.get('x-next-page')).toBe('2');
      expect(page.headers.get('link')).toContain('page=2>; rel="next"');

      const snykToken = {
        Authorization: `token ${standIns.world.snyk.tokens[0]}`,
      };
      const noVersion = await fetch(`${standIns.snykUrl}/rest/self`, {
        headers: snykToken,
      });
      expect(noVersion.status).toBe(400);
      const self = await fetch(
        `${standIns.snykUrl}/rest/self?version=2024-10-15`,
        { headers: snykToken },
      );
      expect(self.headers.get('content-type')).toContain(
        'application/vnd.api+json',
      );

      standIns.faults.add({
        service: 'snyk',
        status: 429,
        retryAfter: 3,
        times: 1,
      });
      const limited = await fetch(
        `${standIns.snykUrl}/rest/self?version=2024-10-15`,
        { headers: snykToken },
      );
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('3');
      expect(standIns.faults.count('snyk')).toBe(3);
    } finally {
      await standIns.close();
    }
  });
});

describe("a Snyk group's inventory (Assets API, beta)", () => {
  it('answers the repositories Snyk synced, refuses other tokens and groups', async () => {
    const standIns = await startStandIns({ fixtureDir: DEMO_FIXTURE_DIR });
    const [group] = standIns.world.snyk.groups;
    const search = (
      groupId: string,
      body: unknown,
      options: { token?: string; version?: string } = {},
    ) =>
      fetch(
        `${standIns.snykUrl}/rest/groups/${groupId}/assets/search?version=${
          options.version ?? '2024-10-15~beta'
        }`,
        {
          method: 'POST',
          headers: {
            Authorization: `token ${
              options.token ?? standIns.world.snyk.tokens[0]
            }`,
            'Content-Type': 'application/vnd.api+json',
          },
          body: JSON.stringify(body),
        },
      );
    try {
      // The demo group has synced every GitLab project, catalog files read.
      expect(group.assets.map(a => a.path)).toHaveLength(4);
      const res = await search(group.id, {
        query: {
          attributes: {
            operator: 'and',
            values: [
              { attribute: 'type', operator: 'equal', values: ['repository'] },
              {
                attribute: 'repository_url',
                operator: 'starts_with',
                values: [`${standIns.gitlabUrl}/acme/payments/`],
              },
            ],
          },
        },
      });
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.data.map((a: any) => a.attributes.name)).toEqual([
        'acme/payments/checkout-api',
        'acme/payments/ledger',
      ]);
      expect(body.data[0]).toMatchObject({
        type: 'repository',
        attributes: {
          repository_url: `${standIns.gitlabUrl}/acme/payments/checkout-api`,
          updated_at: '2026-11-22T06:00:00Z',
          repository_freshness: 'Active',
          app_context: { catalog_name: 'checkout-api' },
        },
      });

      // A GA version finds no endpoint: it is released only as a beta.
      expect(
        (await search(group.id, {}, { version: '2024-10-15' })).status,
      ).toBe(404);
      expect(
        (await search('00000000-0000-4000-8000-000000000000', {})).status,
      ).toBe(404);
      group.tokens = [];
      const refused = await search(group.id, {});
      expect(refused.status).toBe(403);
      expect((await refused.json()).errors[0].status).toBe('403');
    } finally {
      await standIns.close();
    }
  });
});
