import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useEffect, useState } from 'react';
import { snykGitlabApiRef } from '../../../api/SnykGitlabApi';
import { BulkImportList } from '@snyk-gitlab/plugin-snyk-gitlab-common';
import { BulkImportStateLabel } from '../BulkImportStateLabel';
import { DataTable } from '../DataTable';
import { errorMessage } from '../errors';

/** How often the batch is read while anything is queued or running. */
export const POLL_MS = 2000;
/** The batch's repositories shown at most. */
const ITEMS_SHOWN = 100;

/** The progress of one bulk import: counts, each repository's state, and retrying failures. */
export function BulkImportProgress(props: {
  batchId: string;
  canManage: boolean;
  /** Called each time the batch has nothing queued or running any more. */
  onSettled?: () => void;
}) {
  const { batchId, canManage, onSettled } = props;
  const api = useApi(snykGitlabApiRef);
  const [status, setStatus] = useState<BulkImportList>();
  const [error, setError] = useState<string>();
  const [round, setRound] = useState(0);
  const [retrying, setRetrying] = useState(false);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = async () => {
      try {
        const next = await api.getBulkImport({ batchId, limit: ITEMS_SHOWN });
        if (stopped) return;
        setStatus(next);
        setError(undefined);
        if (next.counts.queued + next.counts.running > 0) {
          timer = setTimeout(read, POLL_MS);
        } else {
          onSettled?.();
        }
      } catch (e) {
        if (!stopped) setError(errorMessage(e));
      }
    };
    read();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
    // onSettled is left out on purpose: a new callback must not restart the polling.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, batchId, round]);

  const retry = async () => {
    setRetrying(true);
    try {
      await api.retryBulkImport({ batchId });
      setRound(r => r + 1);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setRetrying(false);
    }
  };

  const counts = status?.counts;
  const total = counts
    ? counts.queued + counts.running + counts.imported + counts.failed
    : 0;
  const done = counts ? counts.imported + counts.failed : 0;
  const active = counts ? counts.queued + counts.running > 0 : true;

  return (
    <InfoCard
      title="Bulk import"
      subheader={
        active
          ? 'Importing into Snyk; this page checks every few seconds.'
          : 'Finished.'
      }
      action={
        canManage && counts && counts.failed > 0 ? (
          <Button
            variant="outlined"
            color="primary"
            onClick={retry}
            disabled={retrying}
          >
            {retrying ? 'Retrying…' : 'Retry failed'}
          </Button>
        ) : undefined
      }
    >
      <section aria-label="Bulk import progress">
        {error && (
          <Alert
            severity="error"
            role="alert"
            action={
              <Button color="inherit" onClick={() => setRound(r => r + 1)}>
                Check again
              </Button>
            }
          >
            {error}
          </Alert>
        )}
        {!status && !error && <Progress />}
        {counts && (
          <>
            <Box mb={2}>
              <LinearProgress
                variant="determinate"
                value={total ? (done * 100) / total : 100}
                aria-label="Repositories done"
              />
              <Typography
                variant="body2"
                role="status"
                style={{ marginTop: 8 }}
              >
                {`${counts.imported} imported, ${counts.failed} failed, ${counts.running} importing, ${counts.queued} queued`}
              </Typography>
            </Box>
            <DataTable
              label="Bulk import repositories"
              headers={['Repository', 'State', 'Attempts', 'Error']}
              rows={status.items.map(item => ({
                key: item.id,
                cells: [
                  item.path,
                  <BulkImportStateLabel state={item.state} />,
                  item.attempts,
                  item.error,
                ],
              }))}
              empty="The batch has no repositories."
            />
            {status.totalCount > status.items.length && (
              <Typography variant="body2" color="textSecondary">
                {`Showing ${status.items.length} of ${status.totalCount} repositories.`}
              </Typography>
            )}
          </>
        )}
      </section>
    </InfoCard>
  );
}
