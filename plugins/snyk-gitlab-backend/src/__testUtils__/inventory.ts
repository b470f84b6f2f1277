import {
  SnykGitlabStore,
  StoredRepository,
  SyncOutcome,
} from '../database/SnykGitlabStore';

/**
 * Stores a whole inventory as one good sync does: every batch, then the end;
 * every repository is stamped with the sync's time, `lastSyncAt`.
 */
export async function saveInventory(
  store: SnykGitlabStore,
  host: string,
  repositories: StoredRepository[],
  outcome: Omit<SyncOutcome, 'status' | 'statusReason'>,
) {
  const syncedAt = outcome.lastSyncAt;
  await store.saveRepositories(
    host,
    repositories.map(r => ({ ...r, syncedAt })),
    outcome.settingsUpdatedAt,
  );
  await store.recordGoodSync(host, syncedAt, outcome);
}

/**
 * Saves a profile for `host` (catalog file read, no attributes), partially
 * connected; answers its settings version.
 */
export async function saveProfile(
  store: SnykGitlabStore,
  host: string,
  profileName = host,
): Promise<string> {
  await store.saveGroupIntegration({
    profileName,
    host,
    catalog: { enabled: true, filename: 'catalog-info.yaml', attributes: {} },
    status: 'partially_connected',
    updatedBy: 'u',
  });
  return (await store.getGroupIntegration(host))!.updatedAt;
}
