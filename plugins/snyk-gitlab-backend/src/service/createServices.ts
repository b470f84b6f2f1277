import { DatabaseService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { GitlabAccess } from '../clients/GitlabAccess';
import { SnykClient } from '../clients/SnykClient';
import { DEFAULT_RETRY, RetryOptions } from '../clients/http';
import { readPluginOptions } from '../config';
import { DatabaseSnykGitlabStore } from '../database/DatabaseSnykGitlabStore';
import { InventoryColumns } from '../database/inventoryColumns';
import { BulkImportWorkerOptions } from '../bulk/BulkImportWorker';
import {
  createInventoryServices,
  orgIdFor,
} from '../bulk/createInventoryServices';
import { SyncService } from '../sync/SyncService';
import { IntegrationService } from './IntegrationService';
import { OrgSettingsService } from './OrgSettingsService';
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
  /** The bulk import worker's pace and timings; tests and benchmarks shorten them. */
  bulkImport?: Partial<BulkImportWorkerOptions>;
}) {
  const { config, logger, retry = DEFAULT_RETRY } = options;
  const settings = readPluginOptions(config);
  const columns = new InventoryColumns(orgIdFor(settings.snyk.orgs));
  const store = await DatabaseSnykGitlabStore.create(options.database, columns);
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
  const orgSettings = new OrgSettingsService({
    store,
    snyk,
    orgs: snykSettings.orgs,
  });
  const inventoryServices = await createInventoryServices({
    config,
    database: options.database,
    columns,
    orgs: snykSettings.orgs,
    store,
    orgService,
    snyk,
    logger,
    secrets: [snykSettings.token ?? '', ...gitlab.tokens()],
    bulkImport: options.bulkImport,
  });
  return {
    ...inventoryServices,
    settings,
    orgSettings,
    store,
    gitlab,
    orgService,
    integrationService,
    sync,
    inventory,
  };
}
