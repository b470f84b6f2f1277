import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogProcessorCache } from '@backstage/plugin-catalog-node';
import { RepositoryIndexCache } from './RepositoryIndexCache';
import { SnykGitlabAnnotationProcessor } from './SnykGitlabAnnotationProcessor';

const location = { type: 'file', target: '/tmp/catalog-info.yaml' };

/** The catalog's per-entity cache: a run sees what the previous run set; a run that sets nothing keeps it. */
class RunCache implements CatalogProcessorCache {
  private state: Record<string, unknown> = {};
  private next?: Record<string, unknown>;
  async get<T>(key: string) {
    return this.state[key] as T | undefined;
  }
  async set<T>(key: string, value: T) {
    this.next = { ...this.next, [key]: value };
  }
  endRun() {
    if (this.next) this.state = JSON.parse(JSON.stringify(this.next));
    this.next = undefined;
  }
}

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

  describe('while the index is not loaded', () => {
    const unloaded = () =>
      new SnykGitlabAnnotationProcessor(
        new RepositoryIndexCache(),
        ['gitlab.com'],
        mockServices.logger.mock(),
      );
    /** One processing run with the entity's cache, as the catalog makes it. */
    const run = async (
      p: SnykGitlabAnnotationProcessor,
      runs: RunCache,
      slug: string,
    ) => {
      const entity = component({ 'gitlab.com/project-slug': slug });
      const out = await p.preProcessEntity(
        entity,
        location,
        jest.fn(),
        location,
        runs,
      );
      runs.endRun();
      return out.metadata.annotations;
    };

    it('emits again what it emitted for the entity before', async () => {
      const runs = new RunCache();
      const loaded = await run(processor, runs, 'acme/api');
      expect(loaded).toMatchObject({ 'snyk.io/target-id': 'target-1' });
      const restarted = unloaded();
      expect(await run(restarted, runs, 'acme/api')).toEqual(loaded);
      // Runs on an unloaded index keep the memory for the next one.
      expect(await run(restarted, runs, 'ACME/api')).toEqual({
        ...loaded,
        'gitlab.com/project-slug': 'ACME/api',
      });
    });

    it('forgets what a loaded index dropped, and never lends it to another repository', async () => {
      const runs = new RunCache();
      await run(processor, runs, 'acme/api');
      expect(await run(unloaded(), runs, 'acme/web')).toEqual({
        'gitlab.com/project-slug': 'acme/web',
      });
      expect(await run(unloaded(), runs, 'acme/api')).toMatchObject({
        'snyk.io/target-id': 'target-1',
      });
      const emptied = new RepositoryIndexCache();
      emptied.replace({ defaultHost: 'gitlab.com', repositories: [] });
      const dropped = new SnykGitlabAnnotationProcessor(
        emptied,
        ['gitlab.com'],
        mockServices.logger.mock(),
      );
      expect(await run(dropped, runs, 'acme/api')).toEqual({
        'gitlab.com/project-slug': 'acme/api',
      });
      expect(await run(unloaded(), runs, 'acme/api')).toEqual({
        'gitlab.com/project-slug': 'acme/api',
      });
    });
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
