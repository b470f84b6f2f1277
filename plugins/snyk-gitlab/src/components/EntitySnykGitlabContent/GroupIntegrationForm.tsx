import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import {
  DEFAULT_CATALOG_FILENAME,
  GroupIntegration,
  GroupIntegrationInput,
} from '@internal/plugin-snyk-gitlab-common';
import { FormEvent, useState } from 'react';

/** The group-level integration's settings, as in Snyk Essentials. */
export function GroupIntegrationForm(props: {
  hosts: string[];
  current?: GroupIntegration;
  busy: boolean;
  onSave: (input: GroupIntegrationInput) => void;
}) {
  const { current } = props;
  const [profileName, setProfileName] = useState(
    current?.profileName ?? 'GitLab',
  );
  const [host, setHost] = useState(current?.host ?? props.hosts[0] ?? '');
  const [enabled, setEnabled] = useState(current?.catalog.enabled ?? true);
  const [filename, setFilename] = useState(
    current?.catalog.filename ?? DEFAULT_CATALOG_FILENAME,
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSave({ profileName, host, catalog: { enabled, filename } });
  };

  return (
    <form onSubmit={submit} aria-label="Group-level integration settings">
      <Grid container spacing={2} alignItems="center">
        <Grid item xs={12} sm={4}>
          <TextField
            id="snyk-profile-name"
            label="Profile name"
            value={profileName}
            required
            fullWidth
            onChange={e => setProfileName(e.target.value)}
          />
        </Grid>
        <Grid item xs={12} sm={4}>
          <TextField
            id="snyk-gitlab-host"
            select
            label="GitLab host"
            value={host}
            required
            fullWidth
            onChange={e => setHost(e.target.value)}
          >
            {props.hosts.map(h => (
              <MenuItem key={h} value={h}>
                {h}
              </MenuItem>
            ))}
          </TextField>
        </Grid>
        <Grid item xs={12} sm={4}>
          <FormControlLabel
            control={
              <Checkbox
                checked={enabled}
                onChange={e => setEnabled(e.target.checked)}
              />
            }
            label="Add Backstage Catalog"
          />
        </Grid>
        {enabled && (
          <Grid item xs={12} sm={4}>
            <TextField
              id="snyk-catalog-filename"
              label="Catalog file name"
              value={filename}
              required
              fullWidth
              onChange={e => setFilename(e.target.value)}
            />
          </Grid>
        )}
        <Grid item xs={12}>
          <Button
            type="submit"
            variant="contained"
            color="primary"
            disabled={props.busy}
          >
            {current ? 'Save and repair' : 'Save integration'}
          </Button>
        </Grid>
      </Grid>
    </form>
  );
}
