import { Table } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  BulkImportAccepted,
  IntegrationState,
  InventoryFilter,
  InventoryQuery,
  InventoryRow,
  InventorySort,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Alert from '@material-ui/lab/Alert';
import { useCallback, useEffect, useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useDebounce from 'react-use/esm/useDebounce';
import { snykGitlabApiRef } from '../../../api/SnykGitlabApi';
import { BulkImportProgress } from '../BulkImportProgress';
import { errorMessage } from '../errors';
import { inventoryColumns } from './columns';
import { InventoryFilters } from './InventoryFilters';
import { Selection, SelectionContext, rowKey } from './selection';

/** How long typing pauses before the search is sent. */
const SEARCH_DEBOUNCE_MS = 400;
const PAGE_SIZES = [20, 50, 100];
const NO_ROWS: InventoryRow[] = [];

/** Saves a Blob as a file through a temporary link. */
function saveFile(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function skippedText(started: BulkImportAccepted, rows: InventoryRow[]) {
  const listed = started.skipped
    .map(s => {
      const path =
        rows.find(r => r.host === s.host && r.projectId === s.projectId)
          ?.path ?? `${s.host} project ${s.projectId}`;
      return `${path} (${s.reason})`;
    })
    .join('; ');
  const more = started.skippedCount - started.skipped.length;
  return `Skipped ${started.skippedCount}: ${listed}${
    more > 0 ? `; and ${more} more` : ''
  }`;
}

/** The inventory: filtered, sorted and paged by the backend, with bulk import and CSV export. */
export function InventoryTab(props: {
  state: IntegrationState;
  canManage: boolean;
}) {
  const { state, canManage } = props;
  const api = useApi(snykGitlabApiRef);
  const [host, setHost] = useState('');
  const [filters, setFilters] = useState<InventoryFilter[]>([]);
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(PAGE_SIZES[0]);
  const [sort, setSort] = useState<{
    sort?: InventorySort;
    order?: 'asc' | 'desc';
  }>({});
  const [selected, setSelected] = useState(new Map<string, InventoryRow>());
  const [batch, setBatch] = useState<BulkImportAccepted>();
  const [confirmAll, setConfirmAll] = useState(false);
  const [busy, setBusy] = useState<'import' | 'export'>();
  const [error, setError] = useState<string>();

  useDebounce(
    () => {
      setQ(search.trim());
      setPage(0);
    },
    SEARCH_DEBOUNCE_MS,
    [search],
  );

  const filterQuery = useMemo(
    () => ({
      host: host || undefined,
      filter: filters,
      q: q || undefined,
    }),
    [host, filters, q],
  );
  const query: InventoryQuery = {
    ...filterQuery,
    ...sort,
    offset: page * pageSize,
    limit: pageSize,
  };
  const queryKey = JSON.stringify(query);
  const inventory = useAsyncRetry(
    () => api.getInventory(query),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, queryKey],
  );
  const items = inventory.value?.items;
  // Other filters, other repositories: the selection starts again.
  useEffect(() => setSelected(new Map()), [filterQuery]);
  const selection: Selection = useMemo(
    () => ({
      selected,
      pageRows: items ?? NO_ROWS,
      toggle: row =>
        setSelected(current => {
          const next = new Map(current);
          if (!next.delete(rowKey(row))) next.set(rowKey(row), row);
          return next;
        }),
      setPage: on =>
        setSelected(current => {
          const next = new Map(current);
          for (const row of items ?? NO_ROWS) {
            if (on) next.set(rowKey(row), row);
            else next.delete(rowKey(row));
          }
          return next;
        }),
    }),
    [selected, items],
  );

  const { columns, sortKeys } = useMemo(
    () => inventoryColumns(state.orgs, canManage),
    [state.orgs, canManage],
  );
  // Kept stable: the table rebuilds its rows whenever its options change.
  const options = useMemo(
    () => ({
      search: false,
      draggable: false,
      paging: true,
      pageSize,
      pageSizeOptions: PAGE_SIZES,
      emptyRowsWhenPaging: false,
      padding: 'dense' as const,
    }),
    [pageSize],
  );
  const reload = inventory.retry;
  const onSettled = useCallback(() => reload(), [reload]);

  const run = async (
    name: 'import' | 'export',
    action: () => Promise<void>,
  ) => {
    setBusy(name);
    setError(undefined);
    try {
      await action();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(undefined);
    }
  };

  const importSelected = () =>
    run('import', async () => {
      setBatch(
        await api.startBulkImport({
          repositories: [...selected.values()].map(r => ({
            host: r.host,
            projectId: r.projectId,
          })),
        }),
      );
      setSelected(new Map());
      reload();
    });

  const importAll = () =>
    run('import', async () => {
      setConfirmAll(false);
      setBatch(await api.startBulkImport({ filter: filterQuery }));
      reload();
    });

  const exportCsv = () =>
    run('export', async () => {
      saveFile(
        await api.exportInventoryCsv({ ...filterQuery, ...sort }),
        'snyk-gitlab-inventory.csv',
      );
    });

  const totalCount = inventory.value?.totalCount ?? 0;
  const changeFilter =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setPage(0);
    };

  return (
    <>
      <Box mb={2}>
        <InventoryFilters
          hosts={state.gitlabHosts}
          host={host}
          onHost={changeFilter(setHost)}
          filters={filters}
          onFilters={changeFilter(setFilters)}
          search={search}
          onSearch={setSearch}
        />
      </Box>
      <Box mb={2} display="flex" flexWrap="wrap" style={{ gap: 8 }}>
        {canManage && (
          <>
            <Button
              variant="contained"
              color="primary"
              disabled={!selected.size || Boolean(busy)}
              onClick={importSelected}
            >
              {`Import selected (${selected.size})`}
            </Button>
            <Button
              variant="outlined"
              color="primary"
              disabled={!totalCount || Boolean(busy)}
              onClick={() => setConfirmAll(true)}
            >
              Import all matching filter
            </Button>
          </>
        )}
        <Button variant="outlined" disabled={Boolean(busy)} onClick={exportCsv}>
          {busy === 'export' ? 'Exporting…' : 'Export CSV'}
        </Button>
      </Box>
      {(error || inventory.error) && (
        <Box mb={2}>
          <Alert severity="error" role="alert">
            {error ?? errorMessage(inventory.error)}
          </Alert>
        </Box>
      )}
      {batch && batch.skippedCount > 0 && (
        <Box mb={2}>
          <Alert severity="info" role="status">
            {skippedText(batch, items ?? [])}
          </Alert>
        </Box>
      )}
      {batch && (
        <Box mb={2}>
          <BulkImportProgress
            key={batch.batchId}
            batchId={batch.batchId}
            canManage={canManage}
            onSettled={onSettled}
          />
        </Box>
      )}
      <SelectionContext.Provider value={selection}>
        <section aria-label="Repository inventory">
          <Table<InventoryRow>
            title="Repositories"
            subtitle={
              inventory.value
                ? `${totalCount} ${
                    totalCount === 1
                      ? 'repository matches'
                      : 'repositories match'
                  }`
                : undefined
            }
            columns={columns}
            data={items ?? NO_ROWS}
            isLoading={inventory.loading && !items}
            page={page}
            totalCount={totalCount}
            onPageChange={(next, size) => {
              setPage(next);
              setPageSize(size);
            }}
            onRowsPerPageChange={size => {
              setPageSize(size);
              setPage(0);
            }}
            onOrderChange={(index, direction) => {
              const key = index >= 0 ? sortKeys[index] : undefined;
              setSort(
                key && direction
                  ? { sort: key, order: direction as 'asc' | 'desc' }
                  : {},
              );
              setPage(0);
            }}
            options={options}
            emptyContent={<Box p={2}>No repository matches these filters.</Box>}
          />
        </section>
      </SelectionContext.Provider>
      <Dialog open={confirmAll} onClose={() => setConfirmAll(false)}>
        <DialogTitle>Import all matching repositories?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            {`The ${totalCount} ${
              totalCount === 1 ? 'repository' : 'repositories'
            } matching the filters are queued for import into their Snyk orgs; any that cannot be imported are listed as skipped.`}
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirmAll(false)}>Cancel</Button>
          <Button color="primary" variant="contained" onClick={importAll}>
            {`Import ${totalCount}`}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
