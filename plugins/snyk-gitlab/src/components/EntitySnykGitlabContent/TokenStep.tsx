import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import {
  REQUIRED_GITLAB_SCOPES,
  TokenCheck,
} from '@internal/plugin-snyk-gitlab-common';
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
        A token with the scopes {REQUIRED_GITLAB_SCOPES.join(', ')}, set in
        Backstage's <code>integrations.gitlab</code> config. It never leaves the
        backend.
      </Typography>
      {token && (
        <Facts
          label="Token check"
          rows={[
            ['Host', token.host],
            ['Token name', token.name],
            ['Scopes present', token.scopes.join(', ') || 'none'],
            ['Scopes missing', token.missingScopes.join(', ')],
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
