import { OrgIntegration } from '@snyk-gitlab/plugin-snyk-gitlab-common';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { StatusLabel } from '../StatusLabel';
import { Facts, when } from './Facts';
import { Step } from './Step';

function saveLabel(org: OrgIntegration, busy?: string) {
  if (busy === 'saveOrg') return 'Connecting…';
  return org.status === 'not_configured'
    ? 'Connect Snyk org'
    : 'Save and repair';
}

/** Step 4: the organization-level GitLab integration in the Snyk org covering this repository. */
export function OrgStep(props: {
  org?: OrgIntegration;
  canManage: boolean;
  denied: ReactNode;
  busy?: string;
  onSave: (orgId: string) => void;
}) {
  const { org } = props;
  return (
    <Step
      number={4}
      title="Organization-level integration"
      status={<StatusLabel status={org?.status ?? 'not_configured'} />}
      actions={
        org && props.canManage ? (
          <Button
            variant="contained"
            color="primary"
            onClick={() => props.onSave(org.orgId)}
            disabled={Boolean(props.busy)}
          >
            {saveLabel(org, props.busy)}
          </Button>
        ) : undefined
      }
    >
      {!org ? (
        <Typography variant="body2">
          No Snyk org in <code>snykGitlab.snyk.orgs</code> covers this
          repository.
        </Typography>
      ) : (
        <>
          <Typography variant="body2" paragraph>
            The same token is registered as the GitLab integration of the Snyk
            org, which is at once ready to import repositories and scan them.
          </Typography>
          <Facts
            label="Organization-level integration"
            rows={[
              [
                'Snyk org',
                org.orgName ? `${org.orgName} (${org.orgId})` : org.orgId,
              ],
              ['GitLab host', org.host],
              ['GitLab groups', org.gitlabGroups.join(', ')],
              ['Reason', org.statusReason],
              ['Targets checked', when(org.lastCheckedAt)],
            ]}
          />
          {!props.canManage && props.denied}
        </>
      )}
    </Step>
  );
}
