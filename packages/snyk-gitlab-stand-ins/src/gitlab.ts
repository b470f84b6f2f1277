import crypto from 'node:crypto';
import express, { Request, Response } from 'express';
import { Faults } from './faults';
import { graphqlRoute } from './gitlabGraphql';
import {
  GitlabGroup,
  GitlabProject,
  GitlabToken,
  World,
  blobId,
  inGroup,
  namespaceOf,
} from './world';

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

function sha(algorithm: 'sha1' | 'sha256', text: string): string {
  return crypto.createHash(algorithm).update(text).digest('hex');
}

/**
 * The stand-in keeps no history: a branch's head commit is derived from the
 * whole tree, and a file's last commit from its path and content, so both
 * change exactly when GitLab's would.
 */
function headCommitId(p: GitlabProject): string {
  const tree = Object.keys(p.files)
    .sort()
    .map(f => `${blobId(p.files[f])} ${f}`)
    .join('\n');
  return sha('sha1', `commit ${p.id} ${p.defaultBranch}\n${tree}`);
}

function lastCommitId(p: GitlabProject, filePath: string): string {
  return sha(
    'sha1',
    `commit ${p.id} ${filePath} ${blobId(p.files[filePath] ?? '')}`,
  );
}

function groupJson(g: GitlabGroup, groups: GitlabGroup[], baseUrl: string) {
  const parentPath = namespaceOf(g.path);
  const name = g.path.split('/').pop()!;
  return {
    id: g.id,
    web_url: `${baseUrl}/groups/${g.path}`,
    name,
    path: name,
    description: '',
    visibility: 'private',
    full_name: g.path.split('/').join(' / '),
    full_path: g.path,
    parent_id: groups.find(x => x.path === parentPath)?.id ?? null,
    created_at: '2026-01-01T00:00:00.000Z',
  };
}

/** A `search` of GitLab's blob scope: `filename:`, `path:`, `extension:` and words. */
function blobMatcher(search: string) {
  const escape = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  const glob = (pattern: string) =>
    new RegExp(`^${pattern.split('*').map(escape).join('.*')}$`, 'i');
  const filters: Array<(path: string, content: string) => boolean> = [];
  for (const term of search.trim().split(/\s+/).filter(Boolean)) {
    const [, key, value] = /^(filename|path|extension):(.+)$/.exec(term) ?? [];
    if (key === 'filename') {
      const re = glob(value);
      filters.push(path => re.test(path.split('/').pop()!));
    } else if (key === 'path') {
      const re = glob(value.includes('*') ? value : `${value}*`);
      filters.push(path => re.test(path));
    } else if (key === 'extension') {
      filters.push(path => path.toLowerCase().endsWith(`.${value}`));
    } else {
      const word = term.toLowerCase();
      filters.push((_path, content) => content.toLowerCase().includes(word));
    }
  }
  return (path: string, content: string) =>
    filters.length > 0 && filters.every(f => f(path, content));
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

  /** Offset pagination (page, per_page) with X-* and Link headers, as GitLab's. */
  const sendPage = <T>(req: Request, res: Response, all: T[]) => {
    const size = perPage(req);
    const page = Math.max(Number(req.query.page ?? 1) || 1, 1);
    const slice = all.slice((page - 1) * size, page * size);
    const hasNext = page * size < all.length;
    res.setHeader('X-Page', String(page));
    res.setHeader('X-Per-Page', String(size));
    res.setHeader('X-Total', String(all.length));
    res.setHeader(
      'X-Total-Pages',
      String(Math.max(Math.ceil(all.length / size), 1)),
    );
    res.setHeader('X-Next-Page', hasNext ? String(page + 1) : '');
    res.setHeader('X-Prev-Page', page > 1 ? String(page - 1) : '');
    if (hasNext) {
      res.setHeader(
        'Link',
        `<${listingUrl(req, { page: String(page + 1) })}>; rel="next"`,
      );
    }
    return slice;
  };

  const findProject = (key: string) =>
    world.gitlab.projects.find(p => String(p.id) === key || p.path === key);
  const findGroup = (key: string) =>
    world.gitlab.groups.find(g => String(g.id) === key || g.path === key);

  // Keyset pagination (pagination=keyset&order_by=id&sort=asc&id_after=N), or
  // offset pagination (page, per_page) ordered by order_by (default created_at,
  // newest first: ids grow with creation here).
  app.get('/api/v4/projects', (req, res) => {
    const token = authenticated(req, res);
    if (!token || !requireScope(token, res, ['api', 'read_api'])) return;
    const all = world.gitlab.projects
      .filter(p => !(req.query.archived === 'false' && p.archived))
      .filter(p => !(req.query.archived === 'true' && !p.archived))
      .sort((a, b) => a.id - b.id);
    if (req.query.pagination !== 'keyset') {
      const orderBy = String(req.query.order_by ?? 'created_at');
      if (!['id', 'created_at'].includes(orderBy)) {
        res.status(400).json({
          error: 'this stand-in orders projects by id or created_at only',
        });
        return;
      }
      if (String(req.query.sort ?? 'desc') === 'desc') all.reverse();
      res.json(sendPage(req, res, all).map(p => projectJson(p, baseUrl())));
      return;
    }
    if (req.query.order_by !== 'id') {
      res.status(400).json({
        error: 'this stand-in only serves keyset pagination ordered by id',
      });
      return;
    }
    const size = perPage(req);
    const after = Number(req.query.id_after ?? 0);
    const rest = all.filter(p => p.id > after);
    const page = rest.slice(0, size);
    if (rest.length > size) {
      const next = listingUrl(req, {
        id_after: String(page[page.length - 1].id),
      });
      res.setHeader('Link', `<${next}>; rel="next"`);
    }
    res.json(page.map(p => projectJson(p, baseUrl())));
  });

  app.get('/api/v4/projects/:id', (req, res) => {
    const token = authenticated(req, res);
    if (!token || !requireScope(token, res, ['api', 'read_api'])) return;
    const project = findProject(req.params.id);
    if (!project) {
      res.status(404).json({ message: '404 Project Not Found' });
      return;
    }
    const group = findGroup(namespaceOf(project.path));
    res.json({
      ...projectJson(project, baseUrl()),
      visibility: 'private',
      namespace: group
        ? {
            id: group.id,
            name: group.path.split('/').pop(),
            path: group.path.split('/').pop(),
            kind: 'group',
            full_path: group.path,
            parent_id: groupJson(group, world.gitlab.groups, baseUrl())
              .parent_id,
            web_url: `${baseUrl()}/groups/${group.path}`,
          }
        : null,
      shared_with_groups: (project.sharedWithGroups ?? []).flatMap(path => {
        const shared = findGroup(path);
        return shared
          ? [
              {
                group_id: shared.id,
                group_name: shared.path.split('/').pop(),
                group_full_path: shared.path,
                group_access_level: 30,
                expires_at: null,
              },
            ]
          : [];
      }),
    });
  });

  // Groups the token can see, ordered by name (GitLab's default) or id.
  app.get('/api/v4/groups', (req, res) => {
    const token = authenticated(req, res);
    if (!token || !requireScope(token, res, ['api', 'read_api'])) return;
    const search = req.query.search ? String(req.query.search) : undefined;
    const all = world.gitlab.groups
      .filter(
        g => !(req.query.top_level_only === 'true' && g.path.includes('/')),
      )
      .filter(
        g => !search || g.path.toLowerCase().includes(search.toLowerCase()),
      )
      .map(g => groupJson(g, world.gitlab.groups, baseUrl()))
      .sort((a, b) =>
        req.query.order_by === 'id'
          ? a.id - b.id
          : a.name.localeCompare(b.name) || a.id - b.id,
      );
    if (req.query.sort === 'desc') all.reverse();
    res.json(sendPage(req, res, all));
  });

  app.get('/api/v4/groups/:id', (req, res) => {
    const token = authenticated(req, res);
    if (!token || !requireScope(token, res, ['api', 'read_api'])) return;
    const group = findGroup(req.params.id);
    if (!group) {
      res.status(404).json({ message: '404 Group Not Found' });
      return;
    }
    const withProjects = req.query.with_projects !== 'false';
    const own = world.gitlab.projects
      .filter(p => namespaceOf(p.path) === group.path)
      .sort((a, b) => a.id - b.id);
    const shared = world.gitlab.projects
      .filter(p => p.sharedWithGroups?.includes(group.path))
      .sort((a, b) => a.id - b.id);
    res.json({
      ...groupJson(group, world.gitlab.groups, baseUrl()),
      // Deprecated in GitLab's API, still answered unless with_projects=false.
      ...(withProjects
        ? {
            projects: own.slice(0, 100).map(p => projectJson(p, baseUrl())),
            shared_projects: shared
              .slice(0, 100)
              .map(p => projectJson(p, baseUrl())),
          }
        : {}),
    });
  });

  // Offset pagination with Link and X-Next-Page headers. Like GitLab,
  // with_shared defaults to true: projects shared into the group (or, with
  // include_subgroups, into a subgroup) from other namespaces are listed too.
  app.get('/api/v4/groups/:id/projects', (req, res) => {
    const token = authenticated(req, res);
    if (!token || !requireScope(token, res, ['api', 'read_api'])) return;
    const group = findGroup(req.params.id);
    if (!group) {
      res.status(404).json({ message: '404 Group Not Found' });
      return;
    }
    const subgroups = req.query.include_subgroups === 'true';
    const withShared = req.query.with_shared !== 'false';
    const listed = (namespace: string) =>
      inGroup(namespace, group.path, subgroups);
    const all = world.gitlab.projects
      .filter(
        p =>
          listed(namespaceOf(p.path)) ||
          (withShared && (p.sharedWithGroups ?? []).some(listed)),
      )
      .filter(p => !(req.query.archived === 'false' && p.archived))
      .filter(p => !(req.query.archived === 'true' && !p.archived))
      .sort((a, b) => a.id - b.id);
    res.json(sendPage(req, res, all).map(p => projectJson(p, baseUrl())));
  });

  // Blob search in a group and its subgroups (advanced search on GitLab).
  app.get('/api/v4/groups/:id/search', (req, res) => {
    const token = authenticated(req, res);
    if (!token || !requireScope(token, res, ['api', 'read_api'])) return;
    if (req.query.scope === undefined) {
      res.status(400).json({ error: 'scope is missing' });
      return;
    }
    if (req.query.search === undefined) {
      res.status(400).json({ error: 'search is missing' });
      return;
    }
    if (req.query.scope !== 'blobs') {
      res.status(400).json({
        error: 'this stand-in only searches the blobs scope',
      });
      return;
    }
    const group = findGroup(req.params.id);
    if (!group) {
      res.status(404).json({ message: '404 Group Not Found' });
      return;
    }
    const matches = blobMatcher(String(req.query.search));
    const found = world.gitlab.projects
      .filter(p => inGroup(namespaceOf(p.path), group.path, true))
      .filter(p => req.query.include_archived === 'true' || !p.archived)
      .sort((a, b) => a.id - b.id)
      .flatMap(p =>
        Object.keys(p.files)
          .sort()
          .filter(path => matches(path, p.files[path]))
          .map(path => ({
            basename: path.replace(/\.[^./]*$/, ''),
            data: p.files[path].split('\n').slice(0, 3).join('\n'),
            path,
            filename: path,
            id: null,
            ref: p.defaultBranch,
            startline: 1,
            project_id: p.id,
          })),
      );
    res.json(sendPage(req, res, found));
  });

  // File metadata: GET answers JSON with the content in base64; HEAD only
  // the X-Gitlab-* headers. `ref` is required, as GitLab's API says.
  const fileMetadata = (req: Request, res: Response) => {
    const token = authenticated(req, res);
    if (
      !token ||
      !requireScope(token, res, ['api', 'read_api', 'read_repository'])
    )
      return;
    const project = findProject(req.params.id);
    if (!project) {
      res.status(404).json({ message: '404 Project Not Found' });
      return;
    }
    if (req.query.ref === undefined || req.query.ref === '') {
      res.status(400).json({ error: 'ref is missing' });
      return;
    }
    const ref = String(req.query.ref);
    const filePath = req.params.filePath;
    const content =
      ref === project.defaultBranch ? project.files[filePath] : undefined;
    if (content === undefined) {
      res.status(404).json({ message: '404 File Not Found' });
      return;
    }
    const bytes = Buffer.from(content, 'utf8');
    const metadata = {
      file_name: filePath.split('/').pop()!,
      file_path: filePath,
      size: bytes.length,
      encoding: 'base64',
      content_sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
      ref,
      blob_id: blobId(content),
      commit_id: headCommitId(project),
      last_commit_id: lastCommitId(project, filePath),
      execute_filemode: false,
    };
    res.setHeader('X-Gitlab-Blob-Id', metadata.blob_id);
    res.setHeader('X-Gitlab-Commit-Id', metadata.commit_id);
    res.setHeader('X-Gitlab-Content-Sha256', metadata.content_sha256);
    res.setHeader('X-Gitlab-Encoding', metadata.encoding);
    res.setHeader('X-Gitlab-Execute-Filemode', 'false');
    res.setHeader('X-Gitlab-File-Name', metadata.file_name);
    res.setHeader('X-Gitlab-File-Path', metadata.file_path);
    res.setHeader('X-Gitlab-Last-Commit-Id', metadata.last_commit_id);
    res.setHeader('X-Gitlab-Ref', ref);
    res.setHeader('X-Gitlab-Size', String(metadata.size));
    if (req.method === 'HEAD') {
      res.status(200).end();
      return;
    }
    res.json({ ...metadata, content: bytes.toString('base64') });
  };
  app.head('/api/v4/projects/:id/repository/files/:filePath', fileMetadata);
  app.get('/api/v4/projects/:id/repository/files/:filePath', fileMetadata);

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

  app.use(graphqlRoute(world, baseUrl, authenticated, requireScope));

  app.use((_req, res) => {
    res.status(404).json({ error: '404 Not Found' });
  });
  return app;
}
