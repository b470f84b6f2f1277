import {
  InfoCard,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import {
  GroupIntegration,
  IntegrationState,
  TokenCheck,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { when } from '../../EntitySnykGitlabContent/Facts';
import { snykInventoryUnavailable } from '../../EntitySnykGitlabContent/SnykInventoryView';
import { StatusLabel } from '../../StatusLabel';
import { DataTable } from '../DataTable';

/** An integration status with its reason underneath. */
function StatusWithReason(props: {
  status: GroupIntegration['status'];
  reason?: string;
}) {
  return (
    <>
      <StatusLabel status={props.status} />
      {props.reason && (
        <Typography variant="body2" color="textSecondary">
          {props.reason}
        </Typography>
      )}
    </>
  );
}

function snykInventory(group: GroupIntegration) {
  const inventory = group.snykInventory;
  const unavailable = snykInventoryUnavailable(inventory);
  if (unavailable || !inventory) return unavailable;
  if (inventory.repositoryCount === undefined) return 'Read';
  const count = `${inventory.repositoryCount} ${
    inventory.repositoryCount === 1 ? 'repository' : 'repositories'
  }`;
  return inventory.availability === 'failed'
    ? `${count} at the last good read; the latest read failed`
    : count;
}

function tokenStatus(token: TokenCheck) {
  if (!token.configured) return <StatusWarning>No token</StatusWarning>;
  if (!token.checkedAt) return <StatusPending>Not checked yet</StatusPending>;
  if (!token.ok) return <StatusError>Needs attention</StatusError>;
  if (token.expiryWarning) return <StatusWarning>Expires soon</StatusWarning>;
  return <StatusOK>Valid</StatusOK>;
}

function missing(token: TokenCheck) {
  const parts = [
    token.missingScopes.length &&
      `inventory: ${token.missingScopes.join(' or ')}`,
    token.missingOrgScopes.length &&
      `Snyk imports: ${token.missingOrgScopes.join(', ')}`,
    token.missingRecommended.length &&
      `guide: ${token.missingRecommended.join(', ')}`,
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : 'None';
}

function expiry(token: TokenCheck) {
  const date = token.expiresAt ?? (token.ok ? 'Never' : undefined);
  return (
    <>
      {date}
      {token.expiryWarning && (
        <StatusWarning>{token.expiryWarning}</StatusWarning>
      )}
    </>
  );
}

/** Profiles (group level), Snyk orgs (org level) and token health at a glance. */
export function OverviewTab(props: { state: IntegrationState }) {
  const { groups, orgs, tokens } = props.state;
  const connected = groups.filter(g => g.status === 'connected').length;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard
          title="GitLab profiles (group level)"
          subheader={`${connected}/${groups.length} profiles connected`}
        >
          <DataTable
            label="GitLab profiles"
            headers={[
              'Profile',
              'GitLab host',
              'Status',
              'Last sync',
              'Last good sync',
              'Next sync',
              "Snyk's inventory",
            ]}
            rows={groups.map(g => ({
              key: g.id,
              cells: [
                g.profileName,
                g.host,
                <StatusWithReason status={g.status} reason={g.statusReason} />,
                when(g.lastSyncAt) ?? 'Never',
                when(g.lastGoodSyncAt) ?? 'Never',
                when(g.nextSyncAt),
                snykInventory(g),
              ],
            }))}
            empty="No profile yet: save a group-level integration on a component's Integrate with Snyk tab."
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Snyk organizations (org level)">
          <DataTable
            label="Snyk organizations"
            headers={[
              'Snyk org',
              'GitLab host',
              'GitLab groups',
              'Status',
              'Targets checked',
            ]}
            rows={orgs.map(o => ({
              key: o.orgId,
              cells: [
                o.orgName ? `${o.orgName} (${o.orgId})` : o.orgId,
                o.host,
                o.gitlabGroups.join(', ') || 'All the token’s projects',
                <StatusWithReason status={o.status} reason={o.statusReason} />,
                when(o.lastCheckedAt),
              ],
            }))}
            empty={
              <>
                No Snyk org is configured in <code>snykGitlab.snyk.orgs</code>.
              </>
            }
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="GitLab personal access tokens">
          <DataTable
            label="GitLab tokens"
            headers={[
              'GitLab host',
              'Health',
              'Scopes',
              'Missing scopes',
              'Expires',
              'Problem',
            ]}
            rows={tokens.map(t => ({
              key: t.host,
              cells: [
                t.host,
                tokenStatus(t),
                t.scopes.join(', ') || 'None',
                missing(t),
                expiry(t),
                t.problem,
              ],
            }))}
            empty={
              <>
                No GitLab host is configured in <code>integrations.gitlab</code>
                .
              </>
            }
          />
        </InfoCard>
      </Grid>
    </Grid>
  );
}
