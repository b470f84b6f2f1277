// Checks requests and answers against the vendored Snyk OpenAPI subsets.
import { SNYK_CONTRACTS_DIR } from '@snyk-gitlab/stand-ins';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import fs from 'node:fs';
import path from 'node:path';

type Spec = { paths: Record<string, Record<string, any>>; components: any };
export type SpecId = 'rest' | 'v1';

const load = (name: string): Spec =>
  JSON.parse(fs.readFileSync(path.join(SNYK_CONTRACTS_DIR, name), 'utf8'));
export const specs: Record<SpecId, Spec> = {
  rest: load('rest-subset.json'),
  v1: load('v1-subset.json'),
};

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
for (const [id, spec] of Object.entries(specs)) {
  ajv.addSchema({ $id: id, components: spec.components });
}

/** The spec and its path template a recorded stand-in path (`/v1/…`, `/rest/…`) falls under. */
export function templateOf(recordedPath: string) {
  const [specId, concrete] = recordedPath.startsWith('/rest/')
    ? (['rest', recordedPath.slice('/rest'.length)] as const)
    : (['v1', recordedPath.slice('/v1'.length)] as const);
  const template = Object.keys(specs[specId].paths).find(t =>
    new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(concrete),
  );
  return { specId, template };
}

/** The names of the query parameters the spec defines for a path and method. */
export function parameterNames(
  specId: SpecId,
  template: string,
  method: string,
): string[] {
  const spec = specs[specId];
  return (spec.paths[template][method].parameters ?? []).map((p: any) => {
    const ref = p.$ref?.replace('#/components/parameters/', '');
    return ref ? spec.components.parameters[ref].name : p.name;
  });
}

const validators = new Map<string, ValidateFunction>();

function compile(specId: SpecId, key: string, schema: unknown) {
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(
      JSON.parse(
        JSON.stringify(schema).replace(
          /"#\/components\//g,
          `"${specId}#/components/`,
        ),
      ),
    );
    validators.set(key, validate);
  }
  return validate;
}

const describeErrors = (errors: ErrorObject[]) =>
  errors.map(e => `${e.instancePath} ${e.message}`);

/** Errors of an answer against the operation's response schema for its status. */
export function responseErrors(
  specId: SpecId,
  template: string,
  method: string,
  status: number,
  body: unknown,
): string[] {
  const spec = specs[specId];
  let response = spec.paths[template][method].responses[String(status)];
  if (response?.$ref) {
    response = spec.components.responses[response.$ref.split('/').pop()];
  }
  const content = response?.content;
  if (!content) return [`no ${status} answer in the spec`];
  const validate = compile(
    specId,
    `answer ${specId} ${method} ${template} ${status}`,
    Object.values<any>(content)[0].schema,
  );
  return validate(body) ? [] : describeErrors(validate.errors!);
}

/** Errors of a request body against the operation's request schema. */
export function requestBodyErrors(
  specId: SpecId,
  template: string,
  method: string,
  body: unknown,
): string[] {
  const content = specs[specId].paths[template][method].requestBody?.content;
  if (!content) return ['no request body in the spec'];
  const validate = compile(
    specId,
    `request ${specId} ${method} ${template}`,
    Object.values<any>(content)[0].schema,
  );
  return validate(body) ? [] : describeErrors(validate.errors!);
}
