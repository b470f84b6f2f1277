import {
  Content,
  EmptyState,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  snykGitlabIntegrationManagePermission,
  snykGitlabIntegrationReadPermission,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import Box from '@material-ui/core/Box';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import { useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { snykGitlabApiRef } from '../../api/SnykGitlabApi';
import { InventoryTab } from './InventoryTab';
import { OrgSettingsTab } from './OrgSettingsTab';
import { OverviewTab } from './OverviewTab';

const TABS = [
  { id: 'overview', label: 'Overview' },
  { id: 'inventory', label: 'Inventory' },
  { id: 'org-settings', label: 'Org settings' },
] as const;

function NoPermission() {
  return (
    <EmptyState
      missing="info"
      title="You need permission to see this page"
      description={`Profiles, the repository inventory and Snyk org settings need the ${snykGitlabIntegrationReadPermission.name} permission. Ask your Backstage admins for it.`}
    />
  );
}

/** The tabs, once the user may read the integrations. */
function PlatformTabs(props: { canManage: boolean }) {
  const api = useApi(snykGitlabApiRef);
  const state = useAsyncRetry(() => api.getState(), [api]);
  // The tab lives in the URL, so a reload keeps it.
  const [params, setParams] = useSearchParams();
  const index = Math.max(
    0,
    TABS.findIndex(t => t.id === params.get('tab')),
  );
  const tab = TABS[index].id;

  if (state.loading && !state.value) return <Progress />;
  if (state.error && !state.value) {
    return <ResponseErrorPanel error={state.error} />;
  }
  if (!state.value) return null;
  if (!state.value.readable) return <NoPermission />;

  return (
    <>
      <Tabs
        value={index}
        onChange={(_e, next: number) => {
          const nextParams = new URLSearchParams(params);
          nextParams.set('tab', TABS[next].id);
          setParams(nextParams, { replace: true });
        }}
        indicatorColor="primary"
        textColor="primary"
        aria-label="Snyk for GitLab sections"
      >
        {TABS.map(t => (
          <Tab
            key={t.id}
            label={t.label}
            id={`snyk-gitlab-tab-${t.id}`}
            aria-controls={`snyk-gitlab-panel-${t.id}`}
          />
        ))}
      </Tabs>
      <Box
        role="tabpanel"
        id={`snyk-gitlab-panel-${tab}`}
        aria-labelledby={`snyk-gitlab-tab-${tab}`}
        pt={3}
      >
        {tab === 'overview' && <OverviewTab state={state.value} />}
        {tab === 'inventory' && (
          <InventoryTab state={state.value} canManage={props.canManage} />
        )}
        {tab === 'org-settings' && (
          <OrgSettingsTab orgs={state.value.orgs} canManage={props.canManage} />
        )}
      </Box>
    </>
  );
}

/** Asks for the permissions first: without the read one there is nothing to show. */
function PlatformContent() {
  const read = usePermission({
    permission: snykGitlabIntegrationReadPermission,
  });
  const manage = usePermission({
    permission: snykGitlabIntegrationManagePermission,
  });
  if (read.loading) return <Progress />;
  if (!read.allowed) return <NoPermission />;
  return <PlatformTabs canManage={manage.allowed} />;
}

/** The platform engineer's page: profiles, inventory, bulk import and org settings. */
export function SnykGitlabPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Snyk for GitLab"
        subtitle="GitLab profiles, the repository inventory and Snyk org settings"
      />
      <Content>
        <PlatformContent />
      </Content>
    </Page>
  );
}
