import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { IntegrationStatus } from '@snyk-gitlab/plugin-snyk-gitlab-common';

export const STATUS_TEXT: Record<IntegrationStatus, string> = {
  connected: 'Connected',
  partially_connected: 'Partially connected',
  not_configured: 'Not connected',
  failed: 'Connection failed',
};

/** An integration status as Backstage's status icons and a plain word. */
export function StatusLabel(props: { status: IntegrationStatus }) {
  const text = STATUS_TEXT[props.status];
  switch (props.status) {
    case 'connected':
      return <StatusOK>{text}</StatusOK>;
    case 'partially_connected':
      return <StatusPending>{text}</StatusPending>;
    case 'failed':
      return <StatusError>{text}</StatusError>;
    default:
      return <StatusWarning>{text}</StatusWarning>;
  }
}
