import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { IMPORT_TEXT, ImportState } from '../../status';

/** A repository's Snyk import state as Backstage's status icons and a plain word. */
export function ImportLabel(props: { state: ImportState }) {
  const text = IMPORT_TEXT[props.state];
  switch (props.state) {
    case 'imported':
      return <StatusOK>{text}</StatusOK>;
    case 'importing':
      return <StatusPending>{text}</StatusPending>;
    case 'import_failed':
      return <StatusError>{text}</StatusError>;
    default:
      return <StatusWarning>{text}</StatusWarning>;
  }
}
