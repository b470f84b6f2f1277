import {
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import {
  AttributeValues,
  CATALOG_ATTRIBUTES,
  CATALOG_ATTRIBUTE_LABELS,
  Repository,
  SnykInventoryState,
  SnykRepositoryAsset,
  safeLink,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { Facts, when } from './Facts';

/** Why Snyk's view is missing, in words; undefined when it was read. */
export function snykInventoryUnavailable(
  inventory?: SnykInventoryState,
): string | undefined {
  if (!inventory) {
    return "Snyk's inventory has not been read yet; it is read at each sync.";
  }
  switch (inventory.availability) {
    case 'not_configured':
      return `Not configured: ${
        inventory.reason ??
        "set snykGitlab.snyk.groupId to read Snyk's inventory"
      }.`;
    case 'forbidden':
      return `Unavailable: Snyk answered 403 (the Snyk token may not read the group's inventory through the beta Assets API).`;
    case 'not_found':
      return `Unavailable: Snyk answered 404 (no such group, or the beta Assets API is not available to it).`;
    case 'failed':
      return inventory.readAt
        ? undefined
        : `Unavailable: Snyk's inventory could not be read (${
            inventory.reason ?? 'unknown error'
          }).`;
    default:
      return undefined;
  }
}

/** Snyk's words for commit activity, explained. */
const FRESHNESS: Record<string, string> = {
  Active: 'commits in the last 3 months',
  Inactive: 'last commits 3 to 6 months ago',
  Dormant: 'no commits in the last 6 months',
  'N/A': 'no commits found by Snyk',
};

function AttributesTable(props: {
  attributes: AttributeValues;
  preview?: AttributeValues;
}) {
  const { attributes, preview = {} } = props;
  const shown = CATALOG_ATTRIBUTES.filter(
    a => attributes[a] !== undefined || preview[a] !== undefined,
  );
  if (shown.length === 0) {
    return (
      <Typography variant="body2">
        Snyk holds no catalog attribute for this repository.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Attributes in Snyk's inventory">
      <TableHead>
        <TableRow>
          <TableCell>Attribute</TableCell>
          <TableCell>Value in Snyk</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {shown.map(attribute => {
          const value = attributes[attribute];
          const differs =
            preview[attribute] !== undefined && value !== preview[attribute];
          return (
            <TableRow key={attribute}>
              <TableCell>{CATALOG_ATTRIBUTE_LABELS[attribute]}</TableCell>
              <TableCell>
                {value ?? <em>none</em>}
                {differs && (
                  <Typography variant="caption" display="block">
                    differs from the portal preview
                  </Typography>
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

/**
 * Snyk's own view of this repository: whether Snyk's inventory (read through
 * Snyk's Assets API) has it, when Snyk last updated it, its freshness and the
 * catalog attributes Snyk holds. Says so when Snyk's view is unavailable.
 */
export function SnykInventoryView(props: {
  inventory?: SnykInventoryState;
  asset?: SnykRepositoryAsset;
  repository?: Repository;
}) {
  const { inventory, asset, repository } = props;
  const unavailable = snykInventoryUnavailable(inventory);
  if (unavailable) {
    return (
      <>
        <StatusPending>Snyk's view unavailable</StatusPending>
        <Typography variant="body2" style={{ marginTop: 8 }}>
          {unavailable} The group status comes from the portal's own sync.
        </Typography>
      </>
    );
  }
  const stale = inventory?.availability === 'failed' && (
    <Typography variant="caption" display="block" style={{ marginTop: 8 }}>
      The latest read failed ({inventory.reason ?? 'unknown error'}); this is
      Snyk's inventory as read at {when(inventory.readAt)}.
    </Typography>
  );
  if (!repository) {
    return (
      <Typography variant="body2">
        Shown once this repository is in the portal's GitLab inventory.
      </Typography>
    );
  }
  if (!asset) {
    return (
      <>
        <StatusWarning>Not in Snyk's inventory</StatusWarning>
        <Typography variant="body2" style={{ marginTop: 8 }}>
          Snyk's inventory, read at {when(inventory?.readAt)}, has no repository
          asset for {repository.path}: Snyk's group-level integration has not
          synchronized it yet.
        </Typography>
        {stale}
      </>
    );
  }
  const browse = safeLink(asset.browseUrl, [repository.host]);
  const freshness = asset.repositoryFreshness;
  return (
    <>
      <StatusOK>In Snyk's inventory</StatusOK>
      <Facts
        label="This repository in Snyk's inventory"
        rows={[
          [
            'Asset',
            browse ? (
              <a href={browse} target="_blank" rel="noopener noreferrer">
                {asset.name ?? repository.path}
              </a>
            ) : (
              asset.name ?? repository.path
            ),
          ],
          ["Updated at (Snyk's updated_at)", when(asset.updatedAt)],
          [
            'Repository freshness',
            freshness &&
              (FRESHNESS[freshness]
                ? `${freshness}: ${FRESHNESS[freshness]}`
                : freshness),
          ],
          ['Archived', asset.archived ? 'Yes' : undefined],
          ['Read from Snyk at', when(inventory?.readAt)],
        ]}
      />
      <AttributesTable
        attributes={asset.attributes}
        preview={
          repository.catalogFile.present
            ? repository.catalogFile.attributes
            : undefined
        }
      />
      {stale}
    </>
  );
}
