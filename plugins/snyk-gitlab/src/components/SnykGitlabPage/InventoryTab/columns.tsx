import { parseEntityRef } from '@backstage/catalog-model';
import { Link, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  InventoryRow,
  InventorySort,
  OrgIntegration,
  safeLink,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import Typography from '@material-ui/core/Typography';
import { ImportLabel } from '../../ImportLabel';
import { IssueCountChips } from '../../IssueCountChips';
import { BulkImportStateLabel } from '../BulkImportStateLabel';
import { PageCheckbox, RowCheckbox } from './selection';

/** The backend sorts; the table keeps the order it is given. */
const keepOrder = () => 0;

function Repository(props: { row: InventoryRow }) {
  const { row } = props;
  const href = safeLink(row.webUrl, [row.host]);
  return href ? <Link to={href}>{row.path}</Link> : <>{row.path}</>;
}

function CatalogEntity(props: { entityRef?: string }) {
  if (!props.entityRef) return <>—</>;
  try {
    parseEntityRef(props.entityRef);
  } catch {
    return <>{props.entityRef}</>;
  }
  return <EntityRefLink entityRef={props.entityRef} />;
}

function CatalogFile(props: { row: InventoryRow }) {
  const { present, problems } = props.row.catalogFile;
  if (!present) return <>Missing</>;
  if (!problems.length) return <>Present</>;
  return (
    <>
      <Typography variant="body2">
        {problems.length === 1 ? '1 problem' : `${problems.length} problems`}
      </Typography>
      <ul
        aria-label="Catalog file problems"
        style={{ margin: 0, paddingLeft: 16 }}
      >
        {problems.map(problem => (
          <li key={problem}>
            <Typography variant="body2">{problem}</Typography>
          </li>
        ))}
      </ul>
    </>
  );
}

function ImportState(props: { row: InventoryRow }) {
  const { importState, importError } = props.row;
  if (!importState) return <>—</>;
  return (
    <>
      <BulkImportStateLabel state={importState} />
      {importError && (
        <Typography variant="body2" color="textSecondary">
          {importError}
        </Typography>
      )}
    </>
  );
}

/** The inventory's columns and, by column index, the backend's sort key. */
export function inventoryColumns(
  orgs: OrgIntegration[],
  selectable: boolean,
): {
  columns: TableColumn<InventoryRow>[];
  sortKeys: Array<InventorySort | undefined>;
} {
  const orgName = (orgId?: string) => {
    if (!orgId) return 'No org covers it';
    return orgs.find(o => o.orgId === orgId)?.orgName ?? orgId;
  };
  const sortable = (sort: InventorySort) => ({
    sorting: true,
    customSort: keepOrder,
    sort,
  });
  const fixed = { sorting: false, sort: undefined };
  const select: Array<TableColumn<InventoryRow> & { sort?: InventorySort }> =
    selectable
      ? [
          {
            title: <PageCheckbox />,
            render: row => <RowCheckbox row={row} />,
            width: '48px',
            ...fixed,
          },
        ]
      : [];
  const all: Array<TableColumn<InventoryRow> & { sort?: InventorySort }> = [
    ...select,
    {
      title: 'Repository',
      field: 'path',
      render: row => <Repository row={row} />,
      ...sortable('path'),
    },
    {
      title: 'Catalog entity',
      field: 'entityRef',
      render: row => <CatalogEntity entityRef={row.entityRef} />,
      ...sortable('entity'),
    },
    {
      title: 'Owner',
      field: 'owner',
      render: row => row.owner ?? '—',
      ...sortable('owner'),
    },
    {
      title: 'System',
      field: 'system',
      render: row => row.system ?? '—',
      ...sortable('system'),
    },
    {
      title: 'Catalog file',
      render: row => <CatalogFile row={row} />,
      ...fixed,
    },
    { title: 'Snyk org', render: row => orgName(row.orgId), ...fixed },
    {
      title: 'Imported',
      render: row => (
        <ImportLabel state={row.imported ? 'imported' : 'not_imported'} />
      ),
      ...fixed,
    },
    {
      title: 'Issues',
      render: row =>
        row.issueCounts ? <IssueCountChips counts={row.issueCounts} /> : '—',
      ...sortable('critical'),
    },
    {
      title: 'Import state',
      render: row => <ImportState row={row} />,
      ...fixed,
    },
  ];
  return {
    columns: all.map(({ sort: _sort, ...column }) => column),
    sortKeys: all.map(c => c.sort),
  };
}
