// What the community Snyk plugin (backstage-plugin-snyk 2.x) reads besides the
// projects list: the org (REST), its issues (REST) and, per project, the v1
// project and dependency graph. Issues are derived from each project's counts.
import { JSONAPI, REST_TYPE, cursorPage, restError } from './jsonApi';
import crypto from 'node:crypto';
import express, { Request, Response } from 'express';
import { SnykOrg, SnykProject, SnykTarget, World } from './world';

const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
const CREATED = '2026-01-01T00:00:00Z';
const TESTED = '2026-11-01T00:00:00Z';

/** A UUID-shaped id that stays the same for the same text. */
export function stableUuid(text: string): string {
  const h = crypto.createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(
    17,
    20,
  )}-${h.slice(20, 32)}`;
}

/**
 * Whether an endpoint exists at the version asked: Snyk serves the newest
 * release at or before the date, of the stability asked or a more stable one.
 */
function releasedAt(
  version: string,
  releases: { ga: string; beta: string; experimental: string },
) {
  const match = /^(\d{4}-\d{2}-\d{2})(?:~(beta|experimental))?$/.exec(version);
  if (!match) return false;
  const [, date, stability] = match;
  if (date >= releases.ga) return true;
  if (stability === 'beta') return date >= releases.beta;
  if (stability === 'experimental') return date >= releases.experimental;
  return false;
}

/** The REST issues a project's counts stand for: open, not ignored, one per count. */
export function projectIssues(org: SnykOrg, project: SnykProject) {
  const code = project.type === 'sast';
  return SEVERITIES.flatMap(severity =>
    Array.from({ length: project.issueCounts[severity] }, (_, i) => {
      const id = stableUuid(`${project.id}|${severity}|${i}`);
      return {
        id,
        type: 'issue',
        attributes: {
          key: code
            ? `${id}:${i}`
            : `SNYK-DEMO-${project.type.toUpperCase()}-${id.slice(0, 8)}`,
          title: code
            ? `Demo ${severity} code issue ${i + 1}`
            : `Demo ${severity} vulnerability ${i + 1} in ${
                project.type
              } dependency`,
          type: code ? 'code' : 'package_vulnerability',
          effective_severity_level: severity,
          status: 'open',
          ignored: false,
          created_at: CREATED,
          updated_at: TESTED,
        },
        relationships: {
          organization: { data: { id: org.id, type: 'organization' } },
          scan_item: { data: { id: project.id, type: 'project' } },
        },
      };
    }),
  );
}

function listParam(req: Request, name: string): string[] | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  return String(value)
    .split(',')
    .map(v => v.trim())
    .filter(Boolean);
}

/**
 * REST `GET /orgs/{org_id}` and `GET /orgs/{org_id}/issues`, mounted on the
 * REST router after its token and version checks.
 */
export function communityRest(world: World): express.Router {
  const router = express.Router();
  const orgOf = (req: Request, res: Response) => {
    const org = world.snyk.orgs.find(o => o.id === req.params.orgId);
    if (!org) restError(res, 404, 'Org not found');
    return org;
  };

  router.get('/orgs/:orgId', (req, res) => {
    const releases = {
      ga: '2023-05-29',
      beta: '2022-12-15',
      experimental: '2022-04-06',
    };
    if (!releasedAt(String(req.query.version), releases)) {
      restError(res, 404, 'No version of this endpoint at the version asked');
      return;
    }
    const org = orgOf(req, res);
    if (!org) return;
    res.type(REST_TYPE).send(
      JSON.stringify({
        jsonapi: JSONAPI,
        data: {
          id: org.id,
          type: 'org',
          attributes: {
            name: org.name,
            slug: org.slug,
            is_personal: false,
            created_at: CREATED,
            updated_at: CREATED,
          },
        },
        links: { self: `/rest/orgs/${org.id}?version=${req.query.version}` },
      }),
    );
  });

  router.get('/orgs/:orgId/issues', (req, res) => {
    const releases = {
      ga: '2024-01-23',
      beta: '2023-09-29',
      experimental: '2023-03-10',
    };
    if (!releasedAt(String(req.query.version), releases)) {
      restError(res, 404, 'No version of this endpoint at the version asked');
      return;
    }
    const org = orgOf(req, res);
    if (!org) return;
    const limitText = req.query.limit === undefined ? '10' : req.query.limit;
    const limit = Number(limitText);
    if (
      typeof limitText !== 'string' ||
      !/^\d+$/.test(limitText) ||
      limit < 10 ||
      limit > 100 ||
      limit % 10 !== 0
    ) {
      restError(res, 400, 'limit must be a multiple of 10 from 10 to 100');
      return;
    }
    const scanItemId = req.query['scan_item.id'];
    const scanItemType = req.query['scan_item.type'];
    if ((scanItemId === undefined) !== (scanItemType === undefined)) {
      restError(res, 400, 'scan_item.id and scan_item.type go together');
      return;
    }
    if (
      scanItemType !== undefined &&
      scanItemType !== 'project' &&
      scanItemType !== 'environment'
    ) {
      restError(res, 400, 'scan_item.type must be project or environment');
      return;
    }
    const severities = listParam(req, 'effective_severity_level');
    const types = listParam(req, 'type');
    const statuses = listParam(req, 'status');
    const ignored = req.query.ignored;
    const projects = org.targets
      .flatMap(t => t.projects)
      .filter(
        p =>
          scanItemId === undefined ||
          (scanItemType === 'project' && p.id === String(scanItemId)),
      );
    const all = projects
      .flatMap(p => projectIssues(org, p))
      .filter(
        i =>
          (!severities ||
            severities.includes(i.attributes.effective_severity_level)) &&
          (!types || types.includes(i.attributes.type)) &&
          (!statuses || statuses.includes(i.attributes.status)) &&
          (ignored === undefined ||
            String(i.attributes.ignored) === String(ignored)),
      );
    const page = cursorPage(req, res, all, limit);
    if (!page) return;
    const { slice, links } = page;
    res
      .type(REST_TYPE)
      .send(JSON.stringify({ jsonapi: JSONAPI, data: slice, links }));
  });

  return router;
}

/** A stand-in package count for a project: 3 to 7, stable. */
function dependencyCount(project: SnykProject) {
  return 3 + (parseInt(stableUuid(project.id).slice(0, 2), 16) % 5);
}

/**
 * v1 `GET /org/{orgId}/project/{projectId}` and its `/dep-graph`, mounted on
 * the v1 router after its token check.
 */
export function communityV1(world: World): express.Router {
  const router = express.Router();
  const find = (
    req: Request,
    res: Response,
  ): [SnykOrg, SnykTarget, SnykProject] | undefined => {
    const org = world.snyk.orgs.find(o => o.id === req.params.orgId);
    if (!org) {
      res.status(404).json({ code: 404, message: 'Org not found' });
      return undefined;
    }
    for (const target of org.targets) {
      const project = target.projects.find(p => p.id === req.params.projectId);
      if (project) return [org, target, project];
    }
    res.status(404).json({ code: 404, message: 'Project not found' });
    return undefined;
  };

  router.get('/org/:orgId/project/:projectId', (req, res) => {
    const found = find(req, res);
    if (!found) return;
    const [org, target, project] = found;
    res.json({
      name: project.name,
      id: project.id,
      created: CREATED,
      origin: target.integrationType,
      type: project.type,
      readOnly: false,
      testFrequency: 'daily',
      totalDependencies: project.type === 'sast' ? 0 : dependencyCount(project),
      issueCountsBySeverity: { ...project.issueCounts },
      remoteRepoUrl: target.url,
      lastTestedDate: TESTED,
      owner: null,
      browseUrl: `https://app.snyk.io/org/${org.slug}/project/${project.id}`,
      importingUser: {
        id: '5a0b6f3c-1d2e-4f50-8a9b-0c1d2e3f4a5b',
        name: 'Stand-in User',
        username: 'standin',
        email: 'standin@example.com',
      },
      isMonitored: true,
      branch: project.branch,
      tags: [],
      attributes: { criticality: [], environment: [], lifecycle: [] },
      hostname: null,
    });
  });

  router.get('/org/:orgId/project/:projectId/dep-graph', (req, res) => {
    const found = find(req, res);
    if (!found) return;
    const [, target, project] = found;
    if (project.type === 'sast') {
      res.status(404).json({
        code: 404,
        message: 'This project has no dependency graph',
      });
      return;
    }
    const root = `${target.displayName.split('/').pop()}@0.0.0`;
    const deps = Array.from(
      { length: dependencyCount(project) },
      (_, i) => `demo-dependency-${i + 1}@1.${i}.0`,
    );
    const info = (id: string) => {
      const at = id.lastIndexOf('@');
      return { name: id.slice(0, at), version: id.slice(at + 1) };
    };
    res.json({
      depGraph: {
        schemaVersion: '1.2.0',
        pkgManager: { name: project.type },
        pkgs: [root, ...deps].map(id => ({ id, info: info(id) })),
        graph: {
          rootNodeId: 'root-node',
          nodes: [
            {
              nodeId: 'root-node',
              pkgId: root,
              deps: deps.map(nodeId => ({ nodeId })),
            },
            ...deps.map(id => ({ nodeId: id, pkgId: id, deps: [] })),
          ],
        },
      },
    });
  });

  return router;
}
