import { createApiRef } from '@backstage/core-plugin-api';
import {
  BrokerConnectionsResponse,
  BulkImportAccepted,
  BulkImportItemState,
  BulkImportList,
  BulkImportRequest,
  BulkImportRetryRequest,
  BulkImportRetryResult,
  EntityStatus,
  EntityStatusQuery,
  GroupIntegration,
  GroupIntegrationInput,
  ImportJob,
  ImportRequest,
  IntegrationState,
  InventoryPage,
  InventoryQuery,
  OrgGitlabSettings,
  OrgGitlabSettingsResponse,
  OrgIntegration,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';

/** The query of `GET /imports/bulk`: a batch's items, or all, by state. */
export interface BulkImportQuery {
  batchId?: string;
  state?: BulkImportItemState;
  offset?: number;
  limit?: number;
}

/** The snyk-gitlab backend, as the portal uses it. */
export interface SnykGitlabApi {
  getState(): Promise<IntegrationState>;
  getEntityStatus(query: EntityStatusQuery): Promise<EntityStatus>;
  saveGroupIntegration(input: GroupIntegrationInput): Promise<GroupIntegration>;
  saveOrgIntegration(orgId: string): Promise<OrgIntegration>;
  triggerSync(): Promise<void>;
  importRepository(request: ImportRequest): Promise<ImportJob>;
  /** A job of the entity's repository (the entity lets users without the read permission poll it). */
  getImportJob(id: string, entityRef?: string): Promise<ImportJob>;
  /** A page of the inventory, filtered and sorted by the backend. */
  getInventory(query: InventoryQuery): Promise<InventoryPage>;
  /** The inventory matching the same filters, as CSV. */
  exportInventoryCsv(query: InventoryQuery): Promise<Blob>;
  startBulkImport(request: BulkImportRequest): Promise<BulkImportAccepted>;
  getBulkImport(query: BulkImportQuery): Promise<BulkImportList>;
  retryBulkImport(
    request: BulkImportRetryRequest,
  ): Promise<BulkImportRetryResult>;
  getOrgSettings(orgId: string): Promise<OrgGitlabSettingsResponse>;
  saveOrgSettings(
    orgId: string,
    settings: OrgGitlabSettings,
  ): Promise<OrgGitlabSettingsResponse>;
  getBrokerConnections(orgId: string): Promise<BrokerConnectionsResponse>;
}

export const snykGitlabApiRef = createApiRef<SnykGitlabApi>({
  id: 'plugin.snyk-gitlab.service',
});
