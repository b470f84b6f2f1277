import { mockServices } from '@backstage/backend-test-utils';
import {
  StandIns,
  startStandIns,
  CANARY_PAT,
  project,
  testWorld,
} from '@snyk-gitlab/stand-ins';
import { GitlabClient, nextLink } from './GitlabClient';
import { fastRetry } from '../__testUtils__/retry';

describe('nextLink', () => {
  it('finds rel="next" among several links', () => {
    expect(
      nextLink(
        '<https://g/api/v4/projects?page=1>; rel="first", <https://g/api/v4/projects?page=3>; rel="next"',
      ),
    ).toBe('https://g/api/v4/projects?page=3');
    expect(nextLink('<https://g/x>; rel="prev"')).toBeUndefined();
    expect(nextLink(null)).toBeUndefined();
  });
});

describe('GitlabClient', () => {
  let standIns: StandIns;
  const logger = mockServices.logger.mock();
  const client = (token = CANARY_PAT) =>
    new GitlabClient(
      `${standIns.gitlabUrl}/api/v4`,
      token,
      logger,
      fastRetry().retry,
    );

  beforeEach(async () => {
    standIns = await startStandIns({ world: testWorld() });
  });
  afterEach(() => standIns.close());

  it('reads the token: scopes, expiry and nothing missing', async () => {
    await expect(client().checkToken()).resolves.toEqual({
      name: 'snyk',
      active: true,
      revoked: false,
      scopes: ['api', 'read_api', 'read_repository'],
      expiresAt: '2099-01-01',
    });
  });

  it('gets 401 for an unknown or revoked token, without the token in the error', async () => {
    await expect(client('glpat-wrong').checkToken()).rejects.toMatchObject({
      status: 401,
    });
    standIns.world.gitlab.tokens[0].revoked = true;
    const error = await client()
      .checkToken()
      .catch(e => e);
    expect(error.status).toBe(401);
    expect(error.message).toContain('Token was revoked');
    expect(error.message).not.toContain(CANARY_PAT);
  });

  it('lists all projects with keyset pagination, 100 a page', async () => {
    standIns.world.gitlab.projects = Array.from({ length: 250 }, (_, i) =>
      project(1000 + i, `big/p${i}`),
    );
    standIns.world.gitlab.projects.push({
      ...project(5000, 'big/old'),
      archived: true,
    });
    const seen: number[] = [];
    for await (const page of client().listProjects())
      seen.push(...page.map(p => p.id));
    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);
    const listings = standIns.faults.requests.filter(
      r => r.path === '/api/v4/projects',
    );
    expect(listings).toHaveLength(3);
    expect(listings[1].query).toContain('id_after=1099');
  });

  it('lists groups with their subgroups, following offset pages', async () => {
    for (let i = 0; i < 120; i++)
      standIns.world.gitlab.projects.push(
        project(100 + i, `acme/team/gen${i}`),
      );
    const paths: string[] = [];
    for await (const page of client().listProjects(['acme']))
      paths.push(...page.map(p => p.path));
    expect(paths).toHaveLength(123);
    expect(paths).toContain('acme/team/web');
    expect(standIns.faults.count('gitlab', /groups\/acme\/projects/)).toBe(2);
  });

  it('fails on an unknown group with 404', async () => {
    const pages = client().listProjects(['nope']);
    await expect(pages.next()).rejects.toMatchObject({ status: 404 });
  });

  it('reads a raw file and answers undefined when there is none', async () => {
    await expect(
      client().readFile(11, 'catalog-info.yaml', 'main'),
    ).resolves.toContain('name: api');
    await expect(
      client().readFile(12, 'catalog-info.yaml', 'main'),
    ).resolves.toBeUndefined();
    await expect(
      client().readFile(11, 'catalog-info.yaml', 'other-branch'),
    ).resolves.toBeUndefined();
  });

  it('url-encodes nested file paths', async () => {
    standIns.world.gitlab.projects[0].files['docs/catalog-info.yaml'] = 'x: 1';
    await expect(
      client().readFile(11, 'docs/catalog-info.yaml', 'main'),
    ).resolves.toBe('x: 1');
    expect(standIns.faults.requests[0].path).toContain(
      'docs%2Fcatalog-info.yaml',
    );
  });

  it('gets 403 listing projects with only read_repository', async () => {
    standIns.world.gitlab.tokens[0].scopes = ['read_repository'];
    await expect(client().listProjects().next()).rejects.toMatchObject({
      status: 403,
    });
  });

  it('never follows a next-page link to another origin with the token', async () => {
    standIns.faults.add({
      service: 'gitlab',
      path: /groups\/acme\/projects/,
      status: 200,
      body: '[]',
      headers: {
        Link: '<http://127.0.0.2:9/api/v4/groups/acme/projects?page=2>; rel="next"',
      },
      times: 1,
    });
    const pages = client().listProjects(['acme']);
    await expect(pages.next()).resolves.toMatchObject({ value: [] });
    await expect(pages.next()).rejects.toThrow(
      'GitLab answered a next-page link to another origin; it was not followed',
    );
  });

  it('reads a catalog file over the size cap as too large, not whole', async () => {
    standIns.world.gitlab.projects[0].files['catalog-info.yaml'] = 'x'.repeat(
      300 * 1024,
    );
    await expect(
      client().readFile(11, 'catalog-info.yaml', 'main'),
    ).rejects.toMatchObject({ tooLarge: true });
  });
});
