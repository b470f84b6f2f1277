import { DatabaseService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { SnykClient } from '../clients/SnykClient';
import { SnykOrgConfig, orgForRepository } from '../config';
import { InventoryColumns, OrgFor } from '../database/inventoryColumns';
import { InventoryQueries } from '../database/inventoryQuery';
import { SnykGitlabStore } from '../database/SnykGitlabStore';
import { SnykOrgService } from '../service/SnykOrgService';
import { BulkImportQueue } from './BulkImportQueue';
import {
  BulkImportWorker,
  BulkImportWorkerOptions,
  readV1RequestsPerMinute,
} from './BulkImportWorker';

/** Each repository's configured Snyk org id. */
export function orgIdFor(orgs: SnykOrgConfig[]): OrgFor {
  return (host, path) => orgForRepository(orgs, host, path)?.orgId;
}

/**
 * The inventory table's queries and the bulk import queue and worker. At
 * start-up, repositories whose configured org changed get it (config may have).
 */
export async function createInventoryServices(options: {
  config: Config;
  database: DatabaseService;
  columns: InventoryColumns;
  orgs: SnykOrgConfig[];
  store: SnykGitlabStore;
  orgService: SnykOrgService;
  snyk?: SnykClient;
  logger: LoggerService;
  secrets: string[];
  bulkImport?: Partial<BulkImportWorkerOptions>;
}) {
  const db = await options.database.getClient();
  await options.columns.reconcile(db);
  const inventoryQueries = new InventoryQueries(db);
  const bulkImports = new BulkImportQueue({
    db,
    inventory: inventoryQueries,
    orgFor: orgIdFor(options.orgs),
    snykConfigured: Boolean(options.snyk),
  });
  const bulkImportWorker = new BulkImportWorker({
    queue: bulkImports,
    store: options.store,
    orgService: options.orgService,
    snyk: options.snyk,
    logger: options.logger,
    secrets: options.secrets,
    options: {
      requestsPerMinute: readV1RequestsPerMinute(options.config),
      ...options.bulkImport,
    },
  });
  return { inventoryQueries, bulkImports, bulkImportWorker };
}
