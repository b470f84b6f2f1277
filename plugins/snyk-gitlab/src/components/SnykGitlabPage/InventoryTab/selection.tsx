import { InventoryRow } from '@snyk-gitlab/plugin-snyk-gitlab-common';
import Checkbox from '@material-ui/core/Checkbox';
import { createContext, useContext } from 'react';

export const rowKey = (row: { host: string; projectId: number }) =>
  `${row.host}#${row.projectId}`;

/** The selected repositories, by key; the table's checkboxes read and change them. */
export interface Selection {
  selected: Map<string, InventoryRow>;
  pageRows: InventoryRow[];
  toggle: (row: InventoryRow) => void;
  setPage: (on: boolean) => void;
}

export const SelectionContext = createContext<Selection | undefined>(undefined);

/** The checkbox of one repository. */
export function RowCheckbox(props: { row: InventoryRow }) {
  const selection = useContext(SelectionContext)!;
  return (
    <Checkbox
      size="small"
      color="primary"
      checked={selection.selected.has(rowKey(props.row))}
      onChange={() => selection.toggle(props.row)}
      inputProps={{ 'aria-label': `Select ${props.row.path}` }}
    />
  );
}

/** The header checkbox: every repository of the page shown. */
export function PageCheckbox() {
  const { selected, pageRows, setPage } = useContext(SelectionContext)!;
  const count = pageRows.filter(r => selected.has(rowKey(r))).length;
  return (
    <Checkbox
      size="small"
      color="primary"
      checked={pageRows.length > 0 && count === pageRows.length}
      indeterminate={count > 0 && count < pageRows.length}
      disabled={!pageRows.length}
      onChange={e => setPage(e.target.checked)}
      inputProps={{ 'aria-label': 'Select all on this page' }}
    />
  );
}
