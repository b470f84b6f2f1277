import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import { AddressInfo } from 'node:net';
import { snykGitlabPlugin } from '../src/plugin';
import { benchConfig } from './world';

/**
 * The plugin on `knex`, against the stand-ins, with one org on their GitLab
 * host, every permission allowed and no scheduled sync during a measurement;
 * its group-level profile saved. Answers the backend and its API base URL.
 */
export async function startBenchBackend(options: {
  knex: Knex;
  standIns: { gitlabUrl: string; snykUrl: string };
  orgId: string;
  auth: string;
}) {
  const { knex, standIns, orgId } = options;
  const host = new URL(standIns.gitlabUrl).host;
  const config = benchConfig(standIns, orgId);
  const backend = await startTestBackend({
    features: [
      snykGitlabPlugin,
      mockServices.rootConfig.factory({
        data: {
          ...config,
          snykGitlab: {
            ...config.snykGitlab,
            // No scheduled sync during the measurement: the seeded inventory stays.
            schedule: {
              frequency: { hours: 24 },
              timeout: { minutes: 5 },
              initialDelay: { hours: 1 },
            },
          },
        },
      }),
      mockServices.database.factory({ knex }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      catalogServiceMock.factory(),
      mockServices.rootLogger.factory({ level: 'error' }),
    ],
  });
  const base = `http://127.0.0.1:${
    (backend.server.address() as AddressInfo).port
  }/api/snyk-gitlab`;
  const saved = await fetch(`${base}/integrations/group`, {
    method: 'PUT',
    headers: {
      Authorization: options.auth,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ profileName: 'bench', host }),
  });
  if (!saved.ok) throw new Error(`group save: ${saved.status}`);
  return { backend, base, host };
}
