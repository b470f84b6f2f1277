import { mockServices } from '@backstage/backend-test-utils';
import {
  CANARY_PAT,
  CANARY_SNYK_TOKEN,
  ORG_ID,
  StandIns,
  startStandIns,
  testWorld,
} from '@snyk-gitlab/stand-ins';
import { fastRetry } from '../__testUtils__/retry';
import {
  parameterNames,
  requestBodyErrors,
  responseErrors,
  templateOf,
} from '../__testUtils__/snykContracts';
import { ApiError } from './http';
import {
  MAX_BROKER_CONNECTION_PAGES,
  SNYK_BROKER_CONNECTIONS_VERSION,
  SnykClient,
} from './SnykClient';

/**
 * Known gap of Snyk's v1 OpenAPI document: it types `pullRequestAssignment`
 * as a string, while Snyk's v1 reference and real answers use an object
 * `{ enabled, type, assignees }`. The client writes the object form, so
 * exactly this one error is expected wherever the object travels.
 */
const ASSIGNMENT_GAP = '/pullRequestAssignment must be string';

const connection = (i: number) => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  name: `broker-${i}`,
  connectionType: 'gitlab',
  deploymentId: '2b7e9d1c-3a4f-4e5b-9c6d-7e8f9a0b1c2d',
  ...(i % 2 ? { context: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' } : {}),
});

describe('SnykClient: integration settings and broker connections', () => {
  let standIns: StandIns;
  let integrationId: string;
  const client = () =>
    new SnykClient(
      standIns.snykUrl,
      CANARY_SNYK_TOKEN,
      '2024-10-15',
      mockServices.logger.mock(),
      fastRetry().retry,
    );
  const org = () => standIns.world.snyk.orgs[0];

  beforeEach(async () => {
    standIns = await startStandIns({ world: testWorld() });
    integrationId = await client().saveGitlabIntegration(ORG_ID, {
      token: CANARY_PAT,
      url: standIns.gitlabUrl,
    });
    standIns.faults.requests.length = 0;
  });
  afterEach(() => standIns.close());

  it('reads and writes settings, lists connections, all as the contract says', async () => {
    expect(
      await client().getIntegrationSettings(ORG_ID, integrationId),
    ).toMatchObject({
      pullRequestTestEnabled: true,
      autoDepUpgradeLimit: 5,
      autoRemediationPrs: { freshPrsEnabled: true, backlogPrsEnabled: false },
      pullRequestAssignment: { enabled: false, type: 'auto', assignees: [] },
    });
    const saved = await client().updateIntegrationSettings(
      ORG_ID,
      integrationId,
      {
        pullRequestFailOnlyForHighSeverity: true,
        autoRemediationPrs: { backlogPrsEnabled: true },
        pullRequestAssignment: {
          enabled: true,
          type: 'manual',
          assignees: ['alice'],
        },
      },
    );
    expect(saved).toMatchObject({
      pullRequestFailOnlyForHighSeverity: true,
      // The stand-in merges nested fields, as the answer shows.
      autoRemediationPrs: { freshPrsEnabled: true, backlogPrsEnabled: true },
      pullRequestAssignment: {
        enabled: true,
        type: 'manual',
        assignees: ['alice'],
      },
    });
    org().brokerConnections = Array.from({ length: 150 }, (_, i) =>
      connection(i),
    );
    const listed = await client().listBrokerConnections(ORG_ID);
    expect(listed.truncated).toBe(false);
    expect(listed.connections).toHaveLength(150);
    expect(listed.connections[1]).toEqual({
      id: connection(1).id,
      name: 'broker-1',
      connectionType: 'gitlab',
      deploymentId: connection(1).deploymentId,
      context: connection(1).context,
    });
    expect(listed.connections[0].context).toBeUndefined();

    const problems: string[] = [];
    /** Errors of v1 request bodies and answers: only the known gap is expected. */
    const v1Errors: string[] = [];
    const made = [...standIns.faults.requests];
    expect(made.map(r => `${r.method} ${r.path.split('/').pop()}`)).toEqual([
      'GET settings',
      'PUT settings',
      'GET connections',
      'GET connections',
    ]);
    for (const request of made) {
      const where = `${request.method} ${request.path}`;
      const method = request.method.toLowerCase();
      const { specId, template } = templateOf(request.path);
      if (!template) {
        problems.push(`${where}: not in the spec`);
        continue;
      }
      const allowed = parameterNames(specId, template, method);
      const query = new URLSearchParams(request.query);
      for (const name of query.keys()) {
        if (!allowed.includes(name)) {
          problems.push(`${where}: query parameter ${name} is not in the spec`);
        }
      }
      if (
        specId === 'rest' &&
        query.get('version') !== SNYK_BROKER_CONNECTIONS_VERSION
      ) {
        problems.push(`${where}: version ${query.get('version')}`);
      }
      if (method === 'put') {
        v1Errors.push(
          ...requestBodyErrors(specId, template, method, request.body).map(
            e => `body: ${e}`,
          ),
        );
      }
      // Asked again (a PUT of the same settings changes nothing) and checked.
      const res = await fetch(
        `${standIns.snykUrl}${request.path}?${request.query}`,
        {
          method: request.method,
          headers: {
            Authorization: `token ${CANARY_SNYK_TOKEN}`,
            'Content-Type': 'application/json',
          },
          body: method === 'put' ? JSON.stringify(request.body) : undefined,
        },
      );
      const errors = responseErrors(
        specId,
        template,
        method,
        res.status,
        await res.json(),
      );
      (specId === 'v1' ? v1Errors : problems).push(
        ...errors.map(e => `${where} answer: ${e}`),
      );
    }
    expect(problems).toEqual([]);
    // The settings were written in the object form: the one known gap, in the
    // body and both answers, and nothing else.
    const put = made.find(r => r.method === 'PUT')!;
    expect(put.body).toEqual({
      pullRequestFailOnlyForHighSeverity: true,
      autoRemediationPrs: { backlogPrsEnabled: true },
      pullRequestAssignment: {
        enabled: true,
        type: 'manual',
        assignees: ['alice'],
      },
    });
    expect(v1Errors).toEqual([
      `GET ${made[0].path} answer: ${ASSIGNMENT_GAP}`,
      `body: ${ASSIGNMENT_GAP}`,
      `PUT ${put.path} answer: ${ASSIGNMENT_GAP}`,
    ]);
  });

  it('reads pullRequestAssignment in the string form the OpenAPI document gives', async () => {
    const settingsPath = `/v1/org/${ORG_ID}/integrations/${integrationId}/settings`;
    const cases: Array<[unknown, unknown]> = [
      ['manual', { type: 'manual' }],
      [
        JSON.stringify({ enabled: true, type: 'auto', assignees: ['bob'] }),
        { enabled: true, type: 'auto', assignees: ['bob'] },
      ],
      ['something else', undefined],
      [
        { enabled: 'yes', type: 'sometimes', assignees: ['ok', 3] },
        {
          assignees: ['ok'],
        },
      ],
    ];
    for (const [planted, read] of cases) {
      org().integrationSettings[integrationId] = {
        pullRequestAssignment: planted,
      };
      const settings = await client().getIntegrationSettings(
        ORG_ID,
        integrationId,
      );
      expect(settings.pullRequestAssignment).toEqual(read);
    }
    // A string-form answer is what the published document allows.
    org().integrationSettings[integrationId] = {
      pullRequestAssignment: 'manual',
    };
    const res = await fetch(`${standIns.snykUrl}${settingsPath}`, {
      headers: { Authorization: `token ${CANARY_SNYK_TOKEN}` },
    });
    const { template } = templateOf(settingsPath);
    expect(
      responseErrors('v1', template!, 'get', 200, await res.json()),
    ).toEqual([]);
  });

  it('keeps only well-formed values from Snyk', async () => {
    org().integrationSettings[integrationId] = {
      pullRequestTestEnabled: 'true',
      autoDepUpgradeLimit: '5',
      autoDepUpgradeIgnoredDependencies: ['lodash', 'bad\u0000name', '', 7],
      autoRemediationPrs: { backlogPrStrategy: 'everything' },
      manualRemediationPrs: { useManualPatchRemediation: true },
    };
    const settings = await client().getIntegrationSettings(
      ORG_ID,
      integrationId,
    );
    expect(settings.pullRequestTestEnabled).toBeUndefined();
    expect(settings.autoDepUpgradeLimit).toBeUndefined();
    expect(settings.autoDepUpgradeIgnoredDependencies).toEqual([
      'lodash',
      'badname',
    ]);
    expect(settings.autoRemediationPrs).toBeUndefined();
    expect(settings.manualRemediationPrs).toEqual({
      usePatchRemediation: true,
    });

    org().brokerConnections = [
      connection(1),
      { ...connection(2), id: 'not an id' },
      { ...connection(3), name: '' },
    ];
    const { connections } = await client().listBrokerConnections(ORG_ID);
    expect(connections.map(c => c.name)).toEqual(['broker-1']);
  });

  it('follows links.next only on the API origin, and at most a bounded number of pages', async () => {
    const path = /\/brokers\/connections$/;
    standIns.faults.add({
      service: 'snyk',
      path,
      status: 200,
      times: 1,
      contentType: 'application/vnd.api+json',
      body: JSON.stringify({
        data: [],
        links: {
          next: 'https://elsewhere.example/rest/orgs/x/brokers/connections',
        },
      }),
    });
    const elsewhere = await client()
      .listBrokerConnections(ORG_ID)
      .catch(e => e);
    expect(elsewhere).toBeInstanceOf(ApiError);
    expect(standIns.faults.count('snyk', path)).toBe(1);

    standIns.faults.requests.length = 0;
    const page = (i: number) =>
      JSON.stringify({
        data: [
          {
            id: connection(i).id,
            type: 'broker_connection',
            attributes: {
              name: `broker-${i}`,
              connection_type: 'gitlab',
              deployment_id: connection(i).deploymentId,
            },
          },
        ],
        links: {
          next: `/orgs/${ORG_ID}/brokers/connections?version=${SNYK_BROKER_CONNECTIONS_VERSION}&starting_after=${
            connection(i).id
          }`,
        },
      });
    for (let i = 0; i < MAX_BROKER_CONNECTION_PAGES + 5; i++) {
      standIns.faults.add({
        service: 'snyk',
        path,
        status: 200,
        times: 1,
        contentType: 'application/vnd.api+json',
        body: page(i),
      });
    }
    const endless = await client().listBrokerConnections(ORG_ID);
    expect(endless.truncated).toBe(true);
    expect(endless.connections).toHaveLength(MAX_BROKER_CONNECTION_PAGES);
    expect(standIns.faults.count('snyk', path)).toBe(
      MAX_BROKER_CONNECTION_PAGES,
    );
  });

  it('gets 404 for an unknown integration and 400 for a wrong type', async () => {
    await expect(
      client().getIntegrationSettings(ORG_ID, 'no-such-integration'),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      client().updateIntegrationSettings(ORG_ID, integrationId, {
        autoDepUpgradeLimit: 'five' as unknown as number,
      }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      client().listBrokerConnections('00000000-0000-4000-8000-000000000000'),
    ).rejects.toMatchObject({ status: 404 });
  });
});
