import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import CheckIcon from '@material-ui/icons/Check';
import { InventoryFilter } from '@snyk-gitlab/plugin-snyk-gitlab-common';

export const FILTERS: Array<{ id: InventoryFilter; label: string }> = [
  { id: 'no_catalog_file', label: 'No catalog file' },
  { id: 'catalog_problems', label: 'Catalog problems' },
  { id: 'not_imported', label: 'Not imported' },
  { id: 'critical_issues', label: 'Critical issues' },
];

/** The inventory's filters: toggles, the GitLab host and a path search. */
export function InventoryFilters(props: {
  hosts: string[];
  host: string;
  onHost: (host: string) => void;
  filters: InventoryFilter[];
  onFilters: (filters: InventoryFilter[]) => void;
  search: string;
  onSearch: (search: string) => void;
}) {
  const toggle = (id: InventoryFilter) =>
    props.onFilters(
      props.filters.includes(id)
        ? props.filters.filter(f => f !== id)
        : [...props.filters, id],
    );
  return (
    <Box display="flex" flexWrap="wrap" alignItems="center" style={{ gap: 16 }}>
      <TextField
        id="snyk-gitlab-inventory-search"
        label="Search paths"
        type="search"
        variant="outlined"
        size="small"
        value={props.search}
        onChange={e => props.onSearch(e.target.value)}
        inputProps={{ maxLength: 200 }}
      />
      {props.hosts.length > 1 && (
        <TextField
          id="snyk-gitlab-inventory-host"
          select
          label="GitLab host"
          variant="outlined"
          size="small"
          value={props.host}
          onChange={e => props.onHost(e.target.value)}
          style={{ minWidth: 200 }}
        >
          <MenuItem value="">All hosts</MenuItem>
          {props.hosts.map(h => (
            <MenuItem key={h} value={h}>
              {h}
            </MenuItem>
          ))}
        </TextField>
      )}
      <Box
        role="group"
        aria-label="Filters"
        display="flex"
        flexWrap="wrap"
        style={{ gap: 8 }}
      >
        {FILTERS.map(f => {
          const on = props.filters.includes(f.id);
          return (
            <Chip
              key={f.id}
              label={f.label}
              clickable
              color={on ? 'primary' : 'default'}
              variant={on ? 'default' : 'outlined'}
              icon={on ? <CheckIcon /> : undefined}
              onClick={() => toggle(f.id)}
              aria-pressed={on}
            />
          );
        })}
      </Box>
    </Box>
  );
}
