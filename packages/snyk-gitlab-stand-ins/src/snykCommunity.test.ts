import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SNYK_CONTRACTS_DIR, StandIns, startStandIns } from './index';
import { CANARY_SNYK_TOKEN, ORG_ID, testWorld } from './testWorld';
import { SnykProject } from './world';

type Spec = { paths: Record<string, Record<string, any>>; components: any };
const load = (name: string): Spec =>
  JSON.parse(fs.readFileSync(path.join(SNYK_CONTRACTS_DIR, name), 'utf8'));
const specs = {
  rest: load('rest-community-subset.json'),
  v1: load('v1-community-subset.json'),
};
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
for (const [id, spec] of Object.entries(specs)) {
  ajv.addSchema({ $id: id, components: spec.components });
}
const validators = new Map<string, ValidateFunction>();

/** Errors of an answer against the spec's 200 schema for a path template. */
function answerErrors(
  specId: keyof typeof specs,
  template: string,
  body: unknown,
) {
  let response = specs[specId].paths[template].get.responses['200'];
  if (response.$ref) {
    response = specs[specId].components.responses[response.$ref.split('/')[3]];
  }
  let validate = validators.get(`${specId} ${template}`);
  if (!validate) {
    const schema = Object.values<any>(response.content)[0].schema;
    validate = ajv.compile(
      JSON.parse(
        JSON.stringify(schema).replace(
          /"#\/components\//g,
          `"${specId}#/components/`,
        ),
      ),
    );
    validators.set(`${specId} ${template}`, validate);
  }
  return validate(body)
    ? []
    : validate.errors!.map(e => `${e.instancePath} ${e.message}`);
}

/** The query parameter names the spec defines for a GET. */
function parameterNames(template: string) {
  const spec = specs.rest;
  return (spec.paths[template].get.parameters ?? []).map((p: any) =>
    p.$ref ? spec.components.parameters[p.$ref.split('/')[3]].name : p.name,
  );
}

const project = (
  type: string,
  counts: SnykProject['issueCounts'],
): SnykProject => ({
  id: crypto.randomUUID(),
  name: `acme/api:${type}`,
  type,
  targetFile: type === 'sast' ? '' : 'package.json',
  branch: 'main',
  issueCounts: counts,
});

describe("the Snyk stand-in answers the community plugin's calls", () => {
  let standIns: StandIns;
  const npm = project('npm', { critical: 2, high: 5, medium: 7, low: 9 });
  const sast = project('sast', { critical: 0, high: 1, medium: 2, low: 0 });
  const headers = {
    Authorization: `token ${CANARY_SNYK_TOKEN}`,
    'Content-Type': 'application/vnd.api+json',
  };
  const get = async (url: string) => {
    const res = await fetch(`${standIns.snykUrl}${url}`, { headers });
    return { status: res.status, body: await res.json() };
  };

  beforeAll(async () => {
    const world = testWorld();
    world.snyk.orgs[0].targets.push({
      id: crypto.randomUUID(),
      displayName: 'acme/api',
      url: 'https://gitlab.example/acme/api',
      integrationType: 'gitlab',
      projects: [npm, sast],
    });
    // Enough projects in another target for a second page of projects.
    world.snyk.orgs[0].targets.push({
      id: crypto.randomUUID(),
      displayName: 'acme/many',
      url: 'https://gitlab.example/acme/many',
      integrationType: 'gitlab',
      projects: Array.from({ length: 12 }, () =>
        project('npm', { critical: 0, high: 0, medium: 0, low: 1 }),
      ),
    });
    standIns = await startStandIns({ world });
  });
  afterAll(() => standIns.close());

  it('GET /rest/orgs/{org_id}: the slug, as the REST contract says', async () => {
    const org = await get(`/rest/orgs/${ORG_ID}?version=2024-02-28`);
    expect(org.status).toBe(200);
    expect(org.body.data.attributes.slug).toBe('acme');
    expect(answerErrors('rest', '/orgs/{org_id}', org.body)).toEqual([]);
    expect(
      (await get(`/rest/orgs/${crypto.randomUUID()}?version=2024-02-28`))
        .status,
    ).toBe(404);
    // Released (experimental) in 2022-04: not there before.
    expect((await get(`/rest/orgs/${ORG_ID}?version=2021-06-04`)).status).toBe(
      404,
    );
  });

  it('GET /rest/orgs/{org_id}/issues: one issue per count, paged through links.next as the plugin follows it', async () => {
    const first = `/rest/orgs/${ORG_ID}/issues?version=2024-01-23&scan_item.id=${npm.id}&scan_item.type=project&limit=10`;
    const issues: any[] = [];
    const allowed = parameterNames('/orgs/{org_id}/issues');
    const nextLinks: string[] = [];
    let next: string | undefined = first;
    let pages = 0;
    while (next) {
      // The plugin appends links.next to its proxy base, as here to the stand-in's.
      const page = await get(next);
      expect(page.status).toBe(200);
      expect(answerErrors('rest', '/orgs/{org_id}/issues', page.body)).toEqual(
        [],
      );
      issues.push(...page.body.data);
      next = page.body.links?.next;
      if (next) nextLinks.push(next);
      pages += 1;
    }
    expect(nextLinks).toHaveLength(2);
    for (const link of nextLinks) {
      expect(link.startsWith('/rest/')).toBe(true);
      const names = [...new URL(link, 'http://x').searchParams.keys()];
      expect(names.filter(n => !allowed.includes(n))).toEqual([]);
    }
    expect(pages).toBe(3);
    expect(issues).toHaveLength(23);
    expect(new Set(issues.map(i => i.id)).size).toBe(23);
    for (const severity of ['critical', 'high', 'medium', 'low'] as const) {
      expect(
        issues.filter(i => i.attributes.effective_severity_level === severity),
      ).toHaveLength(npm.issueCounts[severity]);
    }
    for (const issue of issues) {
      expect(issue.attributes).toMatchObject({
        type: 'package_vulnerability',
        status: 'open',
        ignored: false,
      });
      expect(issue.relationships.scan_item.data).toEqual({
        id: npm.id,
        type: 'project',
      });
    }
    // As the plugin asks: 100 a page, one page.
    const code = await get(
      `/rest/orgs/${ORG_ID}/issues?version=2024-01-23&scan_item.id=${sast.id}&scan_item.type=project&limit=100`,
    );
    expect(code.body.data.map((i: any) => i.attributes.type)).toEqual([
      'code',
      'code',
      'code',
    ]);
    expect(code.body.links.next).toBeUndefined();
    const high = await get(
      `/rest/orgs/${ORG_ID}/issues?version=2024-01-23&scan_item.id=${npm.id}&scan_item.type=project&effective_severity_level=high&limit=100`,
    );
    expect(high.body.data).toHaveLength(5);
  });

  it('refuses issue queries Snyk refuses', async () => {
    const base = `/rest/orgs/${ORG_ID}/issues`;
    for (const query of [
      `version=2024-01-23&scan_item.id=${npm.id}`,
      'version=2024-01-23&limit=5',
      'version=2024-01-23&starting_after=nope',
    ]) {
      expect((await get(`${base}?${query}`)).status).toBe(400);
    }
    expect((await get(`${base}?version=2023-01-01`)).status).toBe(404);
    const noToken = await fetch(
      `${standIns.snykUrl}${base}?version=2024-01-23`,
    );
    expect(noToken.status).toBe(401);
  });

  it('GET /v1/org/{orgId}/project/{projectId} and its dep-graph, as the v1 reference says', async () => {
    const details = await get(`/v1/org/${ORG_ID}/project/${npm.id}`);
    expect(details.status).toBe(200);
    expect(details.body).toMatchObject({
      id: npm.id,
      name: 'acme/api:npm',
      origin: 'gitlab',
      type: 'npm',
      issueCountsBySeverity: npm.issueCounts,
    });
    expect(
      answerErrors('v1', '/org/{orgId}/project/{projectId}', details.body),
    ).toEqual([]);
    const graph = await get(`/v1/org/${ORG_ID}/project/${npm.id}/dep-graph`);
    expect(graph.status).toBe(200);
    expect(
      answerErrors(
        'v1',
        '/org/{orgId}/project/{projectId}/dep-graph',
        graph.body,
      ),
    ).toEqual([]);
    const { pkgs, graph: tree } = graph.body.depGraph;
    expect(tree.nodes[0].deps).toHaveLength(pkgs.length - 1);
    expect(details.body.totalDependencies).toBe(pkgs.length - 1);
    // Code projects have no dependency graph; unknown projects are 404.
    expect(
      (await get(`/v1/org/${ORG_ID}/project/${sast.id}/dep-graph`)).status,
    ).toBe(404);
    expect(
      (await get(`/v1/org/${ORG_ID}/project/${crypto.randomUUID()}`)).status,
    ).toBe(404);
  });

  it('lists projects by ids, and its links.next keep the /rest prefix', async () => {
    const byIds = await get(
      `/rest/orgs/${ORG_ID}/projects?ids=${npm.id}%2C${sast.id}&limit=100&version=2024-02-28`,
    );
    expect(byIds.body.data.map((p: any) => p.id).sort()).toEqual(
      [npm.id, sast.id].sort(),
    );
    const ids: string[] = [];
    let next:
      | string
      | undefined = `/rest/orgs/${ORG_ID}/projects?limit=10&version=2024-02-28`;
    while (next) {
      const page = await get(next);
      expect(page.status).toBe(200);
      ids.push(...page.body.data.map((p: any) => p.id));
      next = page.body.links.next;
    }
    expect(ids).toHaveLength(14);
  });
});
