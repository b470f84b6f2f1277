import { JSONAPI, REST_TYPE, restError } from './jsonApi';
import crypto from 'node:crypto';
import express, { Request, Response } from 'express';
import { Faults } from './faults';
import { brokerConnectionsRest, snykSettingsV1 } from './snykSettings';
import { communityRest, communityV1 } from './snykCommunity';
import {
  IssueCounts,
  SnykAsset,
  SnykOrg,
  SnykProject,
  SnykTarget,
  World,
} from './world';

/** The stand-in's one Snyk user (ids are UUIDs, as Snyk's). */
const SELF_ID = '5a0b6f3c-1d2e-4f50-8a9b-0c1d2e3f4a5b';

function restJson(res: Response, body: unknown) {
  res.type(REST_TYPE).send(JSON.stringify(body));
}

/** Deterministic demo issue counts from a name. */
export function issueCountsFor(name: string): IssueCounts {
  const h = crypto.createHash('sha256').update(name).digest();
  return {
    critical: h[0] % 3,
    high: h[1] % 6,
    medium: h[2] % 12,
    low: h[3] % 20,
  };
}

const MANIFESTS: Record<string, string> = {
  'package.json': 'npm',
  'pom.xml': 'maven',
  'go.mod': 'gomodules',
  'requirements.txt': 'pip',
  Gemfile: 'rubygems',
};

/** A stand-in for the Snyk v1 integrations/import API and the REST targets/projects API. */
export function createSnykApp(
  world: World,
  faults: Faults,
  gitlabBaseUrl: () => string,
) {
  const app = express();
  app.use(faults.middleware('snyk'));
  app.use(express.json({ type: ['application/json', REST_TYPE] }));

  const tokenOk = (req: Request) => {
    const match = /^token (.+)$/.exec(req.header('authorization') ?? '');
    return Boolean(match && world.snyk.tokens.includes(match[1]));
  };

  const orgOf = (
    req: Request,
    res: Response,
    rest: boolean,
  ): SnykOrg | undefined => {
    const org = world.snyk.orgs.find(o => o.id === req.params.orgId);
    if (!org) {
      if (rest) restError(res, 404, 'Org not found');
      else res.status(404).json({ code: 404, message: 'Org not found' });
    }
    return org;
  };

  // --- v1 ---
  const v1 = express.Router();
  v1.use((req, res, next) => {
    if (!tokenOk(req)) {
      res.status(401).json({
        code: 401,
        message: 'Not authorised',
        error: 'Not authorised',
      });
      return;
    }
    next();
  });

  v1.get('/org/:orgId/integrations', (req, res) => {
    const org = orgOf(req, res, false);
    if (org) res.json(org.integrations);
  });

  const saveIntegration = (
    org: SnykOrg,
    req: Request,
    res: Response,
    id: string,
  ) => {
    const { type, credentials } = req.body ?? {};
    if (type !== 'gitlab' || typeof credentials?.token !== 'string') {
      res.status(400).json({
        code: 400,
        message: 'type and credentials.token are required',
      });
      return;
    }
    org.integrations.gitlab = id;
    org.credentials[id] = { token: credentials.token, url: credentials.url };
    res.json({ id });
  };

  v1.post('/org/:orgId/integrations', (req, res) => {
    const org = orgOf(req, res, false);
    if (!org) return;
    if (org.integrations.gitlab) {
      res
        .status(409)
        .json({ code: 409, message: 'Integration already exists' });
      return;
    }
    saveIntegration(org, req, res, crypto.randomUUID());
  });

  v1.put('/org/:orgId/integrations/:integrationId', (req, res) => {
    const org = orgOf(req, res, false);
    if (!org) return;
    if (!Object.values(org.integrations).includes(req.params.integrationId)) {
      res.status(404).json({ code: 404, message: 'Integration not found' });
      return;
    }
    saveIntegration(org, req, res, req.params.integrationId);
  });

  v1.post('/org/:orgId/integrations/:integrationId/import', (req, res) => {
    const org = orgOf(req, res, false);
    if (!org) return;
    if (!org.credentials[req.params.integrationId]) {
      res.status(404).json({ code: 404, message: 'Integration not found' });
      return;
    }
    const target = req.body?.target;
    if (typeof target?.id !== 'number') {
      res
        .status(400)
        .json({ code: 400, message: 'target.id must be a number for GitLab' });
      return;
    }
    const job = {
      id: crypto.randomUUID(),
      integrationId: req.params.integrationId,
      status: 'pending' as const,
      polls: 0,
      created: new Date().toISOString(),
      gitlabProjectId: target.id,
      branch: target.branch,
    };
    org.jobs.push(job);
    const location = `${req.protocol}://${req.get('host')}/v1/org/${
      org.id
    }/integrations/${job.integrationId}/import/${job.id}`;
    res.status(201).setHeader('Location', location);
    res.json({});
  });

  const completeImport = (org: SnykOrg, job: SnykOrg['jobs'][number]) => {
    const credentials = org.credentials[job.integrationId];
    const token = world.gitlab.tokens.find(t => t.token === credentials?.token);
    const project = world.gitlab.projects.find(
      p => p.id === job.gitlabProjectId,
    );
    if (!project || !token || token.revoked || !token.scopes.includes('api')) {
      job.status = 'failed';
      return;
    }
    const branch = job.branch ?? project.defaultBranch;
    let target = org.targets.find(t => t.displayName === project.path);
    if (!target) {
      target = {
        id: crypto.randomUUID(),
        displayName: project.path,
        url: `${gitlabBaseUrl()}/${project.path}`,
        integrationType: 'gitlab',
        projects: [],
      };
      org.targets.push(target);
    }
    const manifests = Object.keys(project.files).filter(
      f => MANIFESTS[f.split('/').pop()!],
    );
    const files = manifests.length ? manifests : ['(code)'];
    for (const file of files) {
      if (target.projects.some(p => p.targetFile === file)) continue;
      const type = MANIFESTS[file.split('/').pop()!] ?? 'sast';
      target.projects.push({
        id: crypto.randomUUID(),
        name: `${project.path}${type === 'sast' ? '' : `:${file}`}`,
        type,
        targetFile: type === 'sast' ? '' : file,
        branch,
        issueCounts: issueCountsFor(`${project.path}:${file}`),
      });
    }
    job.status = 'complete';
  };

  v1.get(
    '/org/:orgId/integrations/:integrationId/import/:jobId',
    (req, res) => {
      const org = orgOf(req, res, false);
      if (!org) return;
      const job = org.jobs.find(j => j.id === req.params.jobId);
      if (!job || job.integrationId !== req.params.integrationId) {
        res.status(404).json({ code: 404, message: 'Import job not found' });
        return;
      }
      if (job.status === 'pending') {
        job.polls += 1;
        if (job.polls > world.snyk.importPollsUntilComplete)
          completeImport(org, job);
      }
      const target = org.targets.find(t => {
        const p = world.gitlab.projects.find(x => x.id === job.gitlabProjectId);
        return p && t.displayName === p.path;
      });
      res.json({
        id: job.id,
        status: job.status,
        created: job.created,
        logs:
          job.status === 'pending'
            ? []
            : [
                {
                  name: target?.displayName ?? String(job.gitlabProjectId),
                  created: job.created,
                  status: job.status,
                  projects: (target?.projects ?? []).map(p => ({
                    targetFile: p.targetFile,
                    success: true,
                    projectUrl: `https://app.snyk.io/org/${org.slug}/project/${p.id}`,
                    projectId: p.id,
                  })),
                },
              ],
      });
    },
  );

  v1.use(snykSettingsV1(world));
  v1.use(communityV1(world));
  app.use('/v1', v1);

  // --- REST ---
  const rest = express.Router();
  rest.use((req, res, next) => {
    if (!tokenOk(req)) {
      restError(res, 401, 'Unauthorized');
      return;
    }
    if (!req.query.version) {
      restError(res, 400, 'The version query parameter is required');
      return;
    }
    next();
  });

  rest.get('/self', (_req, res) => {
    restJson(res, {
      jsonapi: JSONAPI,
      data: {
        id: SELF_ID,
        type: 'user',
        attributes: {
          name: 'Stand-in User',
          username: 'standin',
          email: 'standin@example.com',
          avatar_url: 'https://example.com/avatar.png',
        },
      },
      links: { self: '/self' },
    });
  });

  const page = <T extends { id: string }>(req: Request, items: T[]) => {
    const limit = Math.min(
      Math.max(Number(req.query.limit ?? 10) || 10, 10),
      100,
    );
    const after = req.query.starting_after
      ? String(req.query.starting_after)
      : undefined;
    const start = after ? items.findIndex(i => i.id === after) + 1 : 0;
    const slice = items.slice(start, start + limit);
    let next: string | undefined;
    if (start + limit < items.length) {
      const url = new URL(req.originalUrl, 'http://x');
      url.searchParams.set('starting_after', slice[slice.length - 1].id);
      next = `${url.pathname}${url.search}`;
    }
    return { slice, next };
  };

  const targetJson = (org: SnykOrg, t: SnykTarget) => ({
    id: t.id,
    type: 'target',
    attributes: {
      display_name: t.displayName,
      url: t.url,
      is_private: true,
      created_at: '2026-01-01T00:00:00Z',
    },
    relationships: {
      integration: {
        data: {
          id: org.integrations[t.integrationType] ?? null,
          type: 'integration',
          attributes: { integration_type: t.integrationType },
        },
      },
      organization: { data: { id: org.id, type: 'org' } },
    },
  });

  rest.get('/orgs/:orgId/targets', (req, res) => {
    const org = orgOf(req, res, true);
    if (!org) return;
    const name = req.query.display_name
      ? String(req.query.display_name)
      : undefined;
    const sources = req.query.source_types
      ? String(req.query.source_types).split(',')
      : undefined;
    // Snyk's default (exclude_empty=true) hides targets without projects,
    // e.g. a repository whose import found nothing to scan.
    const excludeEmpty = req.query.exclude_empty !== 'false';
    const targets = org.targets.filter(
      t =>
        (!name || t.displayName === name) &&
        (!sources || sources.includes(t.integrationType)) &&
        (!excludeEmpty || t.projects.length > 0),
    );
    const { slice, next } = page(req, targets);
    restJson(res, {
      jsonapi: JSONAPI,
      data: slice.map(t => targetJson(org, t)),
      links: next ? { next } : {},
    });
  });

  rest.get('/orgs/:orgId/projects', (req, res) => {
    const org = orgOf(req, res, true);
    if (!org) return;
    const wanted = req.query.target_id
      ? String(req.query.target_id).split(',')
      : undefined;
    const ids = req.query.ids ? String(req.query.ids).split(',') : undefined;
    const withCounts = req.query['meta.latest_issue_counts'] === 'true';
    const all: Array<SnykProject & { targetId: string }> = org.targets
      .filter(t => !wanted || wanted.includes(t.id))
      .flatMap(t => t.projects.map(p => ({ ...p, targetId: t.id })))
      .filter(p => !ids || ids.includes(p.id));
    const { slice, next } = page(req, all);
    restJson(res, {
      jsonapi: JSONAPI,
      data: slice.map(p => ({
        id: p.id,
        type: 'project',
        attributes: {
          name: p.name,
          type: p.type,
          target_file: p.targetFile,
          target_reference: p.branch,
          origin: 'gitlab',
          status: 'active',
          created: '2026-01-01T00:00:00Z',
          read_only: false,
          settings: {
            recurring_tests: { frequency: 'daily' },
            pull_requests: { is_enabled: true },
          },
        },
        relationships: {
          target: {
            data: { id: p.targetId, type: 'target' },
            links: { related: `/orgs/${org.id}/targets/${p.targetId}` },
          },
          organization: {
            data: { id: org.id, type: 'org' },
            links: { related: `/orgs/${org.id}` },
          },
        },
        ...(withCounts
          ? {
              meta: {
                latest_issue_counts: {
                  ...p.issueCounts,
                  updated_at: '2026-11-01T00:00:00Z',
                },
              },
            }
          : {}),
      })),
      links: next ? { next } : {},
    });
  });

  // --- REST Assets API (beta): a group's inventory ---
  const assetUrl = (a: SnykAsset) =>
    a.host ? `https://${a.host}/${a.path}` : `${gitlabBaseUrl()}/${a.path}`;

  /** The asset attributes the stand-in can filter on. */
  const attributeOf = (a: SnykAsset, attribute: unknown): unknown => {
    switch (attribute) {
      case 'id':
        return a.id;
      case 'type':
        return 'repository';
      case 'name':
        return a.path;
      case 'repository_url':
      case 'browse_url':
        return assetUrl(a);
      case 'removed':
        return false;
      case 'repository_freshness':
        return a.repositoryFreshness;
      case 'updated_at':
        return a.updatedAt;
      default:
        throw new Error(`attribute ${String(attribute)} is not modelled`);
    }
  };

  /** A search condition (SearchAttributesObject), `and`/`or` nesting others. */
  const matches = (a: SnykAsset, condition: any): boolean => {
    const values: unknown[] = Array.isArray(condition?.values)
      ? condition.values
      : [];
    const actual = () => attributeOf(a, condition.attribute);
    const text = () => String(actual() ?? '');
    switch (condition?.operator) {
      case 'and':
        return values.every(v => matches(a, v));
      case 'or':
        return values.some(v => matches(a, v));
      case 'equal':
      case 'in':
        return values.includes(actual());
      case 'not_equal':
      case 'not_in':
        return !values.includes(actual());
      case 'starts_with':
        return values.some(v => text().startsWith(String(v)));
      case 'ends_with':
        return values.some(v => text().endsWith(String(v)));
      case 'contains':
        return values.some(v => text().includes(String(v)));
      default:
        throw new Error(
          `operator ${String(condition?.operator)} is not modelled`,
        );
    }
  };

  rest.post('/groups/:groupId/assets/search', (req, res) => {
    // Released only as a beta: a GA version finds no endpoint.
    if (!/(^|~)beta$/.test(String(req.query.version))) {
      restError(
        res,
        404,
        'The assets search is released only at beta stability: ask for a ~beta version',
      );
      return;
    }
    const group = world.snyk.groups.find(g => g.id === req.params.groupId);
    if (!group) {
      restError(res, 404, 'Group not found');
      return;
    }
    const token = /^token (.+)$/.exec(req.header('authorization') ?? '')?.[1];
    if (!token || !group.tokens.includes(token)) {
      restError(res, 403, 'The token may not read the assets of this group');
      return;
    }
    const query = req.body?.query;
    if (
      typeof req.body !== 'object' ||
      req.body === null ||
      (query !== undefined && typeof query?.attributes !== 'object')
    ) {
      restError(res, 400, 'query.attributes is required in a search');
      return;
    }
    let found: SnykAsset[];
    try {
      found = group.assets.filter(
        a => query === undefined || matches(a, query.attributes),
      );
    } catch (error) {
      restError(res, 400, (error as Error).message);
      return;
    }
    const size = group.pageSize ?? 100;
    const after = req.query.starting_after
      ? String(req.query.starting_after)
      : undefined;
    const start = after ? found.findIndex(a => a.id === after) + 1 : 0;
    const slice = found.slice(start, start + size);
    let next: string | undefined;
    if (start + size < found.length) {
      const url = new URL(req.originalUrl, 'http://x');
      url.searchParams.set('starting_after', slice[slice.length - 1].id);
      next = `${url.pathname}${url.search}`;
    }
    restJson(res, {
      jsonapi: JSONAPI,
      data: slice.map(a => ({
        id: a.id,
        type: 'repository',
        removed: false,
        attributes: {
          name: a.path,
          repository_url: assetUrl(a),
          browse_url: assetUrl(a),
          created_at: '2026-01-01T00:00:00Z',
          updated_at: a.updatedAt,
          repository_freshness: a.repositoryFreshness ?? null,
          app_context: a.appContext ?? null,
          archived: a.archived ?? false,
          sources: ['gitlab'],
          tags: [],
        },
      })),
      links: next ? { next } : {},
    });
  });

  rest.use(brokerConnectionsRest(world));
  rest.use(communityRest(world));
  app.use('/rest', rest);
  app.use((_req, res) => {
    res.status(404).json({ code: 404, message: 'Not found' });
  });
  return app;
}
