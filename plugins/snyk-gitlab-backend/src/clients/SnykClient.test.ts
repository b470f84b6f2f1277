import { mockServices } from '@backstage/backend-test-utils';
import {
  StandIns,
  issueCountsFor,
  startStandIns,
  CANARY_PAT,
  CANARY_SNYK_TOKEN,
  ORG_ID,
  testWorld,
} from '@snyk-gitlab/stand-ins';
import { SnykClient } from './SnykClient';
import { fastRetry } from '../__testUtils__/retry';

describe('SnykClient', () => {
  let standIns: StandIns;
  const logger = mockServices.logger.mock();
  const client = (token = CANARY_SNYK_TOKEN) =>
    new SnykClient(
      standIns.snykUrl,
      token,
      '2024-10-15',
      logger,
      fastRetry().retry,
    );
  const org = () => standIns.world.snyk.orgs[0];

  beforeEach(async () => {
    standIns = await startStandIns({ world: testWorld() });
  });
  afterEach(() => standIns.close());

  it('checks the token with GET /rest/self and a version', async () => {
    await expect(client().self()).resolves.toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'Stand-in User',
    });
    expect(standIns.faults.requests[0].query).toContain('version=2024-10-15');
    await expect(client('wrong').self()).rejects.toMatchObject({ status: 401 });
  });

  it('creates the GitLab integration, then updates the same one', async () => {
    const gitlab = { token: CANARY_PAT, url: standIns.gitlabUrl };
    const id = await client().saveGitlabIntegration(ORG_ID, gitlab);
    expect(org().integrations.gitlab).toBe(id);
    expect(org().credentials[id]).toEqual(gitlab);
    await expect(client().saveGitlabIntegration(ORG_ID, gitlab)).resolves.toBe(
      id,
    );
    expect(standIns.faults.requests.map(r => r.method)).toEqual([
      'GET',
      'POST',
      'GET',
      'PUT',
    ]);
  });

  it('gets 404 for an unknown org', async () => {
    await expect(client().findGitlabIntegration('nope')).rejects.toMatchObject({
      status: 404,
    });
  });

  it('imports a GitLab project and polls the job until it completes', async () => {
    const integrationId = await client().saveGitlabIntegration(ORG_ID, {
      token: CANARY_PAT,
      url: standIns.gitlabUrl,
    });
    const jobId = await client().importGitlabProject(ORG_ID, integrationId, {
      id: 12,
      branch: 'main',
    });
    expect(org().jobs[0].id).toBe(jobId);
    const job = await client().waitForImportJob(ORG_ID, integrationId, jobId, {
      intervalMs: 1,
    });
    expect(job).toEqual({
      id: jobId,
      status: 'complete',
      projects: [
        {
          projectId: expect.any(String),
          targetFile: 'package.json',
          success: true,
        },
      ],
    });
    expect(standIns.faults.count('snyk', /\/import\//)).toBe(2);
  });

  it('reports a failed import when the integration token lacks the api scope', async () => {
    standIns.world.gitlab.tokens[0].scopes = ['read_api', 'read_repository'];
    const integrationId = await client().saveGitlabIntegration(ORG_ID, {
      token: CANARY_PAT,
      url: standIns.gitlabUrl,
    });
    const jobId = await client().importGitlabProject(ORG_ID, integrationId, {
      id: 12,
    });
    const job = await client().waitForImportJob(ORG_ID, integrationId, jobId, {
      intervalMs: 1,
    });
    expect(job.status).toBe('failed');
  });

  it('lists GitLab targets with projects and issue counts across pages', async () => {
    org().targets = Array.from({ length: 130 }, (_, i) => ({
      id: `t-${i}`,
      displayName: `acme/p${i}`,
      url: `${standIns.gitlabUrl}/acme/p${i}`,
      integrationType: i === 129 ? 'github' : 'gitlab',
      projects: [
        {
          id: `p-${i}-a`,
          name: `acme/p${i}:package.json`,
          type: 'npm',
          targetFile: 'package.json',
          branch: 'main',
          issueCounts: issueCountsFor(`a${i}`),
        },
        {
          id: `p-${i}-b`,
          name: `acme/p${i}`,
          type: 'sast',
          targetFile: '',
          branch: 'main',
          issueCounts: issueCountsFor(`b${i}`),
        },
      ],
    }));
    const targets = await client().listGitlabTargets(ORG_ID);
    expect(targets).toHaveLength(129);
    const first = targets.find(t => t.targetId === 't-0')!;
    const a = issueCountsFor('a0');
    const b = issueCountsFor('b0');
    expect(first.projects.map(p => p.id)).toEqual(['p-0-a', 'p-0-b']);
    expect(first.issueCounts).toEqual({
      critical: a.critical + b.critical,
      high: a.high + b.high,
      medium: a.medium + b.medium,
      low: a.low + b.low,
    });
    expect(first.projects[1].targetFile).toBeUndefined();
    expect(standIns.faults.count('snyk', /\/targets$/)).toBe(2);
    expect(standIns.faults.count('snyk', /\/projects$/)).toBe(3);
    expect(
      standIns.faults.requests.every(r =>
        r.query.includes('version=2024-10-15'),
      ),
    ).toBe(true);
  });

  it('never follows links.next to another origin with the token', async () => {
    standIns.faults.add({
      service: 'snyk',
      path: /\/targets$/,
      status: 200,
      contentType: 'application/vnd.api+json',
      body: JSON.stringify({
        data: [],
        links: { next: 'https://127.0.0.2:9/rest/orgs/x/targets?page=2' },
      }),
      times: 1,
    });
    await expect(client().listGitlabTargets(ORG_ID)).rejects.toThrow(
      'Snyk answered a next-page link to another origin; it was not followed',
    );
  });

  it('follows links.next given as an object with href, as Snyk may answer', async () => {
    org().targets = Array.from({ length: 3 }, (_, i) => ({
      id: `t-${i}`,
      displayName: `acme/p${i}`,
      url: `${standIns.gitlabUrl}/acme/p${i}`,
      integrationType: 'gitlab',
      projects: [],
    }));
    standIns.faults.add({
      service: 'snyk',
      path: /\/targets$/,
      status: 200,
      contentType: 'application/vnd.api+json',
      body: JSON.stringify({
        data: [
          {
            id: 't-0',
            type: 'target',
            attributes: { display_name: 'acme/p0', url: null },
          },
        ],
        links: {
          next: {
            // Snyk's next link keeps the request's filters.
            href: `/orgs/${ORG_ID}/targets?version=2024-10-15&limit=10&exclude_empty=false&starting_after=t-0`,
          },
        },
      }),
      times: 1,
    });
    const targets = await client().listGitlabTargets(ORG_ID);
    expect(targets.map(t => t.targetId)).toEqual(['t-0', 't-1', 't-2']);
  });

  it('asks Snyk for GitLab targets only, and sends the GitLab URL only for self-managed hosts', async () => {
    await client().listGitlabTargets(ORG_ID);
    expect(
      standIns.faults.requests.find(r => r.path.endsWith('/targets'))?.query,
    ).toContain('source_types=gitlab');
    const id = await client().saveGitlabIntegration(ORG_ID, {
      token: CANARY_PAT,
    });
    expect(org().credentials[id]).toEqual({ token: CANARY_PAT });
    await client().saveGitlabIntegration(ORG_ID, {
      token: CANARY_PAT,
      url: 'https://gitlab.example.com',
    });
    expect(org().credentials[id]).toEqual({
      token: CANARY_PAT,
      url: 'https://gitlab.example.com',
    });
  });

  it('reads the projects of a finished job from its logs, by id or by URL', async () => {
    standIns.faults.add({
      service: 'snyk',
      path: /\/import\/job-1$/,
      status: 200,
      body: JSON.stringify({
        id: 'job-1',
        status: 'complete',
        created: '2026-12-01T00:00:00Z',
        logs: [
          {
            name: 'acme/api',
            status: 'complete',
            projects: [
              { projectId: 'p-1', targetFile: 'package.json', success: true },
              {
                projectUrl: 'https://app.snyk.io/org/acme/project/p-2/',
                targetFile: '',
                success: false,
              },
            ],
          },
        ],
      }),
    });
    await expect(
      client().getImportJob(ORG_ID, 'integration', 'job-1'),
    ).resolves.toEqual({
      id: 'job-1',
      status: 'complete',
      projects: [
        { projectId: 'p-1', targetFile: 'package.json', success: true },
        { projectId: 'p-2', targetFile: undefined, success: false },
      ],
    });
  });
});
