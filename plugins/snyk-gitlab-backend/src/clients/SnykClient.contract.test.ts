import { mockServices } from '@backstage/backend-test-utils';
import {
  CANARY_PAT,
  CANARY_SNYK_TOKEN,
  ORG_ID,
  SNYK_CONTRACTS_DIR,
  StandIns,
  startStandIns,
  testWorld,
} from '@internal/snyk-gitlab-stand-ins';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import fs from 'node:fs';
import path from 'node:path';
import { fastRetry } from '../__testUtils__/retry';
import { SnykClient } from './SnykClient';

type Spec = { paths: Record<string, Record<string, any>>; components: any };

const load = (name: string): Spec =>
  JSON.parse(fs.readFileSync(path.join(SNYK_CONTRACTS_DIR, name), 'utf8'));
const specs = { rest: load('rest-subset.json'), v1: load('v1-subset.json') };

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
for (const [id, spec] of Object.entries(specs)) {
  ajv.addSchema({ $id: id, components: spec.components });
}

/** The spec's path template that a concrete path matches. */
function templateOf(spec: Spec, concrete: string) {
  return Object.keys(spec.paths).find(template =>
    new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(concrete),
  );
}

/** The names of the query parameters the spec defines for a path and method. */
function parameterNames(spec: Spec, template: string, method: string) {
  return (spec.paths[template][method].parameters ?? []).map((p: any) => {
    const ref = p.$ref?.replace('#/components/parameters/', '');
    return ref ? spec.components.parameters[ref].name : p.name;
  });
}

const validators = new Map<string, ValidateFunction>();

/** Errors of a body against the response schema, by the spec's own refs. */
function responseErrors(
  specId: keyof typeof specs,
  template: string,
  method: string,
  status: number,
  body: unknown,
) {
  const content =
    specs[specId].paths[template][method].responses[String(status)]?.content;
  if (!content) return [`no ${status} answer in the spec`];
  const key = `${specId} ${method} ${template} ${status}`;
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(
      JSON.parse(
        JSON.stringify(Object.values<any>(content)[0].schema).replace(
          /"#\/components\//g,
          `"${specId}#/components/`,
        ),
      ),
    );
    validators.set(key, validate);
  }
  return validate(body)
    ? []
    : validate.errors!.map(e => `${e.instancePath} ${e.message}`);
}

describe('SnykClient against the stand-in, checked with the published contract', () => {
  let standIns: StandIns;

  beforeAll(async () => {
    standIns = await startStandIns({ world: testWorld() });
  });
  afterAll(() => standIns.close());

  it('sends only parameters the spec defines and gets answers the spec allows', async () => {
    const client = new SnykClient(
      standIns.snykUrl,
      CANARY_SNYK_TOKEN,
      '2024-10-15',
      mockServices.logger.mock(),
      fastRetry().retry,
    );
    await client.self();
    const integrationId = await client.saveGitlabIntegration(ORG_ID, {
      token: CANARY_PAT,
      url: standIns.gitlabUrl,
    });
    await client.saveGitlabIntegration(ORG_ID, { token: CANARY_PAT });
    const jobId = await client.importGitlabProject(ORG_ID, integrationId, {
      id: 11,
      branch: 'main',
    });
    await client.waitForImportJob(ORG_ID, integrationId, jobId, {
      intervalMs: 1,
    });
    await client.listGitlabTargets(ORG_ID);
    await client.listGitlabTargets(ORG_ID, { displayName: 'acme/api' });

    const problems: string[] = [];
    const headers = {
      Authorization: `token ${CANARY_SNYK_TOKEN}`,
      Accept: 'application/vnd.api+json, application/json',
    };
    // The client's requests only: reading answers again below adds more.
    const made = [...standIns.faults.requests];
    for (const request of made) {
      const [specId, concrete] = request.path.startsWith('/rest/')
        ? (['rest', request.path.slice('/rest'.length)] as const)
        : (['v1', request.path.slice('/v1'.length)] as const);
      const method = request.method.toLowerCase();
      const template = templateOf(specs[specId], concrete);
      const where = `${request.method} ${request.path}`;
      if (!template || !specs[specId].paths[template][method]) {
        problems.push(`${where}: not in the spec`);
        continue;
      }
      const allowed = parameterNames(specs[specId], template, method);
      for (const name of new URLSearchParams(request.query).keys()) {
        if (!allowed.includes(name)) {
          problems.push(`${where}: query parameter ${name} is not in the spec`);
        }
      }
      // GET answers are read again (the stand-in's state is unchanged) and checked.
      if (method === 'get') {
        const res = await fetch(
          `${standIns.snykUrl}${request.path}?${request.query}`,
          { headers },
        );
        for (const error of responseErrors(
          specId,
          template,
          method,
          res.status,
          await res.json(),
        )) {
          problems.push(`${where} answer: ${error}`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(made.length).toBeGreaterThan(8);
  }, 60_000);
});
