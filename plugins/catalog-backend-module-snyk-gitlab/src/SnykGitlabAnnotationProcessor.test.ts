import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { RepositoryIndexCache } from './RepositoryIndexCache';
import { SnykGitlabAnnotationProcessor } from './SnykGitlabAnnotationProcessor';

const location = { type: 'file', target: '/tmp/catalog-info.yaml' };

function component(
  annotations: Record<string, string> = {},
  kind = 'Component',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'api', annotations },
  };
}

describe('SnykGitlabAnnotationProcessor', () => {
  const cache = new RepositoryIndexCache();
  cache.replace({
    defaultHost: 'gitlab.com',
    repositories: [
      {
        host: 'gitlab.com',
        projectId: 11,
        path: 'acme/api',
        orgId: 'org-1',
        targetId: 'target-1',
      },
      { host: 'gitlab.com', projectId: 12, path: 'acme/web', orgId: 'org-1' },
      { host: 'gitlab.com', projectId: 13, path: 'other/tool' },
    ],
  });
  const processor = new SnykGitlabAnnotationProcessor(
    cache,
    ['gitlab.com'],
    mockServices.logger.mock(),
  );
  const annotationsOf = async (entity: Entity, loc = location) =>
    (await processor.preProcessEntity(entity, loc)).metadata.annotations;

  it('adds org and target ids of an imported repository', async () => {
    expect(
      await annotationsOf(component({ 'gitlab.com/project-slug': 'ACME/api' })),
    ).toEqual({
      'gitlab.com/project-slug': 'ACME/api',
      'snyk.io/org-id': 'org-1',
      'snyk.io/target-id': 'target-1',
    });
  });

  it('adds the slug when the entity only has a project id or a GitLab location', async () => {
    expect(
      await annotationsOf(component({ 'gitlab.com/project-id': '12' })),
    ).toEqual({
      'gitlab.com/project-id': '12',
      'gitlab.com/project-slug': 'acme/web',
      'snyk.io/org-id': 'org-1',
    });
    expect(
      await annotationsOf(component(), {
        type: 'url',
        target: 'https://gitlab.com/acme/api/-/blob/main/catalog-info.yaml',
      }),
    ).toMatchObject({
      'gitlab.com/project-slug': 'acme/api',
      'snyk.io/target-id': 'target-1',
    });
  });

  it('adds only the slug for a GitLab repository the index does not know yet', async () => {
    expect(
      await annotationsOf(
        component({
          'backstage.io/source-location':
            'url:https://gitlab.com/new/repo/-/tree/main/',
        }),
      ),
    ).toEqual({
      'backstage.io/source-location':
        'url:https://gitlab.com/new/repo/-/tree/main/',
      'gitlab.com/project-slug': 'new/repo',
    });
  });

  it('keeps Snyk annotations the owners wrote themselves', async () => {
    expect(
      await annotationsOf(
        component({
          'gitlab.com/project-slug': 'acme/api',
          'snyk.io/org-name': 'mine',
        }),
      ),
    ).toEqual({
      'gitlab.com/project-slug': 'acme/api',
      'snyk.io/org-name': 'mine',
    });
  });

  it('leaves other kinds and entities from elsewhere untouched', async () => {
    const api = component({ 'gitlab.com/project-slug': 'acme/api' }, 'API');
    expect(await processor.preProcessEntity(api, location)).toBe(api);
    const github = component({
      'backstage.io/source-location': 'url:https://github.com/a/b',
    });
    expect(await processor.preProcessEntity(github, location)).toBe(github);
  });

  it('never throws on a malformed entity', async () => {
    const broken = {
      apiVersion: 'x',
      kind: 'Component',
      metadata: null,
    } as unknown as Entity;
    await expect(processor.preProcessEntity(broken, location)).resolves.toBe(
      broken,
    );
  });
});
