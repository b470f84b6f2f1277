import { entityGitlabHost } from './annotations';

describe('entityGitlabHost', () => {
  const hosts = ['gitlab.com', 'Git.Acme.example:8443'];

  it('reads the host of the first location on a configured GitLab host', () => {
    expect(
      entityGitlabHost(
        {
          'backstage.io/source-location':
            'url:https://github.com/acme/api/tree/main/',
          'backstage.io/managed-by-location':
            'url:https://git.acme.example:8443/acme/api/-/blob/main/catalog-info.yaml',
        },
        hosts,
      ),
    ).toBe('Git.Acme.example:8443');
  });

  it('answers nothing without a location on a configured host', () => {
    expect(entityGitlabHost(undefined, hosts)).toBeUndefined();
    expect(
      entityGitlabHost(
        {
          'gitlab.com/project-slug': 'acme/api',
          'backstage.io/source-location': 'url:not a url',
          'backstage.io/managed-by-location': 'file:/tmp/catalog-info.yaml',
        },
        hosts,
      ),
    ).toBeUndefined();
  });
});
