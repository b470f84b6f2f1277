import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogProcessorCache } from '@backstage/plugin-catalog-node';
import { RepositoryIndexCache } from './RepositoryIndexCache';
import {
  SnykGitlabAnnotationProcessor,
  snykAnnotationsToAdd,
} from './SnykGitlabAnnotationProcessor';

const location = { type: 'file', target: '/tmp/catalog-info.yaml' };
const ORG = '0f5e7c52-8d1a-4f36-9c1e-5d3b2a1c0e99';
const TARGET = '3c9d2e1f-7a6b-4c5d-8e9f-0a1b2c3d4e5f';

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
        orgId: ORG,
        targetId: TARGET,
      },
      { host: 'gitlab.com', projectId: 12, path: 'acme/web', orgId: ORG },
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
      'snyk.io/org-id': ORG,
      'snyk.io/target-id': TARGET,
    });
  });

  it('adds the slug when the entity only has a project id or a GitLab location', async () => {
    expect(
      await annotationsOf(component({ 'gitlab.com/project-id': '12' })),
    ).toEqual({
      'gitlab.com/project-id': '12',
      'gitlab.com/project-slug': 'acme/web',
      'snyk.io/org-id': ORG,
    });
    expect(
      await annotationsOf(component(), {
        type: 'url',
        target: 'https://gitlab.com/acme/api/-/blob/main/catalog-info.yaml',
      }),
    ).toMatchObject({
      'gitlab.com/project-slug': 'acme/api',
      'snyk.io/target-id': TARGET,
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

  describe("owners' intent wins", () => {
    const OTHER_ORG = '7d1e4b2a-9c3f-4e8d-a5b6-c7d8e9f0a1b2';
    const OTHER_TARGET = '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9';
    const PROJECT = '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d';
    const entry = { orgId: ORG, targetId: TARGET };
    const add = (annotations: Record<string, string>) =>
      snykAnnotationsToAdd(annotations, entry);

    it('adds nothing about orgs, nor a target, when the owner set org-ids', () => {
      expect(add({ 'snyk.io/org-ids': `${ORG},${OTHER_ORG}` })).toEqual({});
      expect(add({ 'snyk.io/org-ids': ` ${ORG} , ${OTHER_ORG} ` })).toEqual({});
      // A single org in the list is the owner's list all the same.
      expect(add({ 'snyk.io/org-ids': ORG })).toEqual({});
      // Blank, the plugin still reads it (and not an org-id we would add).
      expect(add({ 'snyk.io/org-ids': '' })).toEqual({});
    });

    it("never replaces the owner's org-id; adds the target only when it is that org's", () => {
      expect(add({ 'snyk.io/org-id': OTHER_ORG })).toEqual({});
      expect(add({ 'snyk.io/org-id': `${ORG},${OTHER_ORG}` })).toEqual({});
      expect(add({ 'snyk.io/org-id': ORG })).toEqual({
        'snyk.io/target-id': TARGET,
      });
      expect(add({ 'snyk.io/org-id': ORG.toUpperCase() })).toEqual({
        'snyk.io/target-id': TARGET,
      });
    });

    it('adds no target when the owner chose targets, a target, a name, projects or a GitHub slug', () => {
      for (const annotations of [
        { 'snyk.io/targets': 'acme/api, acme/web' } as Record<string, string>,
        { 'snyk.io/target-id': OTHER_TARGET },
        { 'snyk.io/target-name': 'acme/api' },
        { 'snyk.io/project-ids': PROJECT },
        { 'github.com/project-slug': 'acme/api' },
      ]) {
        expect(add(annotations)).toEqual({ 'snyk.io/org-id': ORG });
      }
      // A blank choice is no choice.
      expect(add({ 'snyk.io/targets': ' ' })).toEqual({
        'snyk.io/org-id': ORG,
        'snyk.io/target-id': TARGET,
      });
    });

    it('takes the 1.x org-name for no 2.x choice: adds the org id and keeps the name', async () => {
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
        'snyk.io/org-id': ORG,
        'snyk.io/target-id': TARGET,
      });
    });

    it('writes only UUIDs', () => {
      expect(
        snykAnnotationsToAdd({}, { orgId: 'org-1', targetId: TARGET }),
      ).toEqual({});
      expect(
        snykAnnotationsToAdd({}, { orgId: ORG, targetId: 'target 1' }),
      ).toEqual({
        'snyk.io/org-id': ORG,
      });
      expect(
        snykAnnotationsToAdd({}, { orgId: `${ORG}\nx`, targetId: TARGET }),
      ).toEqual({});
      expect(snykAnnotationsToAdd({}, undefined)).toEqual({});
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
      expect(loaded).toMatchObject({ 'snyk.io/target-id': TARGET });
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
        'snyk.io/target-id': TARGET,
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
