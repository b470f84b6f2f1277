import { ServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { StandIns, testConfig } from '@snyk-gitlab/stand-ins';
import { Knex } from 'knex';
import request from 'supertest';
import { snykGitlabPlugin } from '../plugin';

export const ADMIN = mockCredentials.user.header('user:default/admin');

/**
 * The plugin in a test backend on `knex`, against the stand-ins. Its policy
 * allows the permissions named in `allow` (every one without it), answers
 * `conditional` to conditional requests, and shows every request to
 * `onAuthorize`. Answers calls to its API, as ADMIN unless told.
 */
export async function startRouteBackend(options: {
  knex: Knex;
  standIns: StandIns;
  allow?: string[];
  conditional?: PolicyDecision;
  onAuthorize?: (requests: readonly unknown[]) => void;
  schedule?: object;
  extra?: ServiceFactory[];
}) {
  const { allow, conditional, onAuthorize } = options;
  const decide = (name: string) =>
    !allow || allow.includes(name)
      ? AuthorizeResult.ALLOW
      : AuthorizeResult.DENY;
  const { server } = await startTestBackend({
    features: [
      snykGitlabPlugin,
      mockServices.rootConfig.factory({
        data: testConfig(options.standIns, options.schedule),
      }),
      mockServices.database.factory({ knex: options.knex }),
      mockServices.permissions.mock({
        authorize: async requests => {
          onAuthorize?.(requests);
          return requests.map(r => ({ result: decide(r.permission.name) }));
        },
        ...(conditional && {
          authorizeConditional: async requests => {
            onAuthorize?.(requests);
            return requests.map(() => conditional);
          },
        }),
      }).factory,
      catalogServiceMock.factory(),
      ...(options.extra ?? []),
    ],
  });
  const call =
    (method: 'get' | 'post' | 'put') =>
    (path: string, body?: object, auth = ADMIN) =>
      request(server)
        [method](`/api/snyk-gitlab${path}`)
        .set('Authorization', auth)
        .send(body);
  return { get: call('get'), post: call('post'), put: call('put') };
}
