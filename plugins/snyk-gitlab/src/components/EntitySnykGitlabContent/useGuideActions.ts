import { useApi } from '@backstage/core-plugin-api';
import {
  EntityStatusQuery,
  GroupIntegrationInput,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import { useCallback, useState } from 'react';
import { snykGitlabApiRef } from '../../api/SnykGitlabApi';

const POLL_MS = 1500;
const MAX_POLLS = 40;
const pause = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

export type ActionName = 'saveGroup' | 'sync' | 'saveOrg' | 'import';

/** The guide's actions; each reloads the status when done (syncs and imports once finished). */
export function useGuideActions(query: EntityStatusQuery, reload: () => void) {
  const api = useApi(snykGitlabApiRef);
  const [busy, setBusy] = useState<ActionName>();
  const [error, setError] = useState<Error>();

  const run = useCallback(
    async (name: ActionName, action: () => Promise<unknown>) => {
      setBusy(name);
      setError(undefined);
      try {
        await action();
      } catch (e) {
        // A ResponseError carries the backend's own message as its cause.
        const cause = (e as { cause?: { message?: string } }).cause;
        setError(new Error(cause?.message ?? (e as Error).message));
      } finally {
        setBusy(undefined);
        reload();
      }
    },
    [reload],
  );

  return {
    busy,
    error,
    saveGroup: (input: GroupIntegrationInput) =>
      run('saveGroup', () => api.saveGroupIntegration(input)),
    sync: () =>
      run('sync', async () => {
        const before = (await api.getEntityStatus(query)).group?.lastSyncAt;
        await api.triggerSync();
        for (let i = 0; i < MAX_POLLS; i++) {
          await pause(POLL_MS);
          if ((await api.getEntityStatus(query)).group?.lastSyncAt !== before)
            return;
        }
      }),
    saveOrg: (orgId: string) =>
      run('saveOrg', () => api.saveOrgIntegration(orgId)),
    importRepository: () =>
      run('import', async () => {
        const { entityRef } = query;
        let job = await api.importRepository({ entityRef });
        for (let i = 0; i < MAX_POLLS && job.status === 'pending'; i++) {
          await pause(POLL_MS);
          job = await api.getImportJob(job.id, entityRef);
        }
      }),
  };
}
