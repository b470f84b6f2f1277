import {
  GitlabProject,
  World,
  catalogFile,
  createWorld as emptyWorld,
  project as standInProject,
} from '@snyk-gitlab/stand-ins';

export { startStandIns } from '@snyk-gitlab/stand-ins';

export const BENCH_PAT = 'glpat-bench-token';
export const BENCH_SNYK_TOKEN = 'snyk-bench-token';

function project(
  id: number,
  path: string,
  withCatalog: boolean,
): GitlabProject {
  const files: Record<string, string> = withCatalog
    ? {
        'catalog-info.yaml': catalogFile(`p${id}`, {
          owner: `team-${id % 40}`,
          system: `sys-${id % 7}`,
        }),
      }
    : {};
  return standInProject(id, path, files);
}

/**
 * A world of `n` projects in 50 groups; every third has a catalog file and is
 * imported in Snyk (or every project is, with `allImported`).
 */
export function createWorld(
  n: number,
  options: { allImported?: boolean } = {},
): World {
  const world = emptyWorld({
    gitlab: {
      tokens: [
        {
          token: BENCH_PAT,
          name: 'bench',
          scopes: ['api', 'read_api', 'read_repository'],
        },
      ],
      groups: Array.from({ length: 50 }, (_, i) => ({
        id: i + 1,
        path: `group${i}`,
      })),
      projects: Array.from({ length: n }, (_, i) =>
        project(i + 1, `group${i % 50}/project-${i + 1}`, i % 3 === 0),
      ),
    },
    snyk: {
      tokens: [BENCH_SNYK_TOKEN],
      orgs: [{ id: 'bench-org', name: 'Bench' }],
    },
  });
  world.snyk.orgs[0].targets = world.gitlab.projects
    .filter(p => options.allImported || p.files['catalog-info.yaml'])
    .map(p => ({
      id: `target-${p.id}`,
      displayName: p.path,
      url: `https://gitlab.example/${p.path}`,
      integrationType: 'gitlab',
      projects: [
        {
          id: `project-${p.id}`,
          name: `${p.path}:package.json`,
          type: 'npm',
          targetFile: 'package.json',
          branch: 'main',
          issueCounts: {
            critical: p.id % 2,
            high: p.id % 5,
            medium: p.id % 9,
            low: p.id % 13,
          },
        },
      ],
    }));
  return world;
}

/**
 * The plugin's config against the stand-ins: their GitLab host with the bench
 * PAT, and one Snyk org on it. `snyk` adds to the Snyk part.
 */
export function benchConfig(
  standIns: { gitlabUrl: string; snykUrl: string },
  orgId: string,
  snyk: Record<string, unknown> = {},
) {
  const host = new URL(standIns.gitlabUrl).host;
  return {
    integrations: {
      gitlab: [
        {
          host,
          apiBaseUrl: `${standIns.gitlabUrl}/api/v4`,
          baseUrl: standIns.gitlabUrl,
          token: BENCH_PAT,
        },
      ],
    },
    snykGitlab: {
      snyk: {
        apiBaseUrl: standIns.snykUrl,
        token: BENCH_SNYK_TOKEN,
        orgs: [{ orgId, gitlabHost: host }],
        ...snyk,
      },
    },
  };
}
