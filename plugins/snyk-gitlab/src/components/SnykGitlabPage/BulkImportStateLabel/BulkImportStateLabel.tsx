import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
} from '@backstage/core-components';
import { BulkImportItemState } from '@snyk-gitlab/plugin-snyk-gitlab-common';

export const BULK_IMPORT_TEXT: Record<BulkImportItemState, string> = {
  queued: 'Queued',
  running: 'Importing',
  imported: 'Imported',
  failed: 'Failed',
};

/** A repository's state in a bulk import, as Backstage's status icons and a word. */
export function BulkImportStateLabel(props: { state: BulkImportItemState }) {
  const text = BULK_IMPORT_TEXT[props.state];
  switch (props.state) {
    case 'imported':
      return <StatusOK>{text}</StatusOK>;
    case 'failed':
      return <StatusError>{text}</StatusError>;
    case 'running':
      return <StatusRunning>{text}</StatusRunning>;
    default:
      return <StatusPending>{text}</StatusPending>;
  }
}
