import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { StandIns } from '@internal/snyk-gitlab-stand-ins';
import { Knex } from 'knex';
import { GitlabAccess } from '../clients/GitlabAccess';
import { SnykClient } from '../clients/SnykClient';
import { readPluginOptions } from '../config';
import { DatabaseSnykGitlabStore } from '../database/DatabaseSnykGitlabStore';
import { IntegrationService } from '../service/IntegrationService';
import { SnykOrgService } from '../service/SnykOrgService';
import { SyncService } from '../sync/SyncService';
import { fastRetry, testConfig } from './world';

/** The plugin's services wired to a test database and running stand-ins. */
export async function createServices(knex: Knex, standIns: StandIns) {
  const config = new ConfigReader(testConfig(standIns));
  const options = readPluginOptions(config);
  const logger = mockServices.logger.mock();
  const { retry } = fastRetry();
  const store = await DatabaseSnykGitlabStore.create({
    getClient: async () => knex,
    migrations: { skip: false },
  });
  const gitlab = new GitlabAccess(
    ScmIntegrations.fromConfig(config),
    logger,
    retry,
  );
  const snyk = new SnykClient(
    options.snyk.apiBaseUrl,
    options.snyk.token!,
    options.snyk.restVersion,
    logger,
    retry,
  );
  const orgService = new SnykOrgService({
    store,
    gitlab,
    snyk,
    orgs: options.snyk.orgs,
    logger,
  });
  const integrationService = new IntegrationService({
    store,
    gitlab,
    orgService,
    catalogDefaults: options.catalogDefaults,
    snykConfigured: true,
  });
  const sync = new SyncService({
    store,
    gitlab,
    orgService,
    orgs: options.snyk.orgs,
    schedule: options.schedule,
    logger,
  });
  const host = new URL(standIns.gitlabUrl).host;
  return { store, orgService, integrationService, sync, host, logger };
}
