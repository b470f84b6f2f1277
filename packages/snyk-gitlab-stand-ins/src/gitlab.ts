import express, { Request, Response } from 'express';
import { Faults } from './faults';
import { GitlabProject, GitlabToken, World } from './world';

const MAX_PER_PAGE = 100;

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function tokenOf(req: Request): string | undefined {
  const privateToken = req.header('private-token');
  if (privateToken) return privateToken;
  const match = /^Bearer (.+)$/.exec(req.header('authorization') ?? '');
  return match?.[1];
}

function perPage(req: Request): number {
  const n = Number(req.query.per_page ?? 20);
  return Math.min(
    Math.max(Number.isFinite(n) ? Math.floor(n) : 20, 1),
    MAX_PER_PAGE,
  );
}

function projectJson(p: GitlabProject, baseUrl: string) {
  const [name] = p.path.split('/').slice(-1);
  return {
    id: p.id,
    name,
    path: name,
    path_with_namespace: p.path,
    name_with_namespace: p.path.split('/').join(' / '),
    default_branch: p.defaultBranch,
    web_url: `${baseUrl}/${p.path}`,
    http_url_to_repo: `${baseUrl}/${p.path}.git`,
    last_activity_at: p.lastActivityAt,
    archived: Boolean(p.archived),
    empty_repo: Object.keys(p.files).length === 0,
  };
}

/** A stand-in for the parts of the GitLab REST API v4 that we use. */
export function createGitlabApp(
  world: World,
  faults: Faults,
  baseUrl: () => string,
) {
  const app = express();
  app.use(faults.middleware('gitlab'));

  const authenticated = (
    req: Request,
    res: Response,
  ): GitlabToken | undefined => {
    const value = tokenOf(req);
    const token = world.gitlab.tokens.find(t => t.token === value);
    if (!token) {
      res.status(401).json({ message: '401 Unauthorized' });
      return undefined;
    }
    if (token.revoked) {
      res.status(401).json({
        error: 'invalid_token',
        error_description:
          'Token was revoked. You have to re-authorize from the user.',
      });
      return undefined;
    }
    // GitLab expires a token at 00:00 UTC on its expiry date.
    if (token.expiresAt && token.expiresAt <= today()) {
      res.status(401).json({
        error: 'invalid_token',
        error_description: 'Token has expired.',
      });
      return undefined;
    }
    return token;
  };

  const requireScope = (
    token: GitlabToken,
    res: Response,
    anyOf: string[],
  ): boolean => {
    if (anyOf.some(s => token.scopes.includes(s))) return true;
    res.status(403).json({
      error: 'insufficient_scope',
      error_description:
        'The request requires higher privileges than provided by the access token.',
      scope: anyOf.join(' '),
    });
    return false;
  };

  const listingUrl = (req: Request, params: Record<string, string>) => {
    const url = new URL(req.originalUrl, baseUrl());
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return url.toString();
  };

  app.get('/api/v4/personal_access_tokens/self', (req, res) => {
    const token = authenticated(req, res);
    if (!token) return;
    const index = world.gitlab.tokens.indexOf(token);
    res.json({
      id: index + 1,
      name: token.name,
      revoked: Boolean(token.revoked),
      created_at: '2026-01-05T10:00:00.000Z',
      description: null,
      scopes: token.scopes,
      user_id: 1,
      last_used_at: new Date().toISOString(),
      active: token.active !== false,
      expires_at: token.expiresAt ?? null,
    });
  });

  // Keyset pagination (pagination=keyset&order_by=id&sort=asc&id_after=N).
  app.get('/api/v4/projects', (req, res) => {
    const token = authenticated(req, res);
    if (!token || !requireScope(token, res, ['api', 'read_api'])) return;
    if (req.query.pagination !== 'keyset' || req.query.order_by !== 'id') {
      res.status(400).json({
        error: 'this stand-in only serves keyset pagination ordered by id',
      });
      return;
    }
    const size = perPage(req);
    const after = Number(req.query.id_after ?? 0);
    const all = world.gitlab.projects
      .filter(p => !(req.query.archived === 'false' && p.archived))
      .sort((a, b) => a.id - b.id)
      .filter(p => p.id > after);
    const page = all.slice(0, size);
    if (all.length > size) {
      const next = listingUrl(req, {
        id_after: String(page[page.length - 1].id),
      });
      res.setHeader('Link', `<${next}>; rel="next"`);
    }
    res.json(page.map(p => projectJson(p, baseUrl())));
  });

  // Offset pagination with Link and X-Next-Page headers.
  app.get('/api/v4/groups/:id/projects', (req, res) => {
    const token = authenticated(req, res);
    if (!token || !requireScope(token, res, ['api', 'read_api'])) return;
    const key = req.params.id;
    const group = world.gitlab.groups.find(
      g => String(g.id) === key || g.path === key,
    );
    if (!group) {
      res.status(404).json({ message: '404 Group Not Found' });
      return;
    }
    const subgroups = req.query.include_subgroups === 'true';
    const all = world.gitlab.projects
      .filter(p => {
        const namespace = p.path.split('/').slice(0, -1).join('/');
        return (
          namespace === group.path ||
          (subgroups && namespace.startsWith(`${group.path}/`))
        );
      })
      .filter(p => !(req.query.archived === 'false' && p.archived))
      .sort((a, b) => a.id - b.id);
    const size = perPage(req);
    const page = Math.max(Number(req.query.page ?? 1) || 1, 1);
    const slice = all.slice((page - 1) * size, page * size);
    const hasNext = page * size < all.length;
    res.setHeader('X-Page', String(page));
    res.setHeader('X-Per-Page', String(size));
    res.setHeader('X-Total', String(all.length));
    res.setHeader('X-Next-Page', hasNext ? String(page + 1) : '');
    if (hasNext) {
      res.setHeader(
        'Link',
        `<${listingUrl(req, { page: String(page + 1) })}>; rel="next"`,
      );
    }
    res.json(slice.map(p => projectJson(p, baseUrl())));
  });

  app.get('/api/v4/projects/:id/repository/files/:filePath/raw', (req, res) => {
    const token = authenticated(req, res);
    if (
      !token ||
      !requireScope(token, res, ['api', 'read_api', 'read_repository'])
    )
      return;
    const key = req.params.id;
    const project = world.gitlab.projects.find(
      p => String(p.id) === key || p.path === key,
    );
    if (!project) {
      res.status(404).json({ message: '404 Project Not Found' });
      return;
    }
    const ref = String(req.query.ref ?? project.defaultBranch);
    const content =
      ref === project.defaultBranch
        ? project.files[req.params.filePath]
        : undefined;
    if (content === undefined) {
      res.status(404).json({ message: '404 File Not Found' });
      return;
    }
    res.type('text/plain').send(content);
  });

  app.use((_req, res) => {
    res.status(404).json({ error: '404 Not Found' });
  });
  return app;
}
