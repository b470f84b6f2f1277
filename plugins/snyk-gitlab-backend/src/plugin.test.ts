import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  TestDatabaseId,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { ServiceFactory } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizePermissionRequest,
  AuthorizeResult,
} from '@backstage/plugin-permission-common';
import {
  StandIns,
  startStandIns,
  CANARY_PAT,
  CANARY_SNYK_TOKEN,
  GROUP_ID,
  ORG_ID,
  syncSnykInventory,
  testConfig,
  testWorld,
} from '@snyk-gitlab/stand-ins';
import { Knex } from 'knex';
import request from 'supertest';
import { snykGitlabPlugin } from './plugin';
import { RecordingLogger } from './__testUtils__/RecordingLogger';
import { createTestDatabases } from './__testUtils__/databases';
import { clearTables, PLUGIN_TABLES } from './__testUtils__/services';

const databases = createTestDatabases();
const ADMIN = mockCredentials.user.header('user:default/admin');
const OUTSIDER = mockCredentials.user.header('user:default/outsider');
const SERVICE = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('plugin:catalog'),
  targetPluginId: 'snyk-gitlab',
});

function component(name: string, slug?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: slug ? { 'gitlab.com/project-slug': slug } : {},
    },
    spec: {},
  };
}

/** The catalog as each caller may read it: the outsider may read nothing. */
const ENTITIES = [
  component('api', 'acme/api'),
  // An author's entity claiming another team's repository by annotation.
  component('claims-api', 'acme/api'),
  component('web', 'acme/team/web'),
  component('worker'),
];

function catalogFactory() {
  return catalogServiceMock.mock({
    getEntityByRef: async (ref, options) => {
      const principal = (options as any)?.credentials?.principal;
      if (principal?.userEntityRef === 'user:default/outsider')
        return undefined;
      return ENTITIES.find(
        e => `component:default/${e.metadata.name}` === String(ref),
      );
    },
  }).factory;
}

describe.each(databases.eachSupportedId())(
  'snyk-gitlab REST API on %s',
  databaseId => {
    let knex: Knex;
    let standIns: StandIns;
    let logger: RecordingLogger;
    const responses: string[] = [];

    /** Permission requests, to check what was asked and on which resource. */
    const asked: AuthorizePermissionRequest[] = [];

    /** A backend whose policy allows everything, nothing, or the permissions named. */
    async function backend(
      allow:
        | AuthorizeResult.ALLOW
        | AuthorizeResult.DENY
        | string[] = AuthorizeResult.ALLOW,
      config: object = testConfig(standIns),
      extra: ServiceFactory[] = [],
    ) {
      const decide = (name: string) =>
        (
          Array.isArray(allow)
            ? allow.includes(name)
            : allow === AuthorizeResult.ALLOW
        )
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY;
      const { server } = await startTestBackend({
        features: [
          snykGitlabPlugin,
          mockServices.rootConfig.factory({ data: config }),
          mockServices.database.factory({ knex }),
          mockServices.permissions.mock({
            authorize: async requests => {
              asked.push(...(requests as AuthorizePermissionRequest[]));
              return requests.map(r => ({ result: decide(r.permission.name) }));
            },
          }).factory,
          catalogFactory(),
          ...extra,
          createServiceFactory({
            service: coreServices.rootLogger,
            deps: {},
            factory: () => logger,
          }),
        ],
      });
      // Every response body and header is kept and searched for secrets at the end.
      const record = (res: request.Response) => {
        responses.push(JSON.stringify(res.headers), res.text);
        return res;
      };
      return {
        get: (path: string, auth = ADMIN) =>
          request(server)
            .get(`/api/snyk-gitlab${path}`)
            .set('Authorization', auth)
            .then(record),
        put: (path: string, body?: object, auth = ADMIN) =>
          request(server)
            .put(`/api/snyk-gitlab${path}`)
            .set('Authorization', auth)
            .send(body)
            .then(record),
        putRaw: (path: string, text: string) =>
          request(server)
            .put(`/api/snyk-gitlab${path}`)
            .set('Authorization', ADMIN)
            .set('Content-Type', 'application/json')
            .send(text)
            .then(record),
        post: (path: string, body?: object, auth = ADMIN) =>
          request(server)
            .post(`/api/snyk-gitlab${path}`)
            .set('Authorization', auth)
            .send(body)
            .then(record),
      };
    }

    beforeAll(async () => {
      knex = await databases.init(databaseId as TestDatabaseId);
      logger = new RecordingLogger();
    });
    beforeEach(async () => {
      standIns = await startStandIns({ world: testWorld() });
      asked.length = 0;
      if (await knex.schema.hasTable('repositories')) {
        await clearTables(knex);
      }
    });
    afterEach(() => standIns.close());

    it('walks the guide: group save, sync, org save, import', async () => {
      const api = await backend();
      const host = new URL(standIns.gitlabUrl).host;
      let state = (await api.get('/state')).body;
      expect(state).toMatchObject({
        snykConfigured: true,
        repositoryCount: 0,
        orgs: [{ orgId: ORG_ID, status: 'not_configured' }],
      });
      expect(state.group).toBeUndefined();

      const saved = await api.put('/integrations/group', {
        profileName: 'Acme GitLab',
        host,
      });
      expect(saved.status).toBe(200);
      expect(saved.body).toMatchObject({
        status: 'partially_connected',
        catalog: { filename: 'catalog-info.yaml' },
      });

      expect((await api.post('/sync')).status).toBe(202);
      state = (await api.get('/state')).body;
      expect(state.group.status).toBe('connected');
      expect(state.repositoryCount).toBe(3);
      expect(state.tokens.find((t: any) => t.host === host)).toMatchObject({
        ok: true,
        missingScopes: [],
      });

      const entity = '/entity-status?entityRef=component:default/api';
      expect((await api.get(entity)).body.org.status).toBe('not_configured');
      const org = await api.put(`/integrations/orgs/${ORG_ID}`);
      expect(org.body).toMatchObject({
        status: 'connected',
        snykIntegrationId: expect.any(String),
      });
      // The page shows the change at once, though the settings are cached.
      expect((await api.get(entity)).body.org.status).toBe('connected');

      const job = await api.post('/imports', {
        entityRef: 'component:default/api',
      });
      expect(job.status).toBe(202);
      expect(job.body).toMatchObject({
        status: 'pending',
        path: 'acme/api',
        createdBy: 'user:default/admin',
      });
      // The import permission is asked on the entity, so a policy can scope it.
      expect(
        asked.find(r => r.permission.name === 'snyk-gitlab.repository.import'),
      ).toMatchObject({ resourceRef: 'component:default/api' });
      // However often callers ask, Snyk is polled at most once per interval.
      const polls = () => standIns.faults.count('snyk', /\/import\/[^/]+$/);
      for (let i = 0; i < 5; i++) {
        expect((await api.get(`/imports/${job.body.id}`)).body.status).toBe(
          'pending',
        );
      }
      expect(polls()).toBe(1);
      // The interval passes; the stand-in completes the job at its second poll.
      await knex('import_jobs').update({ polled_at: null });
      const targetCalls = standIns.faults.count('snyk', /\/targets$/);
      expect((await api.get(`/imports/${job.body.id}`)).body.status).toBe(
        'complete',
      );
      expect(polls()).toBe(2);
      // Completion refreshes only this repository's target.
      expect(standIns.faults.count('snyk', /\/targets$/)).toBe(targetCalls + 1);
      expect(
        standIns.faults.requests
          .filter(r => r.service === 'snyk' && /\/targets$/.test(r.path))
          .pop()?.query,
      ).toContain('display_name=acme%2Fapi');

      const status = await api.get(
        '/entity-status?entityRef=component:default/api',
      );
      expect(status.body).toMatchObject({
        group: { status: 'connected' },
        org: { status: 'connected' },
        repository: {
          path: 'acme/api',
          catalogFile: { present: true, attributes: { catalogName: 'api' } },
        },
        target: {
          displayName: 'acme/api',
          projects: [
            expect.objectContaining({ issueCounts: expect.any(Object) }),
          ],
        },
        importJob: { status: 'complete' },
      });
      const bySlug = await api.get(
        `/entity-status?projectSlug=acme/team/web&host=${encodeURIComponent(
          host,
        )}`,
      );
      expect(bySlug.body.repository.catalogFile.present).toBe(false);
      expect(bySlug.body.target).toBeUndefined();

      const audit = await api.get('/audit');
      expect(audit.body.items.map((i: any) => i.action)).toEqual([
        'repository.import',
        'org.save',
        'sync.trigger',
        'group.save',
      ]);
    });

    it('answers 401 without credentials', async () => {
      const api = await backend();
      const none = mockCredentials.none.header();
      expect((await api.get('/state', none)).status).toBe(401);
      expect(
        (
          await api.put(
            '/integrations/group',
            { profileName: 'x', host: 'gitlab.com' },
            none,
          )
        ).status,
      ).toBe(401);
      expect((await api.post('/sync', {}, none)).status).toBe(401);
    });

    it('answers 403 to users without the permission and changes nothing', async () => {
      const api = await backend(AuthorizeResult.DENY);
      const host = new URL(standIns.gitlabUrl).host;
      const denied = await api.put('/integrations/group', {
        profileName: 'Acme',
        host,
      });
      expect(denied.status).toBe(403);
      expect(denied.body.error.message).toBe(
        'You are not allowed to snyk-gitlab.integration.manage',
      );
      expect((await api.post('/sync')).status).toBe(403);
      expect((await api.put(`/integrations/orgs/${ORG_ID}`)).status).toBe(403);
      expect((await api.post('/imports', { path: 'acme/api' })).status).toBe(
        403,
      );
      expect(
        (await api.post('/imports', { entityRef: 'component:default/api' }))
          .status,
      ).toBe(403);
      const rows = await knex('audit_log').orderBy('id');
      expect(rows.map(r => [r.actor, r.action])).toEqual([
        ['user:default/admin', 'group.save.denied'],
        ['user:default/admin', 'sync.trigger.denied'],
        ['user:default/admin', 'org.save.denied'],
        ['user:default/admin', 'repository.import.denied'],
        ['user:default/admin', 'repository.import.denied'],
      ]);
      expect((await api.get('/state')).body).toEqual({
        snykConfigured: true,
        readable: false,
        groupStatus: 'not_configured',
        groups: [],
        orgs: [],
        tokens: [],
        gitlabHosts: [],
      });
      expect(standIns.faults.requests).toEqual([]);
    });

    it.each([
      [{ host: 'gitlab.com' }, 'profileName: Required'],
      [
        { profileName: 'x', host: 'not a host' },
        'host: must be a host name such as gitlab.com',
      ],
      [
        { profileName: 'x', host: 'gitlab.com', extra: 1 },
        "Unrecognized key(s) in object: 'extra'",
      ],
      [
        { profileName: 'x'.repeat(101), host: 'gitlab.com' },
        'profileName: String must contain at most 100',
      ],
      [
        {
          profileName: 'x',
          host: 'gitlab.com',
          catalog: { filename: '../etc/passwd.yaml' },
        },
        'catalog.filename: must be a file name at the repository root, without folders',
      ],
      [
        {
          profileName: 'x',
          host: 'gitlab.com',
          catalog: { filename: 'k8s/db-secret.yaml' },
        },
        'catalog.filename: must be a file name at the repository root, without folders',
      ],
      [
        {
          profileName: 'x',
          host: 'gitlab.com',
          catalog: { attributes: { owner: 'stringData.DB_PASSWORD' } },
        },
        'catalog.attributes.owner: field path "stringData.DB_PASSWORD" must be under metadata. or spec.',
      ],
      [
        {
          profileName: 'x',
          host: 'gitlab.com',
          catalog: { attributes: { owner: ['spec.owner', 'data.owner'] } },
        },
        'catalog.attributes.owner.1: field path "data.owner" must be under metadata. or spec.',
      ],
      [
        { profileName: 'a\u0000b', host: 'gitlab.com' },
        'profileName: must not contain control characters',
      ],
      [
        {
          profileName: 'x',
          host: 'gitlab.com',
          catalog: {
            attributes: { owner: ['spec.owner', 'spec.team', 'spec.lead'] },
          },
        },
        'catalog.attributes.owner: Snyk takes a field and one alternate field name',
      ],
      [
        {
          profileName: 'x',
          host: 'gitlab.com',
          catalog: { filename: 'catalog.json' },
        },
        'catalog.filename: must be a .yaml or .yml file',
      ],
      [
        {
          profileName: 'x',
          host: 'gitlab.com',
          catalog: { attributes: { owner: 'spec..owner' } },
        },
        'catalog.attributes.owner: field path has an empty key',
      ],
      [
        {
          profileName: 'x',
          host: 'gitlab.com',
          catalog: { attributes: { colour: 'spec.colour' } },
        },
        'catalog.attributes.colour',
      ],
      [
        { profileName: 'x', host: 'gitlab.com', catalog: { enabled: 'yes' } },
        'catalog.enabled: Expected boolean, received string',
      ],
      [
        { profileName: 'x', host: 'git.unknown.example' },
        'host: git.unknown.example is not a GitLab host in integrations.gitlab',
      ],
    ])(
      'rejects the group integration %j with a 400 naming the field',
      async (body, message) => {
        const api = await backend();
        const res = await api.put('/integrations/group', body);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toContain(message);
        expect((await api.get('/state')).body.group).toBeUndefined();
      },
    );

    it('refuses the catalog option with no attribute selected, as Snyk does', async () => {
      const api = await backend();
      const res = await api.put('/integrations/group', {
        profileName: 'Acme',
        host: new URL(standIns.gitlabUrl).host,
        catalog: { enabled: true, attributes: {} },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        'Invalid group integration: catalog.attributes: select at least one attribute; Snyk requires one',
      );
      expect(standIns.faults.requests).toEqual([]);
      expect((await api.get('/state')).body.group).toBeUndefined();
    });

    it('rejects saving with a revoked PAT, naming the problem without the token', async () => {
      standIns.world.gitlab.tokens[0].revoked = true;
      const api = await backend();
      const res = await api.put('/integrations/group', {
        profileName: 'Acme',
        host: new URL(standIns.gitlabUrl).host,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        /^host: GitLab rejected the token for \S+ \(unknown, revoked or expired\): .*Token was revoked/,
      );
      expect((await api.get('/state')).body.tokens[0]).toMatchObject({
        ok: false,
      });
    });

    it('validates the other inputs', async () => {
      const api = await backend();
      expect((await api.get('/entity-status')).body.error.message).toBe(
        'Invalid query: entityRef: give entityRef, projectSlug or projectId',
      );
      expect((await api.get('/entity-status?entityRef=')).status).toBe(400);
      expect(
        (await api.get('/entity-status?projectId=abc')).body.error.message,
      ).toContain('projectId: Expected number');
      expect(
        (await api.get('/entity-status?surprise=1&projectId=1')).status,
      ).toBe(400);
      expect(
        (await api.put('/integrations/orgs/not-configured')).body.error.message,
      ).toBe(
        'orgId: not-configured is not one of the Snyk orgs in snykGitlab.snyk.orgs',
      );
      expect(
        (await api.post('/imports', { projectId: 'eleven' })).body.error
          .message,
      ).toContain('projectId: Expected number');
      expect((await api.post('/imports', {})).body.error.message).toContain(
        'entityRef: give entityRef, projectId or path',
      );
      expect(
        (
          await api.post('/imports', {
            entityRef: 'component:default/api',
            projectId: 12,
          })
        ).body.error.message,
      ).toContain('entityRef: give either entityRef');
      expect(
        (
          await api.get(
            '/entity-status?entityRef=component:default/api&projectId=12',
          )
        ).body.error.message,
      ).toContain('entityRef: give either entityRef');
      expect(
        (await api.post('/imports', { path: 'acme/api' })).body.error.message,
      ).toContain('host: required');
      const oversized = await api.put('/integrations/group', {
        profileName: 'x'.repeat(70_000),
        host: 'gitlab.com',
      });
      expect(oversized.status).toBe(413);
      expect((await api.get('/imports/missing-job')).status).toBe(404);
      expect(
        (await api.get('/entity-status?projectSlug=acme/none&host=gitlab.com'))
          .body,
      ).toEqual({
        token: expect.objectContaining({ host: 'gitlab.com' }),
      });
    });

    it('answers every malformed input with a 400 and changes nothing', async () => {
      const api = await backend();
      const host = new URL(standIns.gitlabUrl).host;
      const raw = await api.putRaw(
        '/integrations/group',
        '{"profileName": "x",',
      );
      expect(raw.status).toBe(400);
      const cases: Array<[request.Response, string]> = [
        [
          await api.put('/integrations/group', { profileName: 5, host }),
          'profileName: Expected string, received number',
        ],
        [
          await api.put('/integrations/group', {
            profileName: 'x',
            host: `${'a'.repeat(250)}.example.com`,
          }),
          'host: String must contain at most 255',
        ],
        [
          await api.put('/integrations/group', {
            profileName: 'x',
            host,
            catalog: { attributes: { owner: Array(6).fill('spec.owner') } },
          }),
          'catalog.attributes.owner',
        ],
        [
          await api.put('/integrations/group', {
            profileName: 'x',
            host,
            catalog: { attributes: { owner: `${'a.'.repeat(200)}b` } },
          }),
          'catalog.attributes.owner',
        ],
        [
          await api.put('/integrations/group', [1, 2]),
          'Expected object, received array',
        ],
        [
          await api.put(`/integrations/orgs/${'o'.repeat(65)}`),
          'orgId: String must contain at most 64',
        ],
        [
          await api.put('/integrations/orgs/bad%20id'),
          'orgId: must be letters, digits, - or _',
        ],
        [
          await api.post('/imports', { path: 'p'.repeat(1025), host }),
          'path: String must contain at most 1024',
        ],
        [
          await api.post('/imports', { projectId: -3, host }),
          'projectId: Number must be greater than 0',
        ],
        [
          await api.post('/imports', { projectId: 1.5, host }),
          'projectId: Expected integer',
        ],
        [
          await api.get(
            `/entity-status?entityRef=component:default/${'n'.repeat(600)}`,
          ),
          'entityRef: String must contain at most 512',
        ],
        [
          await api.get('/entity-status?entityRef=not%20a%20ref%3A%3A'),
          'entityRef',
        ],
        [await api.get('/entity-status?projectId=1&projectId=2'), 'projectId'],
      ];
      for (const [res, message] of cases) {
        expect([res.status, res.body.error?.message]).toEqual([
          400,
          expect.stringContaining(message),
        ]);
      }
      expect((await api.get('/state')).body).toMatchObject({
        repositoryCount: 0,
        orgs: [{ status: 'not_configured' }],
      });
      expect((await api.get('/state')).body.group).toBeUndefined();
      // Each refused attempt is in the audit log, and nothing else is.
      const audit = (await api.get('/audit')).body.items;
      expect(audit.length).toBeGreaterThan(5);
      expect(audit.map((i: any) => i.action.split('.').pop())).toEqual(
        audit.map(() => 'failed'),
      );
      expect(standIns.faults.requests).toEqual([]);
    });

    it('answers 409 to an import before the org-level integration exists', async () => {
      const api = await backend();
      const host = new URL(standIns.gitlabUrl).host;
      await api.put('/integrations/group', { profileName: 'Acme', host });
      await api.post('/sync');
      const res = await api.post('/imports', { path: 'acme/api' });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toBe(
        `The org-level GitLab integration of Snyk org ${ORG_ID} is not set up yet`,
      );
      expect(
        (await api.post('/imports', { path: 'acme/unknown' })).status,
      ).toBe(404);
    });

    /** Saves, syncs and connects the org as the admin. */
    async function connected(api: Awaited<ReturnType<typeof backend>>) {
      const host = new URL(standIns.gitlabUrl).host;
      await api.put('/integrations/group', { profileName: 'Acme', host });
      await api.post('/sync');
      await api.put(`/integrations/orgs/${ORG_ID}`);
      return host;
    }

    it('shows repository data only for entities the caller may read in the catalog', async () => {
      const api = await backend([
        'snyk-gitlab.integration.manage',
        'snyk-gitlab.repository.import',
      ]);
      await connected(api);
      const job = (
        await api.post('/imports', { entityRef: 'component:default/api' })
      ).body;

      // Without snyk-gitlab.integration.read: the entity's own repository, no token health.
      const own = await api.get(
        '/entity-status?entityRef=component:default/api',
      );
      expect(own.body.repository.path).toBe('acme/api');
      expect(own.body.token).toBeUndefined();
      expect((await api.get('/state')).body).toMatchObject({
        readable: false,
        groupStatus: 'connected',
        orgs: [],
        tokens: [],
      });
      // No enumeration by project id, path, or another entity's import job.
      expect((await api.get('/entity-status?projectId=11')).status).toBe(403);
      expect(
        (await api.get('/entity-status?projectSlug=acme/api')).status,
      ).toBe(403);
      expect((await api.get(`/imports/${job.id}`)).status).toBe(400);
      expect(
        (
          await api.get(
            `/imports/${job.id}?entityRef=${encodeURIComponent(
              'component:default/web',
            )}`,
          )
        ).status,
      ).toBe(404);
      expect(
        (
          await api.get(
            `/imports/${job.id}?entityRef=${encodeURIComponent(
              'component:default/api',
            )}`,
          )
        ).body.path,
      ).toBe('acme/api');

      // A user who may not read the entity in the catalog learns nothing.
      for (const path of [
        '/entity-status?entityRef=component:default/api',
        `/imports/${job.id}?entityRef=component:default/api`,
      ]) {
        const res = await api.get(path, OUTSIDER);
        expect(res.status).toBe(404);
        expect(res.text).not.toContain('acme/api');
      }
      expect(
        (
          await api.post(
            '/imports',
            { entityRef: 'component:default/api' },
            OUTSIDER,
          )
        ).status,
      ).toBe(404);

      // The whole inventory is for backend services only.
      expect((await api.get('/index')).status).toBe(403);
      const index = await api.get('/index', SERVICE);
      expect(index.status).toBe(200);
      expect(index.body.repositories).toHaveLength(3);
    });

    it('pages the index by cursor, with target ids looked up per page', async () => {
      const api = await backend();
      const host = await connected(api);
      const job = await api.post('/imports', { path: 'acme/api' });
      await api.get(`/imports/${job.body.id}`);
      await knex('import_jobs').update({ polled_at: null });
      expect((await api.get(`/imports/${job.body.id}`)).body.status).toBe(
        'complete',
      );
      const targetId = standIns.world.snyk.orgs[0].targets[0].id;

      const first = await api.get('/index?limit=2', SERVICE);
      expect(first.status).toBe(200);
      expect(first.body).toEqual({
        defaultHost: host,
        repositories: [
          { host, projectId: 11, path: 'acme/api', orgId: ORG_ID, targetId },
          { host, projectId: 12, path: 'acme/team/web', orgId: ORG_ID },
        ],
        nextCursor: expect.any(String),
      });
      const cursor = encodeURIComponent(first.body.nextCursor);
      const second = await api.get(`/index?limit=2&cursor=${cursor}`, SERVICE);
      expect(second.body).toEqual({
        defaultHost: host,
        repositories: [
          { host, projectId: 13, path: 'acme/team/worker', orgId: ORG_ID },
        ],
      });

      for (const [query, field] of [
        ['limit=0', 'limit'],
        ['limit=10001', 'limit'],
        ['limit=abc', 'limit'],
        ['cursor=not-a-cursor', 'cursor'],
      ]) {
        const bad = await api.get(`/index?${query}`, SERVICE);
        expect(bad.status).toBe(400);
        expect(bad.body.error.message).toMatch(`${field}: `);
      }
      expect((await api.get('/index?limit=2')).status).toBe(403);
    });

    it('never lets an entity author point an entity at another repository', async () => {
      const api = await backend(['snyk-gitlab.repository.import']);
      await connected(await backend());
      const claimed = await api.get(
        '/entity-status?entityRef=component:default/claims-api',
      );
      expect(claimed.status).toBe(200);
      expect(claimed.body.repository).toBeUndefined();
      expect(claimed.text).not.toContain('acme/api');
      const before = standIns.faults.count('snyk', /\/import$/);
      const imported = await api.post('/imports', {
        entityRef: 'component:default/claims-api',
      });
      expect(imported.status).toBe(404);
      expect(standIns.faults.count('snyk', /\/import$/)).toBe(before);
      // The repository's own catalog file declares component:default/api.
      expect(
        (await api.get('/entity-status?entityRef=component:default/api')).body
          .repository.path,
      ).toBe('acme/api');
      // Those who may read every repository anyway get the annotation's.
      const reader = await backend();
      expect(
        (
          await reader.get(
            '/entity-status?entityRef=component:default/claims-api',
          )
        ).body.repository.path,
      ).toBe('acme/api');
    });

    it('imports only into an org that covers the repository', async () => {
      const host = new URL(standIns.gitlabUrl).host;
      const config = testConfig(standIns) as any;
      const OTHER = '1b2c3d4e-0000-4000-8000-000000000002';
      config.snykGitlab.snyk.orgs.push({
        orgId: OTHER,
        gitlabHost: host,
        gitlabGroups: ['acme/team'],
      });
      const api = await backend(AuthorizeResult.ALLOW, config);
      await connected(api);
      const before = standIns.faults.count('snyk', /\/import$/);
      for (const body of [
        { entityRef: 'component:default/api', orgId: OTHER },
        { path: 'acme/api', orgId: OTHER },
      ]) {
        const res = await api.post('/imports', body);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toBe(
          `orgId: Snyk org ${OTHER} does not cover acme/api on ${host} (it imports ${host} groups acme/team)`,
        );
      }
      expect(standIns.faults.count('snyk', /\/import$/)).toBe(before);
      expect((await knex('import_jobs').select()).length).toBe(0);
      expect(
        (
          await api.post('/imports', {
            entityRef: 'component:default/api',
            orgId: ORG_ID,
          })
        ).status,
      ).toBe(202);
    });

    it("reports each change and each refusal to Backstage's auditor", async () => {
      const auditor = mockServices.auditor.mock();
      const event = { success: jest.fn(), fail: jest.fn() };
      auditor.createEvent.mockResolvedValue(event);
      const api = await backend(AuthorizeResult.ALLOW, testConfig(standIns), [
        auditor.factory,
      ]);
      const host = new URL(standIns.gitlabUrl).host;
      await api.put('/integrations/group', { profileName: 'Acme', host });
      await api.put('/integrations/group', {
        profileName: 'Acme',
        host: 'x y',
      });
      expect(auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'group-save',
          severityLevel: 'medium',
        }),
      );
      expect(event.success).toHaveBeenCalledTimes(1);
      expect(event.fail).toHaveBeenCalledWith({ error: expect.any(Error) });
    });

    it('saves the group level with a read_api token, and asks api only for the org level', async () => {
      standIns.world.gitlab.tokens[0].scopes = ['read_api'];
      const api = await backend();
      const host = new URL(standIns.gitlabUrl).host;
      const saved = await api.put('/integrations/group', {
        profileName: 'Acme',
        host,
      });
      expect(saved.status).toBe(200);
      expect((await api.post('/sync')).status).toBe(202);
      expect((await api.get('/state')).body.group.status).toBe('connected');
      const before = standIns.faults.count('snyk');
      const org = await api.put(`/integrations/orgs/${ORG_ID}`);
      expect(org.status).toBe(409);
      expect(org.body.error.message).toBe(
        `The GitLab token for ${host} lacks the api scope, which Snyk's organization-level integration needs to import and scan`,
      );
      expect(standIns.faults.count('snyk')).toBe(before);
    });

    it('starts one Snyk import however often it is asked at once', async () => {
      const api = await backend();
      await connected(api);
      const imports = () => standIns.faults.count('snyk', /\/import$/);
      const before = imports();
      const answers = await Promise.all(
        Array.from({ length: 4 }, () =>
          api.post('/imports', { entityRef: 'component:default/api' }),
        ),
      );
      expect(answers.map(a => a.status)).toEqual([202, 202, 202, 202]);
      expect(new Set(answers.map(a => a.body.id)).size).toBe(1);
      expect(imports()).toBe(before + 1);
      expect(await knex('import_jobs').count({ n: '*' })).toEqual([
        { n: expect.anything() },
      ]);
      expect(Number((await knex('import_jobs').count({ n: '*' }))[0].n)).toBe(
        1,
      );
    });

    it('keeps the Snyk integration id when a repair fails', async () => {
      const api = await backend();
      await connected(api);
      const id = (await api.get('/state')).body.orgs[0].snykIntegrationId;
      expect(id).toEqual(expect.any(String));
      standIns.faults.add({ service: 'snyk', path: /\/self$/, status: 401 });
      // Snyk's 401 is answered as 502: the user's own session is fine.
      expect((await api.put(`/integrations/orgs/${ORG_ID}`)).status).toBe(502);
      standIns.faults.clear();
      expect((await api.get('/state')).body.orgs[0]).toMatchObject({
        status: 'failed',
        snykIntegrationId: id,
      });
      // With the id kept, imports still work while the org is repaired.
      expect(
        (await api.post('/imports', { entityRef: 'component:default/api' }))
          .status,
      ).toBe(202);
    });

    it('never shows values from a file that is not a catalog entity', async () => {
      standIns.world.gitlab.projects[0].files['catalog-info.yaml'] =
        'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nspec:\n  owner: hunter2\nstringData:\n  DB_PASSWORD: hunter2\n';
      const api = await backend();
      await connected(api);
      const status = await api.get(
        '/entity-status?entityRef=component:default/api',
      );
      expect(status.body.repository.catalogFile.attributes).toEqual({});
      expect(status.text).not.toContain('hunter2');
      expect(status.text).not.toContain('secret:');
    });

    it("answers Snyk's own inventory with the state and entity status, details only with the read permission", async () => {
      const config = testConfig(standIns, undefined, GROUP_ID);
      const admin = await backend(AuthorizeResult.ALLOW, config);
      const host = new URL(standIns.gitlabUrl).host;
      await admin.put('/integrations/group', { profileName: 'Acme', host });
      await admin.post('/sync');
      // Our sync is done, but Snyk's inventory has nothing from the host yet.
      expect((await admin.get('/state')).body).toMatchObject({
        groupStatus: 'partially_connected',
        group: {
          status: 'partially_connected',
          statusSource: 'snyk_inventory',
          portalSyncStatus: 'connected',
          snykInventory: { availability: 'available', repositoryCount: 0 },
        },
      });

      syncSnykInventory(standIns.world, GROUP_ID, {
        at: '2026-11-25T08:00:00Z',
      });
      await admin.post('/sync');
      const entity = '/entity-status?entityRef=component:default/api';
      expect((await admin.get(entity)).body).toMatchObject({
        group: {
          status: 'connected',
          snykInventory: { groupId: GROUP_ID, repositoryCount: 3 },
        },
        repository: { catalogFile: { attributes: { catalogName: 'api' } } },
        snykAsset: {
          updatedAt: '2026-11-25T08:00:00Z',
          repositoryFreshness: 'Active',
          attributes: { catalogName: 'api', application: 'shop' },
        },
      });

      // Snyk refuses (and echoes the token): the portal's sync decides again.
      standIns.faults.add({
        service: 'snyk',
        path: /\/assets\/search$/,
        status: 403,
        body: JSON.stringify({
          jsonapi: { version: '1.0' },
          errors: [{ status: '403', detail: `token ${CANARY_SNYK_TOKEN}` }],
        }),
        times: 1,
      });
      await admin.post('/sync');
      const refused = (await admin.get(entity)).body;
      expect(refused.group).toMatchObject({
        status: 'connected',
        statusSource: 'portal_sync',
        snykInventory: { availability: 'forbidden' },
      });
      expect(refused.snykAsset).toBeUndefined();
      const rows = [
        ...(await knex('snyk_inventory').select()),
        ...(await knex('snyk_assets').select()),
      ];
      expect(JSON.stringify([refused, rows])).not.toContain(CANARY_SNYK_TOKEN);
      await admin.post('/sync');

      // Without snyk-gitlab.integration.read: the entity's asset and the
      // status, not the group id nor the inventory's size.
      const reader = await backend([], config);
      const own = (await reader.get(entity)).body;
      expect(own.snykAsset.attributes.catalogName).toBe('api');
      expect(own.group.status).toBe('connected');
      expect(own.group.snykInventory).toEqual({
        availability: 'available',
        host,
        checkedAt: expect.any(String),
        readAt: expect.any(String),
      });
      expect((await reader.get('/state')).body).toMatchObject({
        readable: false,
        groupStatus: 'connected',
      });
      expect((await reader.get('/state')).body.group).toBeUndefined();
    });

    // Runs last, so every response and log line of the tests above is searched too.
    it('never lets a secret into a response, a log line or a database row', async () => {
      const api = await backend();
      const host = new URL(standIns.gitlabUrl).host;
      await api.put('/integrations/group', { profileName: 'Acme', host });
      await api.post('/sync');
      await api.put(`/integrations/orgs/${ORG_ID}`);
      await api.post('/imports', { path: 'acme/api' });
      // Snyk echoes the GitLab PAT it was sent in an error.
      standIns.faults.add({
        service: 'snyk',
        method: 'PUT',
        path: /\/integrations\/[^/]+$/,
        status: 400,
        body: JSON.stringify({
          message: `Invalid credentials: token ${CANARY_PAT} was refused`,
        }),
        times: 1,
      });
      const echoed = await api.put(`/integrations/orgs/${ORG_ID}`);
      expect(echoed.status).toBe(502);
      expect(echoed.body.error.message).toContain('[redacted]');
      // Failures keep their reasons in rows and logs: those must be clean too.
      standIns.world.gitlab.tokens[0].revoked = true;
      await api.post('/sync');
      standIns.world.snyk.tokens.length = 0;
      await api.put(`/integrations/orgs/${ORG_ID}`);
      expect((await api.get('/state')).body.group.statusReason).toContain(
        'rejected the token',
      );
      expect(responses.length).toBeGreaterThan(20);
      const rows = [];
      for (const table of PLUGIN_TABLES) {
        rows.push(...(await knex(table).select()));
      }
      expect(rows.length).toBeGreaterThan(0);
      expect(logger.lines.length).toBeGreaterThan(0);
      for (const haystack of [
        responses.join('\n'),
        logger.text(),
        JSON.stringify(rows),
      ]) {
        expect(haystack).not.toContain(CANARY_PAT);
        expect(haystack).not.toContain(CANARY_SNYK_TOKEN);
      }
    });
  },
);
