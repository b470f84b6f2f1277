import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  OrgGitlabSettings,
  OrgGitlabSettingsResponse,
  OrgIntegration,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import Box from '@material-ui/core/Box';
import Divider from '@material-ui/core/Divider';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useCallback, useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { snykGitlabApiRef } from '../../../api/SnykGitlabApi';
import { BrokerConnections } from '../BrokerConnections';
import { errorMessage } from '../errors';
import { OrgSettingsForm } from '../OrgSettingsForm';
import { StatusLabel } from '../../StatusLabel';

function orgLabel(org: OrgIntegration) {
  return org.orgName ?? org.orgId;
}

/** One org: its GitLab integration settings in Snyk and its broker connections. */
function OrgSettingsCard(props: { org: OrgIntegration; canManage: boolean }) {
  const { org, canManage } = props;
  const api = useApi(snykGitlabApiRef);
  const loaded = useAsync(
    () => api.getOrgSettings(org.orgId),
    [api, org.orgId],
  );
  const [current, setCurrent] = useState<OrgGitlabSettingsResponse>();
  useEffect(() => setCurrent(loaded.value), [loaded.value]);

  const save = useCallback(
    async (changes: OrgGitlabSettings) => {
      setCurrent(await api.saveOrgSettings(org.orgId, changes));
    },
    [api, org.orgId],
  );

  return (
    <InfoCard
      title={org.orgName ? `${org.orgName} (${org.orgId})` : org.orgId}
      subheader={
        <Box display="flex" alignItems="center" style={{ gap: 8 }}>
          GitLab integration: <StatusLabel status={org.status} />
        </Box>
      }
    >
      <section aria-label={`GitLab integration settings of ${orgLabel(org)}`}>
        {loaded.loading && <Progress />}
        {loaded.error && (
          <Alert severity="warning">
            {`The settings could not be read from Snyk: ${errorMessage(
              loaded.error,
            )}`}
          </Alert>
        )}
        {current && (
          <OrgSettingsForm
            idPrefix={`org-${org.orgId.replace(/[^A-Za-z0-9-]/g, '_')}`}
            settings={current.settings}
            canManage={canManage}
            onSave={save}
          />
        )}
      </section>
      <Box my={3}>
        <Divider />
      </Box>
      <BrokerConnections orgId={org.orgId} orgLabel={orgLabel(org)} />
    </InfoCard>
  );
}

/** Every configured org's GitLab integration settings. */
export function OrgSettingsTab(props: {
  orgs: OrgIntegration[];
  canManage: boolean;
}) {
  if (!props.orgs.length) {
    return (
      <Typography variant="body2">
        No Snyk org is configured in <code>snykGitlab.snyk.orgs</code>.
      </Typography>
    );
  }
  return (
    <Grid container spacing={3}>
      {props.orgs.map(org => (
        <Grid item xs={12} key={org.orgId}>
          <OrgSettingsCard org={org} canManage={props.canManage} />
        </Grid>
      ))}
    </Grid>
  );
}
