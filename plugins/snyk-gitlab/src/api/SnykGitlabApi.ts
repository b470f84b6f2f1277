import { createApiRef } from '@backstage/core-plugin-api';
import {
  EntityStatus,
  EntityStatusQuery,
  GroupIntegration,
  GroupIntegrationInput,
  ImportJob,
  ImportRequest,
  IntegrationState,
  OrgIntegration,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';

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
}

export const snykGitlabApiRef = createApiRef<SnykGitlabApi>({
  id: 'plugin.snyk-gitlab.service',
});
