import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { StandIns, testConfig } from '@snyk-gitlab/stand-ins';
import { Knex } from 'knex';
import { BulkImportWorkerOptions } from '../bulk/BulkImportWorker';
import { RetryOptions } from '../clients/http';
import { createServices as create } from '../service/createServices';
import { fastRetry } from './retry';

/** The plugin's services wired to a test database and running stand-ins. */
export async function createServices(
  knex: Knex,
  standIns: StandIns,
  options: {
    importPollIntervalMs?: number;
    snykGroupId?: string;
    bulkImport?: Partial<BulkImportWorkerOptions>;
    retry?: Partial<RetryOptions>;
  } = {},
) {
  const logger = mockServices.logger.mock();
  const services = await create({
    config: new ConfigReader(
      testConfig(standIns, undefined, options.snykGroupId),
    ),
    database: { getClient: async () => knex, migrations: { skip: false } },
    logger,
    retry: fastRetry(options.retry).retry,
    importPollIntervalMs: options.importPollIntervalMs ?? 0,
    bulkImport: options.bulkImport,
  });
  return { ...services, host: new URL(standIns.gitlabUrl).host, logger };
}

/** Every table of the plugin, to clear between tests and to search for secrets. */
export const PLUGIN_TABLES = [
  'group_integrations',
  'org_integrations',
  'gitlab_tokens',
  'repositories',
  'repository_entities',
  'snyk_targets',
  'import_jobs',
  'audit_log',
  'snyk_inventory',
  'snyk_assets',
  'bulk_imports',
  'group_profile_seeds',
];

export async function clearTables(knex: Knex) {
  for (const table of PLUGIN_TABLES) await knex(table).delete();
}
