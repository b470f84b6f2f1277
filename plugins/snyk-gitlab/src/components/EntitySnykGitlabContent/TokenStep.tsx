import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import {
  RECOMMENDED_GITLAB_SCOPES,
  TokenCheck,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import Typography from '@material-ui/core/Typography';
import { Facts, when } from './Facts';
import { Step } from './Step';

function tokenStatus(token?: TokenCheck) {
  if (!token?.checkedAt) return <StatusPending>Not checked yet</StatusPending>;
  if (!token.ok) return <StatusError>Needs attention</StatusError>;
  if (token.expiryWarning) return <StatusWarning>Expires soon</StatusWarning>;
  return <StatusOK>Valid</StatusOK>;
}

/** Step 1: the GitLab personal access token and its scopes. */
export function TokenStep(props: { token?: TokenCheck }) {
  const { token } = props;
  return (
    <Step
      number={1}
      title="GitLab personal access token"
      status={tokenStatus(token)}
    >
      <Typography variant="body2" paragraph>
        Snyk's guide recommends a token with the scopes{' '}
        {RECOMMENDED_GITLAB_SCOPES.join(', ')}, set in Backstage's{' '}
        <code>integrations.gitlab</code> config. The inventory needs{' '}
        <code>api</code> or <code>read_api</code>; the organization-level
        integration needs <code>api</code>. It never leaves the backend.
      </Typography>
      {token && (
        <Facts
          label="Token check"
          rows={[
            ['Host', token.host],
            ['Token name', token.name],
            ['Scopes present', token.scopes.join(', ') || 'none'],
            [
              'Missing for the inventory',
              token.missingScopes.length
                ? `${token.missingScopes.join(' or ')}`
                : undefined,
            ],
            [
              'Missing for Snyk imports',
              token.missingOrgScopes.join(', ') || undefined,
            ],
            [
              'Not in the guide’s list',
              token.missingRecommended.join(', ') || undefined,
            ],
            [
              'Expires',
              token.expiresAt ??
                (token.checkedAt && token.ok ? 'never' : undefined),
            ],
            ['Warning', token.expiryWarning],
            ['Problem', token.problem],
            ['Checked', when(token.checkedAt)],
          ]}
        />
      )}
    </Step>
  );
}
