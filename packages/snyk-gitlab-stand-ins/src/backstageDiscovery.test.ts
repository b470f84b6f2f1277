// Backstage's own GitLab discovery, unmodified, against the GitLab stand-in:
// proof that the stand-in speaks GitLab's REST API, not only our client's.
import { LoggerService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { GitlabDiscoveryEntityProvider } from '@backstage/plugin-catalog-backend-module-gitlab';
import {
  CANARY_PAT,
  StandIns,
  catalogFile,
  project,
  startStandIns,
  testWorld,
} from './index';

type Connection = Parameters<GitlabDiscoveryEntityProvider['connect']>[0];

/** Logs kept to assert on: the module swallows a failed refresh into `error`. */
function recordingLogger(errors: string[]): LoggerService {
  const logger: LoggerService = {
    child: () => logger,
    error: message => {
      errors.push(message);
    },
    warn: () => {},
    info: () => {},
    debug: () => {},
  };
  return logger;
}

/**
 * The test world plus: a subgroup of 60 projects (more than the module's
 * 50 per page), every other one with a catalog file; an archived project;
 * a project shared into `acme` from another namespace; a catalog file below
 * the root (only a search finds it).
 */
function discoveryWorld() {
  const world = testWorld();
  world.gitlab.groups.push(
    { id: 3, path: 'acme/bulk' },
    { id: 4, path: 'partner' },
  );
  for (let i = 0; i < 60; i++) {
    world.gitlab.projects.push(
      project(
        100 + i,
        `acme/bulk/svc-${i}`,
        i % 2 === 0 ? { 'catalog-info.yaml': catalogFile(`svc-${i}`) } : {},
      ),
    );
  }
  world.gitlab.projects.push(
    {
      ...project(30, 'acme/old', {
        'catalog-info.yaml': catalogFile('old'),
      }),
      archived: true,
    },
    {
      ...project(31, 'partner/shared-lib', {
        'catalog-info.yaml': catalogFile('shared-lib'),
      }),
      sharedWithGroups: ['acme'],
    },
  );
  world.gitlab.projects[1].files['services/catalog-info.yaml'] =
    catalogFile('web-services');
  return world;
}

describe('Backstage GitlabDiscoveryEntityProvider against the GitLab stand-in', () => {
  let standIns: StandIns;
  let errors: string[];
  const schedule = { frequency: { minutes: 30 }, timeout: { minutes: 3 } };

  beforeAll(async () => {
    standIns = await startStandIns({ world: discoveryWorld() });
  });
  afterAll(() => standIns.close());
  beforeEach(() => {
    errors = [];
    standIns.faults.requests.length = 0;
  });

  /** Runs one configured provider once through the scheduler; the locations it applied. */
  async function discover(provider: Record<string, unknown>) {
    const host = new URL(standIns.gitlabUrl).host;
    const config = mockServices.rootConfig({
      data: {
        integrations: {
          gitlab: [
            {
              host,
              apiBaseUrl: `${standIns.gitlabUrl}/api/v4`,
              baseUrl: standIns.gitlabUrl,
              token: CANARY_PAT,
            },
          ],
        },
        catalog: {
          providers: { gitlab: { test: { host, schedule, ...provider } } },
        },
      },
    });
    const scheduler = mockServices.scheduler();
    const [discovery] = GitlabDiscoveryEntityProvider.fromConfig(config, {
      logger: recordingLogger(errors),
      scheduler,
    });
    const mutations: any[] = [];
    const connection: Connection = {
      applyMutation: async mutation => {
        mutations.push(mutation);
      },
      refresh: async () => {},
    };
    await discovery.connect(connection);
    await scheduler.triggerTask(`${discovery.getProviderName()}:refresh`);
    expect(errors).toEqual([]);
    expect(mutations).toHaveLength(1);
    expect(mutations[0].type).toBe('full');
    return (mutations[0].entities as any[])
      .map(e => e.entity.spec.target as string)
      .sort();
  }

  const location = (path: string, file = 'catalog-info.yaml') =>
    `${standIns.gitlabUrl}/${path}/-/blob/main/${file}`;
  const bulk = () =>
    Array.from({ length: 30 }, (_, i) => location(`acme/bulk/svc-${i * 2}`));

  it('finds every root catalog file of a group and its subgroups', async () => {
    expect(await discover({ group: 'acme' })).toEqual(
      [location('acme/api'), location('acme/team/worker'), ...bulk()].sort(),
    );
    // The module's own calls: the group listing, paged, and a HEAD per project.
    const listings = standIns.faults.requests.filter(r =>
      r.path.endsWith('/groups/acme/projects'),
    );
    expect(listings.map(r => new URLSearchParams(r.query).get('page'))).toEqual(
      ['1', '2'],
    );
    const heads = standIns.faults.requests.filter(
      r => r.method === 'HEAD' && r.path.includes('/repository/files/'),
    );
    // 63 own non-archived projects: the shared-in one is listed (with_shared
    // defaults to true) but the module itself drops it, outside the group.
    expect(heads).toHaveLength(63);
    expect(new Set(heads.map(r => r.status))).toEqual(new Set([200, 404]));
  });

  it('finds the catalog files of the groups a groupPattern selects from GET /groups', async () => {
    expect(
      await discover({ groupPattern: ['^acme/team$', '^acme/bulk$'] }),
    ).toEqual([location('acme/team/worker'), ...bulk()].sort());
    expect(
      standIns.faults.requests.some(r => r.path === '/api/v4/groups'),
    ).toBe(true);
  });

  it('finds every catalog file, at any depth, with the group blob search', async () => {
    expect(await discover({ group: 'acme', useSearch: true })).toEqual(
      [
        location('acme/api'),
        location('acme/team/web', 'services/catalog-info.yaml'),
        location('acme/team/worker'),
        ...bulk(),
      ].sort(),
    );
    expect(
      standIns.faults.requests.filter(r =>
        /^\/api\/v4\/projects\/\d+$/.test(r.path),
      ),
    ).toHaveLength(33);
  });

  it('finds every root catalog file on the host without a group (GET /projects by offset)', async () => {
    expect(await discover({})).toEqual(
      [
        location('acme/api'),
        location('acme/team/worker'),
        location('partner/shared-lib'),
        ...bulk(),
      ].sort(),
    );
  });
});
