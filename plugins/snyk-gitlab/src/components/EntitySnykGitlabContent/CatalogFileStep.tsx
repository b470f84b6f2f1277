import {
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import {
  CATALOG_ATTRIBUTES,
  CATALOG_ATTRIBUTE_LABELS,
  GroupIntegration,
  Repository,
  SnykRepositoryAsset,
  safeLink,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { SnykInventoryView } from './SnykInventoryView';
import { Step } from './Step';

/** One side of the comparison, with its own heading. */
function Side(props: { id: string; title: string; children: ReactNode }) {
  return (
    <Grid item xs={12} md={6} component="section" aria-labelledby={props.id}>
      <Typography
        variant="subtitle1"
        component="h3"
        id={props.id}
        gutterBottom
        style={{ fontWeight: 600 }}
      >
        {props.title}
      </Typography>
      {props.children}
    </Grid>
  );
}

function fileStatus(repository?: Repository, group?: GroupIntegration) {
  if (!repository) return <StatusPending>Not synced yet</StatusPending>;
  if (!group?.catalog.enabled)
    return <StatusPending>Catalog not added</StatusPending>;
  if (!repository.catalogFile.present)
    return <StatusWarning>No catalog file</StatusWarning>;
  if (repository.catalogFile.problems.length)
    return <StatusWarning>Found, with problems</StatusWarning>;
  return <StatusOK>Found</StatusOK>;
}

/** A link from remote data when it is safe, else its text alone. */
function ExternalLink(props: { href?: string; text: string }) {
  if (!props.href) return <>{props.text}</>;
  return (
    <a href={props.href} target="_blank" rel="noopener noreferrer">
      {props.text}
    </a>
  );
}

/**
 * Step 3: side by side, the portal's preview of this repository's catalog
 * file (each attribute Snyk will read from it) and Snyk's own inventory.
 */
export function CatalogFileStep(props: {
  repository?: Repository;
  group?: GroupIntegration;
  snykAsset?: SnykRepositoryAsset;
}) {
  const { repository, group } = props;
  const file = repository?.catalogFile;
  const fields = group?.catalog.attributes ?? {};
  return (
    <Step
      number={3}
      title="Catalog file in this repository"
      status={fileStatus(repository, group)}
    >
      <Grid container spacing={3}>
        <Side
          id="snyk-catalog-preview"
          title="Portal preview: what Snyk will read from your catalog file"
        >
          {!repository && (
            <Typography variant="body2">
              This repository is not in the GitLab inventory yet. Save the
              group-level integration and run a sync.
            </Typography>
          )}
          {repository && (
            <Typography variant="body2" paragraph>
              <ExternalLink
                href={safeLink(repository.webUrl, [repository.host])}
                text={repository.path}
              />
              {repository.defaultBranch && ` on ${repository.defaultBranch}`}:{' '}
              {file?.present
                ? `${file.filename} found.`
                : `no ${file?.filename ?? 'catalog file'}.`}
            </Typography>
          )}
          {file?.present && (
            <Table
              size="small"
              aria-label="Portal preview: attributes Snyk will read"
            >
              <TableHead>
                <TableRow>
                  <TableCell>Attribute</TableCell>
                  <TableCell>Read from</TableCell>
                  <TableCell>Value</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {CATALOG_ATTRIBUTES.filter(a => fields[a]?.length).map(
                  attribute => (
                    <TableRow key={attribute}>
                      <TableCell>
                        {CATALOG_ATTRIBUTE_LABELS[attribute]}
                      </TableCell>
                      <TableCell>
                        <code>
                          {fields[attribute]!.slice(0, 2).join(' or ')}
                        </code>
                        {fields[attribute]!.length > 2 && (
                          <Typography variant="caption" display="block">
                            Snyk reads a field and one alternate; the others
                            saved here are not read.
                          </Typography>
                        )}
                      </TableCell>
                      <TableCell>
                        {file.attributes[attribute] ?? <em>missing</em>}
                      </TableCell>
                    </TableRow>
                  ),
                )}
              </TableBody>
            </Table>
          )}
          {file && file.problems.length > 0 && (
            <ul aria-label="Catalog file problems">
              {file.problems.map(problem => (
                <li key={problem}>
                  <Typography variant="body2">{problem}</Typography>
                </li>
              ))}
            </ul>
          )}
        </Side>
        <Side id="snyk-catalog-inventory" title="Snyk's inventory">
          <SnykInventoryView
            inventory={group?.snykInventory}
            asset={props.snykAsset}
            repository={repository}
          />
        </Side>
      </Grid>
    </Step>
  );
}
