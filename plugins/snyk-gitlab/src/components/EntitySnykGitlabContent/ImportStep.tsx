import { Link } from '@backstage/core-components';
import {
  EntityStatus,
  SNYK_APP_HOSTS,
  safeLink,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { importState } from '../../status';
import { ImportLabel } from '../ImportLabel';
import { IssueCountChips } from '../IssueCountChips';
import { Step } from './Step';

function ProjectLink(props: { url: string; name: string }) {
  const href = safeLink(props.url, SNYK_APP_HOSTS);
  if (!href) return <>{props.name}</>;
  return (
    <Link to={href} target="_blank">
      {props.name}
    </Link>
  );
}

/** Step 5: import into Snyk, then its projects with issue counts by severity. */
export function ImportStep(props: {
  status: EntityStatus;
  canImport: boolean;
  denied: ReactNode;
  busy?: string;
  onImport: () => void;
}) {
  const { target, importJob, repository, org } = props.status;
  const state = importState(props.status);
  const ready = Boolean(repository && org?.status === 'connected');
  return (
    <Step
      number={5}
      title="Snyk import"
      status={<ImportLabel state={state} />}
      actions={
        state !== 'imported' && props.canImport ? (
          <Button
            variant="contained"
            color="primary"
            onClick={props.onImport}
            disabled={!ready || Boolean(props.busy) || state === 'importing'}
          >
            {props.busy === 'import' || state === 'importing'
              ? 'Importing…'
              : 'Import this repository'}
          </Button>
        ) : undefined
      }
    >
      {state === 'import_failed' && importJob?.error && (
        <Typography variant="body2" color="error" paragraph>
          {importJob.error}
        </Typography>
      )}
      {state === 'imported' &&
        importJob?.status === 'complete' &&
        importJob.error && (
          <Typography variant="body2" paragraph>
            {importJob.error}
          </Typography>
        )}
      {!ready && state !== 'imported' && (
        <Typography variant="body2">
          The import needs this repository in the inventory and a connected
          organization-level integration.
        </Typography>
      )}
      {!props.canImport && state !== 'imported' && props.denied}
      {target && (
        <Table size="small" aria-label="Snyk projects">
          <TableHead>
            <TableRow>
              <TableCell>Project</TableCell>
              <TableCell>Type</TableCell>
              <TableCell>Issues</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {target.projects.map(project => (
              <TableRow key={project.id}>
                <TableCell>
                  <ProjectLink url={project.url} name={project.name} />
                </TableCell>
                <TableCell>{project.type ?? '—'}</TableCell>
                <TableCell>
                  <IssueCountChips counts={project.issueCounts} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Step>
  );
}
