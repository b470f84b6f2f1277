import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormLabel from '@material-ui/core/FormLabel';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  AttributeFields,
  CATALOG_ATTRIBUTES,
  CATALOG_ATTRIBUTE_LABELS,
  CatalogAttribute,
  DEFAULT_ATTRIBUTE_FIELDS,
  DEFAULT_CATALOG_FILENAME,
  GroupIntegration,
  GroupIntegrationInput,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import { FormEvent, useState } from 'react';

/** Snyk takes a field and one alternate field name per attribute. */
const MAX_ALTERNATES = 1;

type AttributeRow = { selected: boolean; field: string; alternates: string };
type AttributeRows = Record<CatalogAttribute, AttributeRow>;

function initialRows(saved?: AttributeFields): AttributeRows {
  const rows = {} as AttributeRows;
  for (const attribute of CATALOG_ATTRIBUTES) {
    const fallback = DEFAULT_ATTRIBUTE_FIELDS[attribute];
    const paths = saved ? saved[attribute] ?? [] : [fallback];
    rows[attribute] = {
      selected: paths.length > 0,
      field: paths[0] ?? fallback,
      alternates: paths.slice(1).join(', '),
    };
  }
  return rows;
}

/** Splits comma-separated field paths; commas inside quoted keys stay. */
function splitPaths(text: string): string[] {
  const paths: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    if (char === ',' && !quoted) {
      paths.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  paths.push(current);
  return paths.map(p => p.trim()).filter(Boolean);
}

const ROOT = /^(metadata|spec|"metadata"|"spec")\.[^.]/;

function pathsProblem(paths: string[]): string | undefined {
  const bad = paths.find(p => !ROOT.test(p));
  return bad === undefined
    ? undefined
    : `${bad} is not under metadata. or spec.`;
}

function rowProblems(row: AttributeRow) {
  if (!row.selected) return {};
  const alternates = splitPaths(row.alternates);
  return {
    field: row.field.trim()
      ? pathsProblem([row.field.trim()])
      : 'Give a field path',
    alternates:
      pathsProblem(alternates) ??
      (alternates.length > MAX_ALTERNATES
        ? 'Snyk takes one alternate field name'
        : undefined),
  };
}

/**
 * A group-level profile's settings, as in Snyk Essentials. Each GitLab host
 * has one profile: with `host` (or `current`) the form saves that host's,
 * else the host is chosen among `hosts`.
 */
export function GroupIntegrationForm(props: {
  hosts: string[];
  /** The host whose profile this form saves; the host field is then fixed. */
  host?: string;
  current?: GroupIntegration;
  busy: boolean;
  onSave: (input: GroupIntegrationInput) => void;
}) {
  const { current } = props;
  const saved = current?.catalog.attributes;
  const [profileName, setProfileName] = useState(
    current?.profileName ?? 'GitLab',
  );
  const fixedHost = current?.host ?? props.host;
  const [chosenHost, setHost] = useState(props.hosts[0] ?? '');
  const host = fixedHost ?? chosenHost;
  // Optional in Snyk: off unless chosen.
  const [enabled, setEnabled] = useState(current?.catalog.enabled ?? false);
  const [filename, setFilename] = useState(
    current?.catalog.filename ?? DEFAULT_CATALOG_FILENAME,
  );
  const [rows, setRows] = useState(() => initialRows(saved));
  const [touched, setTouched] = useState(false);

  const change = (attribute: CatalogAttribute, row: Partial<AttributeRow>) => {
    setTouched(true);
    setRows(r => ({ ...r, [attribute]: { ...r[attribute], ...row } }));
  };
  const problems = CATALOG_ATTRIBUTES.map(a => rowProblems(rows[a]));
  // Hidden while the catalog is off; the backend still checks what is sent.
  const noneSelected = !CATALOG_ATTRIBUTES.some(a => rows[a].selected);
  const invalid =
    enabled && (noneSelected || problems.some(p => p.field || p.alternates));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (invalid) return;
    // Keys this form does not know stay as they were saved.
    const attributes: AttributeFields = Object.fromEntries(
      Object.entries(saved ?? {}).filter(
        ([key]) => !(CATALOG_ATTRIBUTES as readonly string[]).includes(key),
      ),
    );
    for (const attribute of CATALOG_ATTRIBUTES) {
      const row = rows[attribute];
      if (row.selected) {
        attributes[attribute] = [
          row.field.trim(),
          ...splitPaths(row.alternates),
        ];
      }
    }
    // A new integration keeps the portal's configured defaults unless changed here.
    const keepDefaults = !current && !touched;
    props.onSave({
      profileName,
      host,
      catalog: keepDefaults
        ? { enabled, filename }
        : { enabled, filename, attributes },
    });
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
          {fixedHost ? (
            <TextField
              id="snyk-gitlab-host"
              label="GitLab host"
              value={fixedHost}
              fullWidth
              InputProps={{ readOnly: true }}
              helperText="Each GitLab host has its own profile"
            />
          ) : (
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
          )}
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
        {enabled && (
          <Grid item xs={12}>
            <FormControl component="fieldset" fullWidth>
              <FormLabel component="legend">Catalog attributes</FormLabel>
              {noneSelected && (
                <Typography variant="body2" color="error" role="alert">
                  Select at least one attribute: Snyk requires one.
                </Typography>
              )}
              <Typography variant="body2" color="textSecondary" paragraph>
                Field paths start with <code>metadata.</code> or{' '}
                <code>spec.</code>; quote keys that contain dots, e.g.{' '}
                <code>metadata.annotations."example.com/owner"</code>. As in
                Snyk, one alternate field name is read when the field is
                missing.
                {!current &&
                  ' Unless you change them, the defaults configured for the portal apply.'}
              </Typography>
              {CATALOG_ATTRIBUTES.map((attribute, i) => {
                const row = rows[attribute];
                const problem = problems[i];
                return (
                  <Grid
                    container
                    spacing={2}
                    alignItems="flex-start"
                    key={attribute}
                    role="group"
                    aria-label={CATALOG_ATTRIBUTE_LABELS[attribute]}
                  >
                    <Grid item xs={12} sm={3}>
                      <FormControlLabel
                        control={
                          <Checkbox
                            checked={row.selected}
                            onChange={e =>
                              change(attribute, { selected: e.target.checked })
                            }
                          />
                        }
                        label={CATALOG_ATTRIBUTE_LABELS[attribute]}
                      />
                    </Grid>
                    <Grid item xs={12} sm={4}>
                      <TextField
                        id={`snyk-attribute-${attribute}-field`}
                        label="Field"
                        value={row.field}
                        disabled={!row.selected}
                        error={Boolean(problem.field)}
                        helperText={problem.field}
                        fullWidth
                        onChange={e =>
                          change(attribute, { field: e.target.value })
                        }
                      />
                    </Grid>
                    <Grid item xs={12} sm={5}>
                      <TextField
                        id={`snyk-attribute-${attribute}-alternates`}
                        label="Alternate field name"
                        value={row.alternates}
                        disabled={!row.selected}
                        error={Boolean(problem.alternates)}
                        helperText={problem.alternates}
                        fullWidth
                        onChange={e =>
                          change(attribute, { alternates: e.target.value })
                        }
                      />
                    </Grid>
                  </Grid>
                );
              })}
            </FormControl>
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
