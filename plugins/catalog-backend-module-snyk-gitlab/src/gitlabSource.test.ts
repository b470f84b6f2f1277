import { Entity } from '@backstage/catalog-model';
import { gitlabSourceOf, projectPathFromUrl } from './gitlabSource';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'x', annotations },
});

describe('projectPathFromUrl', () => {
  it.each([
    ['https://gitlab.com/acme/api/-/blob/main/catalog-info.yaml', 'acme/api'],
    ['https://gitlab.com/acme/team/web/-/tree/main/', 'acme/team/web'],
    ['https://gitlab.com/acme/team/web', 'acme/team/web'],
    ['https://gitlab.com/acme/team/web.git', 'acme/team/web'],
    ['https://gitlab.com/acme/api/blob/main/catalog-info.yaml', 'acme/api'],
    ['https://gitlab.com/acme', undefined],
  ])('%s → %s', (url, path) => {
    expect(projectPathFromUrl(new URL(url))).toBe(path);
  });
});

describe('gitlabSourceOf', () => {
  const hosts = ['gitlab.com', 'git.example.com:8443'];

  it('reads the slug and id annotations', () => {
    expect(
      gitlabSourceOf(entity({ 'gitlab.com/project-slug': 'acme/api' }), hosts),
    ).toEqual({ path: 'acme/api' });
    expect(
      gitlabSourceOf(entity({ 'gitlab.com/project-id': '42' }), hosts),
    ).toEqual({ projectId: 42 });
  });

  it('reads location URLs on configured GitLab hosts only', () => {
    expect(
      gitlabSourceOf(
        entity({
          'backstage.io/source-location':
            'url:https://git.example.com:8443/a/b/-/tree/main/',
        }),
        hosts,
      ),
    ).toEqual({ host: 'git.example.com:8443', path: 'a/b' });
    expect(
      gitlabSourceOf(
        entity({
          'backstage.io/source-location':
            'url:https://github.com/a/b/tree/main/',
        }),
        hosts,
      ),
    ).toBeUndefined();
    expect(
      gitlabSourceOf(
        entity({}),
        hosts,
        'https://gitlab.com/a/b/-/blob/main/catalog-info.yaml',
      ),
    ).toEqual({
      host: 'gitlab.com',
      path: 'a/b',
    });
  });

  it('ignores bad values', () => {
    expect(
      gitlabSourceOf(
        entity({
          'gitlab.com/project-id': 'abc',
          'backstage.io/managed-by-location': 'url:not a url',
        }),
        hosts,
      ),
    ).toBeUndefined();
    expect(
      gitlabSourceOf(
        entity({ 'backstage.io/managed-by-location': 'file:/tmp/x.yaml' }),
        hosts,
      ),
    ).toBeUndefined();
  });
});
