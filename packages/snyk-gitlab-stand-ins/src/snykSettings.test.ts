import { startStandIns, StandIns } from './server';
import { SNYK_SETTINGS_DEFAULTS } from './snykSettings';
import { CANARY_SNYK_TOKEN, ORG_ID, testWorld } from './testWorld';
import { DEMO_FIXTURE_DIR, loadWorld } from './index';

const INTEGRATION_ID = '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c';
const auth = { Authorization: `token ${CANARY_SNYK_TOKEN}` };

describe("the Snyk stand-in's integration settings and broker connections", () => {
  let standIns: StandIns;
  const settingsUrl = (integrationId = INTEGRATION_ID) =>
    `${standIns.snykUrl}/v1/org/${ORG_ID}/integrations/${integrationId}/settings`;
  const put = (body: unknown) =>
    fetch(settingsUrl(), {
      method: 'PUT',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const connections = (query: string) =>
    fetch(
      `${standIns.snykUrl}/rest/orgs/${ORG_ID}/brokers/connections?${query}`,
      { headers: auth },
    );

  beforeEach(async () => {
    const world = testWorld();
    world.snyk.orgs[0].integrations.gitlab = INTEGRATION_ID;
    standIns = await startStandIns({ world });
  });
  afterEach(() => standIns.close());

  it("answers Snyk's defaults, merges a PUT and answers every setting", async () => {
    const first = await fetch(settingsUrl(), { headers: auth });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual(SNYK_SETTINGS_DEFAULTS);

    const saved = await put({
      autoDepUpgradeEnabled: true,
      autoRemediationPrs: { backlogPrsEnabled: true },
      notASetting: 1,
    });
    expect(saved.status).toBe(200);
    const body = await saved.json();
    expect(body).toEqual({
      ...SNYK_SETTINGS_DEFAULTS,
      autoDepUpgradeEnabled: true,
      autoRemediationPrs: {
        ...SNYK_SETTINGS_DEFAULTS.autoRemediationPrs,
        backlogPrsEnabled: true,
      },
    });
    expect(
      await (await fetch(settingsUrl(), { headers: auth })).json(),
    ).toEqual(body);
  });

  it('refuses wrong types (400), unknown integrations (404) and other tokens (401)', async () => {
    for (const [bad, field] of [
      [{ pullRequestTestEnabled: 'yes' }, 'pullRequestTestEnabled'],
      [{ autoDepUpgradeLimit: '5' }, 'autoDepUpgradeLimit'],
      [
        { autoDepUpgradeIgnoredDependencies: [1] },
        'autoDepUpgradeIgnoredDependencies',
      ],
      [
        { autoRemediationPrs: { backlogPrStrategy: 'all' } },
        'autoRemediationPrs.backlogPrStrategy',
      ],
      [{ pullRequestAssignment: 'manual' }, 'pullRequestAssignment'],
      [
        { pullRequestAssignment: { type: 'sometimes' } },
        'pullRequestAssignment.type',
      ],
    ] as const) {
      const res = await put(bad);
      expect(res.status).toBe(400);
      expect((await res.json()).message).toContain(field);
    }
    expect(
      (await fetch(settingsUrl('unknown'), { headers: auth })).status,
    ).toBe(404);
    expect((await fetch(settingsUrl())).status).toBe(401);
  });

  it('pages broker connections with limit and starting_after, as JSON:API', async () => {
    standIns.world.snyk.orgs[0].brokerConnections = Array.from(
      { length: 12 },
      (_, i) => ({
        id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        name: `broker-${i}`,
        connectionType: 'gitlab',
        deploymentId: '2b7e9d1c-3a4f-4e5b-9c6d-7e8f9a0b1c2d',
      }),
    );
    const first = await connections('version=2024-10-15');
    expect(first.headers.get('content-type')).toContain(
      'application/vnd.api+json',
    );
    const page1 = await first.json();
    expect(page1.data).toHaveLength(10);
    expect(page1.data[0]).toEqual({
      id: '00000000-0000-4000-8000-000000000000',
      type: 'broker_connection',
      attributes: {
        name: 'broker-0',
        connection_type: 'gitlab',
        deployment_id: '2b7e9d1c-3a4f-4e5b-9c6d-7e8f9a0b1c2d',
      },
    });
    const next = new URL(page1.links.next, 'http://x');
    expect(next.searchParams.get('starting_after')).toBe(page1.data[9].id);
    const page2 = await (await connections(next.search.slice(1))).json();
    expect(page2.data.map((c: any) => c.attributes.name)).toEqual([
      'broker-10',
      'broker-11',
    ]);
    expect(page2.links.next).toBeUndefined();
    expect(
      (await (await connections('version=2024-10-15&limit=5')).json()).data,
    ).toHaveLength(5);

    expect((await connections('version=2024-10-15&limit=0')).status).toBe(400);
    expect((await connections('version=2024-10-15&limit=101')).status).toBe(
      400,
    );
    // Released GA on 2024-10-15, experimental before: older GA versions find nothing.
    expect((await connections('version=2024-06-01')).status).toBe(404);
    expect((await connections('version=2024-06-01~experimental')).status).toBe(
      200,
    );
    expect((await connections('')).status).toBe(400);
  });

  it('lists none by default; the demo world has one', async () => {
    const res = await connections('version=2024-10-15');
    expect((await res.json()).data).toEqual([]);
    expect(loadWorld(DEMO_FIXTURE_DIR).snyk.orgs[0].brokerConnections).toEqual([
      expect.objectContaining({ name: 'acme-gitlab-internal' }),
    ]);
  });
});
