import crypto from 'node:crypto';
import {
  CANARY_PAT,
  StandIns,
  blobId,
  catalogFile,
  editFile,
  project,
  startStandIns,
  testWorld,
} from './index';

describe('GitLab stand-in: the REST calls of other GitLab clients', () => {
  let standIns: StandIns;
  const api = (path: string, init: RequestInit = {}, token = CANARY_PAT) =>
    fetch(`${standIns.gitlabUrl}/api/v4${path}`, {
      ...init,
      headers: { 'PRIVATE-TOKEN': token },
    });
  const json = async (path: string) => {
    const res = await api(path);
    expect(res.status).toBe(200);
    return res.json();
  };

  beforeEach(async () => {
    const world = testWorld();
    world.gitlab.groups.push({ id: 3, path: 'partner' });
    world.gitlab.projects.push(
      {
        ...project(21, 'partner/shared-lib', {
          'catalog-info.yaml': catalogFile('shared-lib'),
        }),
        sharedWithGroups: ['acme'],
      },
      {
        ...project(22, 'partner/team-tool'),
        sharedWithGroups: ['acme/team'],
      },
    );
    world.gitlab.tokens.push(
      { token: 'repo-only', name: 'repo', scopes: ['read_repository'] },
      { token: 'read-api', name: 'read', scopes: ['read_api'] },
      { token: 'registry', name: 'registry', scopes: ['read_registry'] },
    );
    standIns = await startStandIns({ world });
  });
  afterEach(() => standIns.close());

  describe('HEAD and GET /projects/:id/repository/files/:file_path', () => {
    const file = 'catalog-info.yaml';
    const url = (id: string | number, path = file, ref = 'main') =>
      `/projects/${encodeURIComponent(
        id,
      )}/repository/files/${encodeURIComponent(path)}?ref=${ref}`;

    it("answers GitLab's X-Gitlab-* headers, without a body on HEAD", async () => {
      const content = standIns.world.gitlab.projects[0].files[file];
      const res = await api(url(11), { method: 'HEAD' });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('');
      const header = (name: string) => res.headers.get(name);
      expect(header('x-gitlab-blob-id')).toBe(blobId(content));
      expect(header('x-gitlab-file-name')).toBe(file);
      expect(header('x-gitlab-file-path')).toBe(file);
      expect(header('x-gitlab-ref')).toBe('main');
      expect(header('x-gitlab-size')).toBe(
        String(Buffer.byteLength(content, 'utf8')),
      );
      expect(header('x-gitlab-encoding')).toBe('base64');
      expect(header('x-gitlab-content-sha256')).toBe(
        crypto.createHash('sha256').update(content).digest('hex'),
      );
      expect(header('x-gitlab-commit-id')).toMatch(/^[0-9a-f]{40}$/);
      expect(header('x-gitlab-last-commit-id')).toMatch(/^[0-9a-f]{40}$/);
      expect(header('x-gitlab-execute-filemode')).toBe('false');
    });

    it('answers the same metadata as JSON on GET, with the content in base64, by id or path', async () => {
      const content = standIns.world.gitlab.projects[0].files[file];
      const head = await api(url(11), { method: 'HEAD' });
      const body = await json(url('acme/api'));
      expect(body).toEqual({
        file_name: file,
        file_path: file,
        size: Buffer.byteLength(content, 'utf8'),
        encoding: 'base64',
        content: Buffer.from(content).toString('base64'),
        content_sha256: head.headers.get('x-gitlab-content-sha256'),
        ref: 'main',
        blob_id: blobId(content),
        commit_id: head.headers.get('x-gitlab-commit-id'),
        last_commit_id: head.headers.get('x-gitlab-last-commit-id'),
        execute_filemode: false,
      });
    });

    it('gives an edit a new blob id without moving last_activity_at', async () => {
      const before = await api(url(11), { method: 'HEAD' });
      const [p] = standIns.world.gitlab.projects;
      const activity = p.lastActivityAt;
      editFile(p, file, catalogFile('api', { owner: 'team-b' }));
      const after = await api(url(11), { method: 'HEAD' });
      expect(after.headers.get('x-gitlab-blob-id')).toBe(blobId(p.files[file]));
      expect(after.headers.get('x-gitlab-blob-id')).not.toBe(
        before.headers.get('x-gitlab-blob-id'),
      );
      expect(after.headers.get('x-gitlab-commit-id')).not.toBe(
        before.headers.get('x-gitlab-commit-id'),
      );
      expect((await json('/projects/11')).last_activity_at).toBe(activity);
    });

    it('answers 404 for a missing file, branch or project and 400 without ref', async () => {
      expect((await api(url(12), { method: 'HEAD' })).status).toBe(404);
      expect((await api(url(11, file, 'other'))).status).toBe(404);
      expect(await (await api(url(11, file, 'other'))).json()).toEqual({
        message: '404 File Not Found',
      });
      expect((await api(url(99), { method: 'HEAD' })).status).toBe(404);
      const noRef = await api(
        `/projects/11/repository/files/${encodeURIComponent(file)}`,
      );
      expect(noRef.status).toBe(400);
      expect(await noRef.json()).toEqual({ error: 'ref is missing' });
    });

    it('accepts api, read_api or read_repository, as the raw file route does', async () => {
      for (const token of [CANARY_PAT, 'read-api', 'repo-only']) {
        expect((await api(url(11), { method: 'HEAD' }, token)).status).toBe(
          200,
        );
      }
      expect((await api(url(11), {}, 'registry')).status).toBe(403);
      expect((await api(url(11), { method: 'HEAD' }, 'nope')).status).toBe(401);
    });
  });

  it('GET /projects/:id answers a project by id or URL-encoded path', async () => {
    const byId = await json('/projects/13');
    expect(byId).toMatchObject({
      id: 13,
      path_with_namespace: 'acme/team/worker',
      default_branch: 'main',
      web_url: `${standIns.gitlabUrl}/acme/team/worker`,
      namespace: { id: 2, full_path: 'acme/team', kind: 'group', parent_id: 1 },
    });
    expect(
      await json(`/projects/${encodeURIComponent('acme/team/worker')}`),
    ).toEqual(byId);
    expect((await json('/projects/21')).shared_with_groups).toEqual([
      expect.objectContaining({ group_id: 1, group_full_path: 'acme' }),
    ]);
    expect((await api('/projects/404')).status).toBe(404);
    expect((await api('/projects/11', {}, 'repo-only')).status).toBe(403);
  });

  it('GET /projects pages by offset too, newest first by default', async () => {
    const first = await api('/projects?per_page=2&archived=false&simple=true');
    expect(first.headers.get('x-total')).toBe('5');
    expect(first.headers.get('x-next-page')).toBe('2');
    expect((await first.json()).map((p: any) => p.id)).toEqual([22, 21]);
    const last = await json('/projects?per_page=2&page=3');
    expect(last.map((p: any) => p.id)).toEqual([11]);
    expect(
      (await json('/projects?order_by=id&sort=asc&per_page=100')).map(
        (p: any) => p.id,
      ),
    ).toEqual([11, 12, 13, 21, 22]);
    // Keyset pagination is unchanged.
    const keyset = await api(
      '/projects?pagination=keyset&order_by=id&sort=asc&per_page=2',
    );
    expect((await keyset.json()).map((p: any) => p.id)).toEqual([11, 12]);
    expect(keyset.headers.get('link')).toContain('id_after=12');
  });

  it('GET /groups lists groups with full_path and parent_id, paged by offset', async () => {
    const page1 = await api('/groups?per_page=2');
    expect(page1.headers.get('x-total')).toBe('3');
    expect(page1.headers.get('x-next-page')).toBe('2');
    const page2 = await json('/groups?per_page=2&page=2');
    const all = [...(await page1.json()), ...page2];
    expect(
      all.map((g: any) => [g.id, g.full_path, g.parent_id, g.name]),
    ).toEqual([
      [1, 'acme', null, 'acme'],
      [3, 'partner', null, 'partner'],
      [2, 'acme/team', 1, 'team'],
    ]);
    expect(
      (await json('/groups?top_level_only=true')).map((g: any) => g.full_path),
    ).toEqual(['acme', 'partner']);
  });

  it('GET /groups/:id answers a group by id or path, with its projects', async () => {
    const group = await json(`/groups/${encodeURIComponent('acme/team')}`);
    expect(group).toMatchObject({
      id: 2,
      full_path: 'acme/team',
      parent_id: 1,
      web_url: `${standIns.gitlabUrl}/groups/acme/team`,
    });
    expect(group.projects.map((p: any) => p.id)).toEqual([12, 13]);
    expect(group.shared_projects.map((p: any) => p.id)).toEqual([22]);
    expect(await json('/groups/2?with_projects=false')).not.toHaveProperty(
      'projects',
    );
    expect((await api('/groups/nope')).status).toBe(404);
  });

  it('GET /groups/:id/projects includes shared-in projects unless with_shared=false', async () => {
    const ids = async (query: string) =>
      (await json(`/groups/acme/projects?per_page=100&${query}`)).map(
        (p: any) => p.id,
      );
    expect(await ids('')).toEqual([11, 21]);
    expect(await ids('with_shared=true')).toEqual([11, 21]);
    expect(await ids('with_shared=false')).toEqual([11]);
    expect(await ids('include_subgroups=true')).toEqual([11, 12, 13, 21, 22]);
    expect(await ids('include_subgroups=true&with_shared=false')).toEqual([
      11, 12, 13,
    ]);
  });

  it('GET /groups/:id/search?scope=blobs finds files by filename in the group and its subgroups', async () => {
    editFile(
      standIns.world.gitlab.projects[1],
      'services/catalog-info.yaml',
      catalogFile('web'),
    );
    const res = await api(
      `/groups/acme/search?scope=blobs&search=${encodeURIComponent(
        'filename:catalog-info.yaml',
      )}&per_page=2`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('x-next-page')).toBe('2');
    const page2 = await json(
      `/groups/acme/search?scope=blobs&search=filename:catalog-info.yaml&per_page=2&page=2`,
    );
    const found = [...(await res.json()), ...page2];
    expect(found).toEqual([
      expect.objectContaining({
        basename: 'catalog-info',
        path: 'catalog-info.yaml',
        filename: 'catalog-info.yaml',
        ref: 'main',
        project_id: 11,
        startline: 1,
      }),
      expect.objectContaining({
        path: 'services/catalog-info.yaml',
        project_id: 12,
      }),
      expect.objectContaining({ path: 'catalog-info.yaml', project_id: 13 }),
    ]);
    // Words search the content.
    const shop = await json(
      `/groups/acme/search?scope=blobs&search=${encodeURIComponent(
        'shop filename:*.yaml',
      )}`,
    );
    expect(shop.map((f: any) => f.project_id)).toEqual([11]);
    expect((await api('/groups/acme/search?search=x')).status).toBe(400);
    expect((await api('/groups/acme/search?scope=blobs')).status).toBe(400);
  });
});
