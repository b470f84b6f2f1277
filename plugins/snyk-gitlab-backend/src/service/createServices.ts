import { DatabaseService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { GitlabAccess } from '../clients/GitlabAccess';
import { SnykClient } from '../clients/SnykClient';
import { DEFAULT_RETRY, RetryOptions } from '../clients/http';
import { readPluginOptions } from '../config';
import { DatabaseSnykGitlabStore } from '../database/DatabaseSnykGitlabStore';
import { SyncService } from '../sync/SyncService';
import { IntegrationService } from './IntegrationService';
import { SnykInventoryService } from './SnykInventoryService';
import { SnykOrgService } from './SnykOrgService';

/** Wires the store, clients and services from config: for the plugin, tests and benchmarks. */
export async function createServices(options: {
  config: Config;
  database: DatabaseService;
  logger: LoggerService;
  retry?: RetryOptions;
  /** How often Snyk may be polled per import job; tests shorten it. */
  importPollIntervalMs?: number;
}) {
  const { config, logger, retry = DEFAULT_RETRY } = options;
  const settings = readPluginOptions(config);
  const store = await DatabaseSnykGitlabStore.create(options.database);
  const { snyk: snykSettings } = settings;
  const gitlab = new GitlabAccess(
    ScmIntegrations.fromConfig(config),
    logger,
    retry,
    snykSettings.token ? [snykSettings.token] : [],
  );
  const snyk = snykSettings.token
    ? new SnykClient(
        snykSettings.apiBaseUrl,
        snykSettings.token,
        snykSettings.restVersion,
        logger,
        retry,
        gitlab.tokens(),
        snykSettings.appBaseUrl,
      )
    : undefined;
  const inventory = new SnykInventoryService({
    store,
    gitlab,
    snyk,
    groupId: snykSettings.groupId,
    logger,
  });
  const orgService = new SnykOrgService({
    store,
    gitlab,
    snyk,
    orgs: snykSettings.orgs,
    logger,
    importPollIntervalMs: options.importPollIntervalMs,
    inventory,
  });
  const integrationService = new IntegrationService({
    store,
    gitlab,
    orgService,
    catalogDefaults: settings.catalogDefaults,
    snykConfigured: Boolean(snyk),
    snykGroupId: snykSettings.groupId,
  });
  const sync = new SyncService({
    store,
    gitlab,
    orgService,
    orgs: snykSettings.orgs,
    schedule: settings.schedule,
    logger,
  });
  return {
    settings,
    store,
    gitlab,
    orgService,
    integrationService,
    sync,
    inventory,
  };
}
