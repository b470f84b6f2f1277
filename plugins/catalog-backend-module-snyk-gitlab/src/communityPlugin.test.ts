import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  CANARY_SNYK_TOKEN,
  ORG_ID,
  SnykProject,
  StandIns,
  createWorld,
  startStandIns,
  testWorld,
} from '@snyk-gitlab/stand-ins';
import { RepositoryIndexCache } from './RepositoryIndexCache';
import { SnykGitlabAnnotationProcessor } from './SnykGitlabAnnotationProcessor';

/*
 * How the community Snyk plugin (backstage-plugin-snyk 2.5.x) reads an
 * entity, written from its documented rules (README "Annotation precedence",
 * SnykApiClient, src/alpha/entityPredicates.ts), and run against the Snyk
 * stand-in: every call it makes with what our catalog module wrote must be
 * answerable.
 */
type Annotations = Record<string, string>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const API_VERSION = '2024-02-28';
const ISSUES_VERSION = '2024-01-23';

const hasOrg = (a: Annotations) =>
  Boolean(a['snyk.io/org-id']) || Boolean(a['snyk.io/org-ids']);

/** The legacy entity page's `isSnykAvailable`: target-name counts. */
function legacyAvailable(a: Annotations) {
  return (
    hasOrg(a) &&
    [
      'snyk.io/targets',
      'snyk.io/target-id',
      'snyk.io/target-name',
      'github.com/project-slug',
      'snyk.io/project-ids',
    ].some(k => Boolean(a[k]))
  );
}

/** The new frontend system's predicate: keys exist; target-name does not count. */
function newFrontendAvailable(a: Annotations) {
  return (
    (a['snyk.io/org-id'] !== undefined || a['snyk.io/org-ids'] !== undefined) &&
    [
      'snyk.io/targets',
      'snyk.io/target-id',
      'github.com/project-slug',
      'snyk.io/project-ids',
    ].some(k => a[k] !== undefined)
  );
}

/** org-ids, else org-id, split on commas and not trimmed. */
const pluginOrgs = (a: Annotations) =>
  (a['snyk.io/org-ids'] ?? a['snyk.io/org-id'])?.split(',') ?? [];

/**
 * The targets list: `snyk.io/targets` trimmed, then target-id, else
 * target-name, appended; the GitHub slug only when none is set and there are
 * no project ids.
 */
function pluginTargets(a: Annotations) {
  const list = (a['snyk.io/targets'] ?? '')
    .split(',')
    .map(t => t.trim())
    .filter(Boolean);
  if (a['snyk.io/target-id']) list.push(a['snyk.io/target-id'].trim());
  else if (a['snyk.io/target-name']) list.push(a['snyk.io/target-name'].trim());
  else if (
    !a['snyk.io/project-ids'] &&
    list.length === 0 &&
    a['github.com/project-slug']
  )
    list.push(a['github.com/project-slug'].trim());
  return list.filter(Boolean);
}

/**
 * Loads the entity's page as the plugin would, through the stand-in (the
 * proxy adds the token). Returns the projects shown and what could not be
 * answered: a call that fails, a target that is not the org's, a project
 * that is not the org's.
 */
async function viewAsPlugin(snykUrl: string, a: Annotations) {
  const problems: string[] = [];
  const shown: string[] = [];
  const get = async (path: string) => {
    const res = await fetch(`${snykUrl}${path}`, {
      headers: { Authorization: `token ${CANARY_SNYK_TOKEN}` },
    });
    if (!res.ok) problems.push(`${res.status} ${path}`);
    return res.ok ? res.json() : undefined;
  };
  const orgs = pluginOrgs(a);
  const many = orgs.length > 1;
  for (const org of orgs) {
    const o = encodeURIComponent(org);
    const targetIds: string[] = [];
    for (const wanted of pluginTargets(a)) {
      if (UUID.test(wanted)) {
        targetIds.push(wanted);
        continue;
      }
      // By display name, then by paging through every target.
      let found: string | undefined;
      let next:
        | string
        | undefined = `/rest/orgs/${o}/targets?display_name=${encodeURIComponent(
        wanted,
      )}&limit=100&version=${API_VERSION}`;
      while (next && !found) {
        const page = await get(next);
        found = page?.data?.find(
          (t: any) =>
            t.attributes.display_name.toLowerCase() === wanted.toLowerCase(),
        )?.id;
        next = page?.links?.next;
      }
      if (found) targetIds.push(found);
      else if (!many) problems.push(`no target ${wanted} in org ${org}`);
    }
    const projects: any[] = [];
    // One call per target, to tell whose projects came back.
    for (const id of targetIds) {
      const page = await get(
        `/rest/orgs/${o}/projects?target_id=${id}&limit=100&version=${API_VERSION}`,
      );
      const mine = (page?.data ?? []).filter(
        (p: any) => p.relationships.target.data.id === id,
      );
      if (page && mine.length === 0) {
        problems.push(`target ${id} is not one of org ${org}'s`);
      }
      projects.push(...mine);
    }
    if (a['snyk.io/project-ids']) {
      const ids = a['snyk.io/project-ids'].split(',');
      const page = await get(
        `/rest/orgs/${o}/projects?ids=${ids.join(
          '%2C',
        )}&limit=100&version=${API_VERSION}`,
      );
      const found = (page?.data ?? []).map((p: any) => p.id);
      for (const id of ids.filter(i => !found.includes(i))) {
        problems.push(`project ${id} is not one of org ${org}'s`);
      }
      projects.push(...(page?.data ?? []));
    }
    const excluded = (a['snyk.io/exclude-project-ids'] ?? '')
      .split(',')
      .filter(id => UUID.test(id));
    const kept = projects.filter(p => !excluded.includes(p.id));
    await get(`/rest/orgs/${o}?version=${API_VERSION}`);
    for (const p of kept) {
      // Each project's tab: its issues (every page), then its v1 details.
      let next:
        | string
        | undefined = `/rest/orgs/${o}/issues?version=${ISSUES_VERSION}&scan_item.id=${p.id}&scan_item.type=project&limit=100`;
      while (next) next = (await get(next))?.links?.next;
      await get(`/v1/org/${o}/project/${p.id}`);
      shown.push(p.id);
    }
  }
  return { problems, shown };
}

describe('what the catalog module writes, read by the community Snyk plugin', () => {
  const OTHER_ORG = '7d1e4b2a-9c3f-4e8d-a5b6-c7d8e9f0a1b2';
  const TARGET = '3c9d2e1f-7a6b-4c5d-8e9f-0a1b2c3d4e5f';
  const OTHER_TARGET = '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9';
  const project = (id: string): SnykProject => ({
    id,
    name: 'acme/api:package.json',
    type: 'npm',
    targetFile: 'package.json',
    branch: 'main',
    issueCounts: { critical: 1, high: 1, medium: 0, low: 2 },
  });
  const OURS = '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d';
  const OURS_TOO = '4b5c6d7e-8f90-4a1b-8c2d-3e4f5a6b7c8d';
  const THEIRS = '6c7d8e9f-0a1b-4c2d-9e3f-4a5b6c7d8e9f';
  let standIns: StandIns;

  beforeAll(async () => {
    const world = testWorld();
    // The repository is imported in our org and, by its owners, in another.
    world.snyk.orgs[0].targets.push({
      id: TARGET,
      displayName: 'acme/api',
      url: 'https://gitlab.com/acme/api',
      integrationType: 'gitlab',
      projects: [project(OURS), project(OURS_TOO)],
    });
    const [other] = createWorld({
      snyk: { orgs: [{ id: OTHER_ORG, name: 'Acme Security' }] },
    }).snyk.orgs;
    other.targets.push({
      id: OTHER_TARGET,
      displayName: 'acme/api',
      url: 'https://gitlab.com/acme/api',
      integrationType: 'gitlab',
      projects: [project(THEIRS)],
    });
    world.snyk.orgs.push(other);
    standIns = await startStandIns({ world });
  });
  afterAll(() => standIns.close());

  const index = new RepositoryIndexCache();
  index.replace({
    defaultHost: 'gitlab.com',
    repositories: [
      {
        host: 'gitlab.com',
        projectId: 11,
        path: 'acme/api',
        orgId: ORG_ID,
        targetId: TARGET,
      },
    ],
  });
  const processor = new SnykGitlabAnnotationProcessor(
    index,
    ['gitlab.com'],
    mockServices.logger.mock(),
  );
  const enrich = async (owners: Annotations) => {
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'api',
        annotations: { 'gitlab.com/project-slug': 'acme/api', ...owners },
      },
    };
    const out = await processor.preProcessEntity(entity, {
      type: 'file',
      target: '/tmp/catalog-info.yaml',
    });
    const annotations = out.metadata.annotations!;
    // Nothing the owners wrote is changed.
    expect(annotations).toMatchObject(owners);
    return annotations;
  };

  it.each<[string, Annotations, string[]]>([
    ['nothing of Snyk', {}, [OURS, OURS_TOO]],
    ['our org as org-id', { 'snyk.io/org-id': ORG_ID }, [OURS, OURS_TOO]],
    ['the 1.x org-name', { 'snyk.io/org-name': 'acme' }, [OURS, OURS_TOO]],
    [
      'org-ids and a target by name in each',
      {
        'snyk.io/org-ids': `${ORG_ID},${OTHER_ORG}`,
        'snyk.io/targets': 'acme/api',
      },
      [OURS, OURS_TOO, THEIRS],
    ],
    ['a target list', { 'snyk.io/targets': ' acme/api ' }, [OURS, OURS_TOO]],
    ['their own target id', { 'snyk.io/target-id': TARGET }, [OURS, OURS_TOO]],
    [
      'project ids, one excluded',
      {
        'snyk.io/project-ids': `${OURS},${OURS_TOO}`,
        'snyk.io/exclude-project-ids': OURS_TOO,
      },
      [OURS],
    ],
  ])('%s: every call is answerable', async (_, owners, expected) => {
    const annotations = await enrich(owners);
    expect(legacyAvailable(annotations)).toBe(true);
    expect(newFrontendAvailable(annotations)).toBe(true);
    const view = await viewAsPlugin(standIns.snykUrl, annotations);
    expect(view.problems).toEqual([]);
    expect(view.shown.sort()).toEqual([...expected].sort());
  });

  it('a target name shows in the legacy page only, and is answerable there', async () => {
    const annotations = await enrich({ 'snyk.io/target-name': 'acme/api' });
    expect(annotations['snyk.io/target-id']).toBeUndefined();
    expect(legacyAvailable(annotations)).toBe(true);
    expect(newFrontendAvailable(annotations)).toBe(false);
    const view = await viewAsPlugin(standIns.snykUrl, annotations);
    expect(view.problems).toEqual([]);
    expect(view.shown.sort()).toEqual([OURS, OURS_TOO].sort());
  });

  it("adds no target to another org's entity, which our target would break", async () => {
    const theirs = await enrich({ 'snyk.io/org-id': OTHER_ORG });
    expect(theirs['snyk.io/target-id']).toBeUndefined();
    expect(legacyAvailable(theirs)).toBe(false);
    // What the module wrote before: the plugin asks the other org for our target.
    const before = await viewAsPlugin(standIns.snykUrl, {
      ...theirs,
      'snyk.io/target-id': TARGET,
    });
    expect(before.problems).toEqual([
      `target ${TARGET} is not one of org ${OTHER_ORG}'s`,
    ]);
  });

  it('adds nothing to an org-ids list, where one target would go to every org', async () => {
    for (const orgIds of [
      `${ORG_ID},${OTHER_ORG}`,
      `${ORG_ID}, ${OTHER_ORG}`,
    ]) {
      const annotations = await enrich({ 'snyk.io/org-ids': orgIds });
      expect(annotations['snyk.io/org-id']).toBeUndefined();
      expect(annotations['snyk.io/target-id']).toBeUndefined();
    }
    const before = await viewAsPlugin(standIns.snykUrl, {
      'snyk.io/org-ids': `${ORG_ID},${OTHER_ORG}`,
      'snyk.io/org-id': ORG_ID,
      'snyk.io/target-id': TARGET,
    });
    expect(before.problems).toEqual([
      `target ${TARGET} is not one of org ${OTHER_ORG}'s`,
    ]);
  });
});
