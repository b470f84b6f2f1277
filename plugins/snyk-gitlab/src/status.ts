import {
  EntityStatus,
  IntegrationStatus,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';

/** One word for the whole guide: both integrations connected, or where it stopped. */
export function overallStatus(status: EntityStatus): IntegrationStatus {
  const { group, org, token } = status;
  if (!group) return 'not_configured';
  if (
    group.status === 'failed' ||
    org?.status === 'failed' ||
    (token && !token.ok)
  ) {
    return 'failed';
  }
  if (group.status === 'connected' && org?.status === 'connected')
    return 'connected';
  return 'partially_connected';
}

export type ImportState =
  | 'not_imported'
  | 'importing'
  | 'imported'
  | 'import_failed';

export function importState(status: EntityStatus): ImportState {
  if (status.target) return 'imported';
  if (status.importJob?.status === 'pending') return 'importing';
  if (status.importJob?.status === 'failed') return 'import_failed';
  return 'not_imported';
}

export const IMPORT_TEXT: Record<ImportState, string> = {
  not_imported: 'Not imported',
  importing: 'Importing',
  imported: 'Imported',
  import_failed: 'Import failed',
};
