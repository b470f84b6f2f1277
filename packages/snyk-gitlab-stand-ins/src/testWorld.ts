// A small world and matching Backstage config, shared by the plugins' tests.
import { createWorld, GitlabProject, World } from './world';

/** Canary secrets: tests search every response, log line and row for them. */
export const CANARY_PAT = 'glpat-CANARY-pat-7f3a9c0d1e';
export const CANARY_SNYK_TOKEN = 'snyk-CANARY-token-5e1b2d4f';
export const ORG_ID = '0f5e7c52-8d1a-4f36-9c1e-5d3b2a1c0e99';
/** The Snyk group of the test world; its inventory is empty until synced. */
export const GROUP_ID = '7c3d9a10-2b4e-4f61-8a7d-1e2f3a4b5c6d';

export function catalogFile(name: string, spec: Record<string, string> = {}) {
  const lines = Object.entries({
    type: 'service',
    owner: 'team-a',
    lifecycle: 'production',
    ...spec,
  })
    .map(([k, v]) => `  ${k}: ${v}`)
    .join('\n');
  return `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n${lines}\n`;
}

export function project(
  id: number,
  path: string,
  files: Record<string, string> = {},
): GitlabProject {
  return {
    id,
    path,
    defaultBranch: 'main',
    lastActivityAt: '2026-11-01T00:00:00Z',
    files,
  };
}

/** A small world: the canary PAT, group `acme` with three projects, one Snyk org. */
export function testWorld(): World {
  return createWorld({
    gitlab: {
      tokens: [
        {
          token: CANARY_PAT,
          name: 'snyk',
          scopes: ['api', 'read_api', 'read_repository'],
          expiresAt: '2099-01-01',
        },
      ],
      groups: [
        { id: 1, path: 'acme' },
        { id: 2, path: 'acme/team' },
      ],
      projects: [
        project(11, 'acme/api', {
          'catalog-info.yaml': catalogFile('api', { system: 'shop' }),
        }),
        project(12, 'acme/team/web', { 'package.json': '{}' }),
        project(13, 'acme/team/worker', {
          'catalog-info.yaml': catalogFile('worker'),
        }),
      ],
    },
    snyk: {
      tokens: [CANARY_SNYK_TOKEN],
      orgs: [{ id: ORG_ID, name: 'Acme' }],
      groups: [{ id: GROUP_ID, name: 'Acme', tokens: [CANARY_SNYK_TOKEN] }],
    },
  });
}

/** Backstage config pointing the plugin at running stand-ins. */
export function testConfig(
  urls: { gitlabUrl: string; snykUrl: string },
  schedule: object = {
    frequency: { minutes: 30 },
    timeout: { minutes: 1 },
    initialDelay: { hours: 1 },
  },
  /** A Snyk group id, to read Snyk's inventory; none by default. */
  snykGroupId?: string,
) {
  const gitlabHost = new URL(urls.gitlabUrl).host;
  return {
    integrations: {
      gitlab: [
        {
          host: gitlabHost,
          apiBaseUrl: `${urls.gitlabUrl}/api/v4`,
          baseUrl: urls.gitlabUrl,
          token: CANARY_PAT,
        },
      ],
    },
    snykGitlab: {
      snyk: {
        apiBaseUrl: urls.snykUrl,
        token: CANARY_SNYK_TOKEN,
        ...(snykGroupId ? { groupId: snykGroupId } : {}),
        orgs: [
          { orgId: ORG_ID, name: 'Acme', gitlabHost, gitlabGroups: ['acme'] },
        ],
      },
      // "Add Backstage Catalog" chosen by default, as an admin may configure.
      catalog: { enabled: true },
      schedule,
    },
  };
}
