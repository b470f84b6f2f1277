import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import { snykGitlabApiRef } from '../../../api/SnykGitlabApi';
import { DataTable } from '../DataTable';
import { errorMessage } from '../errors';

/** The org's Universal Broker connections, as Snyk lists them. */
export function BrokerConnections(props: { orgId: string; orgLabel: string }) {
  const api = useApi(snykGitlabApiRef);
  const { value, loading, error } = useAsync(
    () => api.getBrokerConnections(props.orgId),
    [api, props.orgId],
  );
  return (
    <section aria-label={`Universal Broker connections of ${props.orgLabel}`}>
      <Typography variant="h6" component="h3" gutterBottom>
        Universal Broker connections
      </Typography>
      <Typography variant="body2" paragraph>
        These are the org's Universal Broker connections as Snyk lists them.
        Snyk's API does not say which integration uses which connection, so the
        portal cannot tell whether this org's GitLab integration is brokered.
        Registering a brokered integration is done in Snyk, not here.
      </Typography>
      {loading && <Progress />}
      {error && (
        <Alert severity="warning">
          {`Snyk's broker connections could not be read: ${errorMessage(
            error,
          )}`}
        </Alert>
      )}
      {value && (
        <DataTable
          label={`Broker connections of ${props.orgLabel}`}
          headers={['Name', 'Type', 'Deployment', 'Context']}
          rows={value.connections.map(c => ({
            key: c.id,
            cells: [c.name, c.connectionType, c.deploymentId, c.context],
          }))}
          empty="No Universal Broker connections."
        />
      )}
    </section>
  );
}
