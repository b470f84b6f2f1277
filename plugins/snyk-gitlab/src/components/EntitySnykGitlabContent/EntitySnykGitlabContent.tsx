import {
  Content,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  snykGitlabIntegrationManagePermission,
  snykGitlabRepositoryImportPermission,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useCallback } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { snykGitlabApiRef } from '../../api/SnykGitlabApi';
import { entityStatusQuery } from '../../hooks/useEntityStatus';
import { CatalogFileStep } from './CatalogFileStep';
import { GroupStep } from './GroupStep';
import { ImportStep } from './ImportStep';
import { OrgStep } from './OrgStep';
import { TokenStep } from './TokenStep';
import { useGuideActions } from './useGuideActions';

function Denied(props: { permission: string }) {
  return (
    <Typography variant="body2" color="textSecondary" style={{ marginTop: 8 }}>
      You can read this, but changing it needs the{' '}
      <code>{props.permission}</code> permission.
    </Typography>
  );
}

/** The "Integrate with Snyk" tab: Snyk's GitLab guide as a live checklist for this component. */
export function EntitySnykGitlabContent() {
  const { entity } = useEntity();
  const api = useApi(snykGitlabApiRef);
  const query = entityStatusQuery(entity);
  const queryKey = JSON.stringify(query);
  const { value, loading, error, retry } = useAsyncRetry(
    () => Promise.all([api.getEntityStatus(query), api.getState()]),
    [api, queryKey],
  );
  const reload = useCallback(() => retry(), [retry]);
  const actions = useGuideActions(query, reload);
  const manage = usePermission({
    permission: snykGitlabIntegrationManagePermission,
  });
  const importing = usePermission({
    permission: snykGitlabRepositoryImportPermission,
    resourceRef: query.entityRef,
  });

  if (loading && !value) return <Progress />;
  if (error && !value) return <ResponseErrorPanel error={error} />;
  if (!value) return null;
  const [status, state] = value;
  const token =
    status.token ?? state.tokens.find(t => t.host === status.group?.host);

  return (
    <Content noPadding data-testid="snyk-gitlab-content">
      {!state.snykConfigured && (
        <Alert severity="warning" style={{ marginBottom: 16 }}>
          Snyk is not configured: set <code>snykGitlab.snyk.token</code> in
          app-config.
        </Alert>
      )}
      {actions.error && (
        <Alert severity="error" style={{ marginBottom: 16 }} role="alert">
          {actions.error.message}
        </Alert>
      )}
      <TokenStep token={token} />
      <GroupStep
        group={status.group}
        hosts={state.gitlabHosts}
        canManage={manage.allowed}
        denied={
          <Denied permission={snykGitlabIntegrationManagePermission.name} />
        }
        busy={actions.busy}
        onSave={actions.saveGroup}
        onSync={actions.sync}
      />
      <CatalogFileStep
        repository={status.repository}
        group={status.group}
        snykAsset={status.snykAsset}
      />
      <OrgStep
        org={status.org}
        canManage={manage.allowed}
        denied={
          <Denied permission={snykGitlabIntegrationManagePermission.name} />
        }
        busy={actions.busy}
        onSave={actions.saveOrg}
      />
      <ImportStep
        status={status}
        canImport={importing.allowed}
        denied={
          <Denied permission={snykGitlabRepositoryImportPermission.name} />
        }
        busy={actions.busy}
        onImport={actions.importRepository}
      />
    </Content>
  );
}
