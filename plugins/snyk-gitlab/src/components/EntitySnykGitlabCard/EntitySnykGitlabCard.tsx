import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import { ReactNode } from 'react';
import { useEntityStatus } from '../../hooks/useEntityStatus';
import { importState, overallStatus } from '../../status';
import { ImportLabel } from '../ImportLabel';
import { IssueCountChips } from '../IssueCountChips';
import { StatusLabel } from '../StatusLabel';

function Row(props: { label: string; children: ReactNode }) {
  return (
    <TableRow>
      <TableCell component="th" scope="row" variant="head">
        {props.label}
      </TableCell>
      <TableCell>{props.children}</TableCell>
    </TableRow>
  );
}

/**
 * The overview card: Snyk status of a GitLab-sourced component at one glance.
 * `tabPath` is where the entity page mounts the tab; by default `snyk-gitlab`,
 * beside the community Snyk plugin's `snyk`.
 */
export function EntitySnykGitlabCard(props: { tabPath?: string }) {
  const { entity } = useEntity();
  const { value, loading, error } = useEntityStatus(entity);
  const deepLink = {
    title: 'Integrate with Snyk',
    link: props.tabPath ?? 'snyk-gitlab',
  };

  let content: ReactNode;
  if (loading) content = <Progress />;
  else if (error) content = <ResponseErrorPanel error={error} />;
  else if (value) {
    const state = importState(value);
    content = (
      <Table size="small" aria-label="Snyk status">
        <TableBody>
          <Row label="Integration">
            <StatusLabel status={overallStatus(value)} />
          </Row>
          <Row label="Repository">
            {value.repository?.path ?? 'Not in the GitLab inventory yet'}
          </Row>
          <Row label="Snyk">
            <ImportLabel state={state} />
          </Row>
          {value.target && (
            <Row label="Issues">
              <IssueCountChips counts={value.target.issueCounts} />
            </Row>
          )}
        </TableBody>
      </Table>
    );
  }
  return (
    <InfoCard
      className="snyk-gitlab-card"
      title="Snyk"
      subheader="GitLab repository security"
      deepLink={deepLink}
      noPadding
    >
      {content}
    </InfoCard>
  );
}
