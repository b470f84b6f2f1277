import { TestDatabaseId } from '@backstage/backend-test-utils';
import {
  StandIns,
  startStandIns,
  CANARY_PAT,
  catalogFile,
  editFile,
  project,
  testWorld,
} from '@snyk-gitlab/stand-ins';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { createServices, clearTables } from '../__testUtils__/services';
import { competeInside } from '../__testUtils__/races';
import { InventoryColumns } from '../database/inventoryColumns';
import { frequencyMs } from './SyncService';

const databases = createTestDatabases();
const API_VERSION = 'apiVersion: backstage.io/v1alpha1\n';

describe('frequencyMs', () => {
  it('turns a duration into milliseconds and ignores cron', () => {
    expect(
      frequencyMs({ frequency: { minutes: 30 }, timeout: { minutes: 1 } }),
    ).toBe(1_800_000);
    expect(
      frequencyMs({
        frequency: { hours: 1, minutes: 1 },
        timeout: { minutes: 1 },
      }),
    ).toBe(3_660_000);
    expect(
      frequencyMs({
        frequency: { cron: '* * * * *' },
        timeout: { minutes: 1 },
      }),
    ).toBeUndefined();
  });
});

// The REST path: a GitLab without a usable GraphQL API (see syncGraphql.test.ts).
describe.each(databases.eachSupportedId())('SyncService on %s', databaseId => {
  let knex: Knex;
  let standIns: StandIns;
  let services: Awaited<ReturnType<typeof createServices>>;

  beforeAll(async () => {
    knex = await databases.init(databaseId as TestDatabaseId);
  });

  beforeEach(async () => {
    const world = testWorld();
    world.gitlab.graphql.enabled = false;
    standIns = await startStandIns({ world });
    services = await createServices(knex, standIns);
    await clearTables(knex);
  });
  afterEach(async () => {
    // Spies on a prototype would outlive the test, into the next database's.
    jest.restoreAllMocks();
    await standIns.close();
  });

  const save = () =>
    services.integrationService.saveGroup(
      { profileName: 'Acme', host: services.host },
      'user:default/admin',
    );
  const repo = (path: string) =>
    services.store.findRepository({ host: services.host, path });

  it('does nothing before the group-level integration is saved', async () => {
    await expect(services.sync.run()).resolves.toBeUndefined();
    expect(standIns.faults.requests).toEqual([]);
  });

  it('goes from partially connected to connected and fills the inventory', async () => {
    await save();
    expect(
      (await services.store.getGroupIntegration(services.host))?.status,
    ).toBe('partially_connected');
    expect(await services.store.countRepositories(services.host)).toBe(0);

    const result = await services.sync.run();
    // acme/team/web has no catalog file: GitLab says so, nothing is read.
    expect(result).toEqual({
      status: 'connected',
      repositories: 3,
      filesRead: 2,
      unchanged: 0,
    });
    const group = await services.store.getGroupIntegration(services.host);
    expect(group).toMatchObject({
      status: 'connected',
      lastGoodSyncAt: group?.lastSyncAt,
    });
    expect(
      Date.parse(group!.nextSyncAt!) - Date.parse(group!.lastSyncAt!),
    ).toBe(30 * 60 * 1000);
    expect((await repo('acme/api'))?.catalogFile).toEqual({
      filename: 'catalog-info.yaml',
      present: true,
      attributes: {
        category: 'service',
        owner: 'team-a',
        lifecycle: 'production',
        application: 'shop',
        catalogName: 'api',
      },
      problems: [],
    });
    expect((await repo('acme/team/web'))?.catalogFile.present).toBe(false);
    expect(
      (
        await services.store.findRepository({
          host: services.host,
          entityRef: 'component:default/worker',
        })
      )?.path,
    ).toBe('acme/team/worker');
  });

  it('updates attributes when a file changes and clears them when it disappears, though last_activity_at did not move', async () => {
    await save();
    await services.sync.run();
    const [api, , worker] = standIns.world.gitlab.projects;
    // GitLab moves last_activity_at at most once an hour: these edits don't.
    editFile(api, 'catalog-info.yaml', catalogFile('api', { owner: 'team-b' }));
    editFile(worker, 'catalog-info.yaml', undefined);

    const result = await services.sync.run();
    expect(result).toMatchObject({ filesRead: 1, unchanged: 1 });
    expect((await repo('acme/api'))?.catalogFile.attributes.owner).toBe(
      'team-b',
    );
    expect((await repo('acme/team/worker'))?.catalogFile).toEqual({
      filename: 'catalog-info.yaml',
      present: false,
      attributes: {},
      problems: [],
    });
    expect(
      await services.store.findRepository({
        host: services.host,
        entityRef: 'component:default/worker',
      }),
    ).toBeUndefined();
  });

  it('reads no file of an unchanged repository and drops deleted ones', async () => {
    await save();
    await services.sync.run();
    standIns.faults.requests.length = 0;
    standIns.world.gitlab.projects.pop();
    const result = await services.sync.run();
    expect(result).toEqual({
      status: 'connected',
      repositories: 2,
      filesRead: 0,
      unchanged: 2,
    });
    expect(standIns.faults.count('gitlab', /\/raw$/)).toBe(0);
    expect(await repo('acme/team/worker')).toBeUndefined();
  });

  it('rereads every file when the catalog option changes', async () => {
    await save();
    await services.sync.run();
    await services.integrationService.saveGroup(
      {
        profileName: 'Acme',
        host: services.host,
        catalog: { attributes: { owner: ['spec.owner'] } },
      },
      'user:default/admin',
    );
    await expect(services.sync.run()).resolves.toMatchObject({
      filesRead: 2,
      unchanged: 0,
    });
    expect((await repo('acme/api'))?.catalogFile.attributes).toEqual({
      owner: 'team-a',
    });
  });

  it("keeps a repository's last good attributes when its file read fails, and reads it again next time", async () => {
    await save();
    await services.sync.run();
    const before = await repo('acme/api');
    standIns.world.gitlab.projects.push(project(14, 'acme/new'));
    standIns.faults.add({
      service: 'gitlab',
      path: /projects\/(11|14)\/repository/,
      status: 500,
    });

    // A read failure is the repository's problem, never the sync's.
    await expect(services.sync.run()).resolves.toMatchObject({
      status: 'connected',
      repositories: 4,
    });
    const api = await repo('acme/api');
    expect(api?.catalogFile).toEqual({
      ...before!.catalogFile,
      problems: [
        expect.stringMatching(/^catalog-info.yaml could not be read: .*500/),
      ],
    });
    expect(api?.entityRefs).toEqual(before!.entityRefs);
    expect((await repo('acme/new'))?.catalogFile.problems).toEqual([
      expect.stringMatching(/could not be read/),
    ]);

    standIns.faults.clear();
    const reads = () => standIns.faults.count('gitlab', /projects\/11\//);
    const readsBefore = reads();
    await services.sync.run();
    // Its blob id (HEAD) and then the file itself.
    expect(reads()).toBe(readsBefore + 2);
    expect((await repo('acme/api'))?.catalogFile.problems).toEqual([]);
  });

  it('stores hostile remote values without failing the sync (names, branches, paths, links)', async () => {
    await save();
    await services.sync.run();
    const [api, , worker] = standIns.world.gitlab.projects;
    api.files['catalog-info.yaml'] = catalogFile('n'.repeat(600));
    api.lastActivityAt = '2026-11-24T11:00:00Z';
    worker.defaultBranch = `b${'r'.repeat(300)}`;
    standIns.world.gitlab.projects.push(
      project(15, 'acme/bad\u0000path'),
      project(16, 'acme/fresh', {
        'catalog-info.yaml': catalogFile('fresh\u0000x'),
      }),
    );

    await expect(services.sync.run()).resolves.toMatchObject({
      status: 'connected',
      repositories: 4,
    });
    expect((await repo('acme/api'))?.entityRefs).toEqual([]);
    expect((await repo('acme/team/worker'))?.defaultBranch).toBeUndefined();
    expect((await repo('acme/team/worker'))?.catalogFile.problems[0]).toMatch(
      /default branch name is not usable/,
    );
    expect((await repo('acme/fresh'))?.path).toBe('acme/fresh');
    expect(await services.store.countRepositories(services.host)).toBe(4);
  });

  it('builds a link from the path when GitLab answers a web URL off its host', async () => {
    await save();
    standIns.faults.add({
      service: 'gitlab',
      path: /\/projects$/,
      status: 200,
      body: JSON.stringify([
        {
          id: 11,
          path_with_namespace: 'acme/api',
          default_branch: 'main',
          // eslint-disable-next-line no-script-url -- a hostile answer
          web_url: 'javascript:alert(document.cookie)',
          last_activity_at: '2026-11-01T00:00:00Z',
        },
      ]),
      times: 1,
    });
    await services.sync.run();
    expect((await repo('acme/api'))?.webUrl).toBe(
      `${standIns.gitlabUrl}/acme/api`,
    );
  });

  it('stops reading and writes nothing once the scheduler aborts it', async () => {
    await save();
    await services.sync.run();
    const before = await services.store.listRepositories(services.host);
    const group = await services.store.getGroupIntegration(services.host);
    standIns.world.gitlab.projects.push(project(14, 'acme/new'));
    // File checks are slow; the task times out while they run.
    standIns.faults.add({
      service: 'gitlab',
      path: /\/repository\/files\//,
      delayMs: 400,
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    await expect(services.sync.run(controller.signal)).resolves.toBeUndefined();
    const seen = standIns.faults.requests.length;
    await new Promise(resolve => setTimeout(resolve, 600));
    expect(standIns.faults.requests.length).toBe(seen);
    expect(await services.store.listRepositories(services.host)).toEqual(
      before,
    );
    expect(await services.store.getGroupIntegration(services.host)).toEqual(
      group,
    );
  });

  it('saves nothing more once the settings were saved again while it ran', async () => {
    await save();
    standIns.faults.add({ service: 'gitlab', path: /\/raw$/, delayMs: 1000 });
    const running = services.sync.run();
    // Saved again while the first catalog files are on their way.
    while (standIns.faults.count('gitlab', /\/raw$/) === 0) {
      await new Promise(resolve => setTimeout(resolve, 5));
    }
    await services.integrationService.saveGroup(
      {
        profileName: 'Acme',
        host: services.host,
        catalog: { enabled: false },
      },
      'user:default/admin',
    );
    await expect(running).resolves.toBeUndefined();
    expect(
      await services.store.getGroupIntegration(services.host),
    ).toMatchObject({
      status: 'partially_connected',
      catalog: { enabled: false },
    });
    // Batches saved before the change stay (their fingerprint makes the next
    // sync read them again); nothing read after it is saved.
    expect(await repo('acme/api')).toBeUndefined();
    expect(await repo('acme/team/worker')).toBeUndefined();
  }, 30_000);

  it('leaves no repository behind when the profile is deleted while a batch is saved', async () => {
    await save();
    // Runs in the batch's transaction, after its check of the settings.
    const deleting = competeInside(
      InventoryColumns.prototype,
      'columnsFor',
      () =>
        services.integrationService.deleteGroup(
          services.host,
          'user:default/admin',
        ),
    );
    await services.sync.run();
    await deleting.promise;
    expect(await services.store.getGroupIntegration(services.host)).toBe(
      undefined,
    );
    expect(await services.store.listRepositories(services.host)).toEqual([]);
  });

  it('records a project whose file the token may not read, and still connects', async () => {
    await save();
    standIns.faults.add({
      service: 'gitlab',
      path: /projects\/13\/repository/,
      status: 403,
    });
    await expect(services.sync.run()).resolves.toMatchObject({
      status: 'connected',
      repositories: 3,
    });
    expect((await repo('acme/team/worker'))?.catalogFile).toMatchObject({
      present: false,
      problems: [
        'the token may not read catalog-info.yaml in this project (403)',
      ],
    });
    expect((await repo('acme/api'))?.catalogFile.present).toBe(true);
  });

  it('fails with the reason when the PAT is revoked, keeping the inventory', async () => {
    await save();
    await services.sync.run();
    standIns.world.gitlab.tokens[0].revoked = true;
    const result = await services.sync.run();
    expect(result?.statusReason).toContain('Token was revoked');
    expect(result?.statusReason).not.toContain(CANARY_PAT);
    expect(await services.store.countRepositories(services.host)).toBe(3);
    const [token] = await services.store.listTokenChecks();
    expect(token).toMatchObject({
      ok: false,
      problem: expect.stringContaining('rejected the token'),
    });
  });

  it('fails when the PAT is revoked mid-sync, keeping the last good inventory', async () => {
    await save();
    await services.sync.run();
    const before = await services.store.listRepositories(services.host);
    const [pat] = standIns.world.gitlab.tokens;
    // The token check and the listing pass; the first file check finds the token revoked.
    standIns.faults.add({
      service: 'gitlab',
      path: /\/repository\/files\//,
      times: 1,
      effect: () => (pat.revoked = true),
    });
    const result = await services.sync.run();
    expect(result).toMatchObject({
      status: 'failed',
      statusReason: expect.stringContaining('failed with 401'),
    });
    expect(
      standIns.faults.count('gitlab', /\/repository\/files\//),
    ).toBeGreaterThanOrEqual(1);
    expect(await services.store.listRepositories(services.host)).toEqual(
      before,
    );
  });

  it('fails when the PAT loses the scopes the inventory needs, and names them', async () => {
    await save();
    standIns.world.gitlab.tokens[0].scopes = ['read_repository'];
    const result = await services.sync.run();
    expect(result?.statusReason).toContain(
      'the token needs the api or read_api scope',
    );
  });

  it.each([[['api']], [['read_api']]])(
    'syncs with a token that has only %j, as GitLab allows',
    async scopes => {
      standIns.world.gitlab.tokens[0].scopes = scopes;
      await save();
      await expect(services.sync.run()).resolves.toMatchObject({
        status: 'connected',
        repositories: 3,
        filesRead: 2,
      });
      expect((await repo('acme/api'))?.catalogFile.present).toBe(true);
    },
  );

  it('records each bad catalog file as problems of its repository and still connects', async () => {
    const bad: Record<string, string> = {
      'acme/yaml': `${API_VERSION}kind: Component\nmetadata: [unclosed`,
      'acme/bomb': [
        'a: &a [x,x,x,x,x,x,x,x,x,x]',
        ...[1, 2, 3, 4, 5].map(
          i =>
            `a${i}: &a${i} [${Array(10)
              .fill(i === 1 ? '*a' : `*a${i - 1}`)
              .join(',')}]`,
        ),
        'kind: Component',
      ].join('\n'),
      'acme/huge': `${API_VERSION}kind: Component\n# ${'x'.repeat(300 * 1024)}`,
      'acme/types': `${API_VERSION}kind: Component\nmetadata:\n  name: t\nspec:\n  type: [a]\n  owner: {x: 1}\n  lifecycle: production\n`,
      'acme/api-only': `${API_VERSION}kind: API\nmetadata:\n  name: only-api\nspec:\n  type: openapi\n  owner: a\n  lifecycle: beta\n`,
      'acme/secret':
        'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nspec:\n  owner: hunter2\n',
      'acme/long-name': `${API_VERSION}kind: Component\nmetadata:\n  name: ${'n'.repeat(
        600,
      )}\nspec:\n  type: service\n`,
      'acme/nul-name': `${API_VERSION}kind: Component\nmetadata:\n  name: "a\\u0000b"\nspec:\n  owner: "x\\u0000y"\n`,
      'acme/scalar': '42',
    };
    Object.entries(bad).forEach(([path, text], i) =>
      standIns.world.gitlab.projects.push(
        project(100 + i, path, { 'catalog-info.yaml': text }),
      ),
    );
    await save();
    await expect(services.sync.run()).resolves.toMatchObject({
      status: 'connected',
      repositories: 12,
    });
    const problems = async (path: string) =>
      (await repo(path))?.catalogFile.problems.join(' | ');
    expect(await problems('acme/yaml')).toMatch(/^document 1: invalid YAML/);
    expect(await problems('acme/bomb')).toMatch(/alias/i);
    expect(await problems('acme/huge')).toBe(
      'catalog-info.yaml is larger than the catalog file limit and was not read',
    );
    expect(await problems('acme/types')).toBe(
      'category: spec.type is not a text value | owner: spec.owner is not a text value',
    );
    expect(await problems('acme/api-only')).toBe(
      'no kind: Component document; attributes are read from kind: API',
    );
    expect(await problems('acme/scalar')).toBe(
      'document 1 is not a mapping | no Backstage catalog entity found (apiVersion backstage.io/*, a catalog kind and metadata)',
    );
    const secret = await repo('acme/secret');
    expect(secret?.catalogFile.attributes).toEqual({});
    expect(JSON.stringify(secret)).not.toContain('hunter2');
    for (const path of ['acme/long-name', 'acme/nul-name']) {
      expect((await repo(path))?.entityRefs).toEqual([]);
      expect(await problems(path)).toContain('invalid metadata.name');
    }
    expect((await repo('acme/nul-name'))?.catalogFile.attributes.owner).toBe(
      'xy',
    );
    expect((await repo('acme/api'))?.catalogFile.problems).toEqual([]);
  });

  it('retries rate-limited listings and still succeeds', async () => {
    await save();
    standIns.faults.add({
      service: 'gitlab',
      path: /\/projects$/,
      status: 429,
      retryAfter: 1,
      times: 2,
    });
    await expect(services.sync.run()).resolves.toMatchObject({
      status: 'connected',
      repositories: 3,
    });
  });

  it('refreshes Snyk targets of saved orgs during the sync', async () => {
    await save();
    await services.sync.run();
    const [org] = await services.orgService.list();
    await services.orgService.save(org.orgId, 'user:default/admin');
    const job = await services.orgService.startImport(
      { host: services.host, path: 'acme/api' },
      'user:default/admin',
    );
    expect(job.status).toBe('pending');
    // The stand-in completes the job at its second poll; the sync polls pending jobs.
    await services.sync.run();
    await services.sync.run();
    const stored = await services.orgService.findImport(job.id);
    expect((await services.orgService.pollImport(stored)).status).toBe(
      'complete',
    );
    const status = await services.integrationService.entityStatus({
      projectSlug: 'acme/api',
    });
    expect(status.target?.displayName).toBe('acme/api');
    expect(status.importJob?.status).toBe('complete');
  });
});
