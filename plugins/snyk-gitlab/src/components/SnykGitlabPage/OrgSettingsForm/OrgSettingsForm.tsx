import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormGroup from '@material-ui/core/FormGroup';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import {
  OrgGitlabSettings,
  snykGitlabIntegrationManagePermission,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import { FormEvent, ReactNode, useEffect, useState } from 'react';
import { errorMessage } from '../errors';
import {
  SettingsFormValues,
  UPGRADE_LIMIT,
  changedSettings,
  toForm,
  validate,
} from './settingsForm';

const useStyles = makeStyles(theme => ({
  section: { display: 'block', marginBottom: theme.spacing(3) },
  legend: { marginBottom: theme.spacing(1), fontWeight: 600 },
  nested: { marginLeft: theme.spacing(4) },
}));

function Section(props: { title: string; children: ReactNode }) {
  const classes = useStyles();
  return (
    <FormControl component="fieldset" className={classes.section}>
      <FormLabel component="legend" className={classes.legend}>
        {props.title}
      </FormLabel>
      {props.children}
    </FormControl>
  );
}

/** The GitLab integration settings of one Snyk org; read-only without the manage permission. */
export function OrgSettingsForm(props: {
  /** Unique per org on the page: prefixes the fields' ids. */
  idPrefix: string;
  settings: OrgGitlabSettings;
  canManage: boolean;
  onSave: (changes: OrgGitlabSettings) => Promise<void>;
}) {
  const classes = useStyles();
  const { settings, canManage, idPrefix } = props;
  const [values, setValues] = useState<SettingsFormValues>(() =>
    toForm(settings),
  );
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string }>();
  // What Snyk answered replaces what was typed.
  useEffect(() => setValues(toForm(settings)), [settings]);

  const errors = validate(values);
  const changes = changedSettings(settings, values);
  const changed = Object.keys(changes).length > 0;
  const disabled = !canManage || saving;
  const set = <K extends keyof SettingsFormValues>(
    key: K,
    value: SettingsFormValues[K],
  ) => {
    setResult(undefined);
    setValues(v => ({ ...v, [key]: value }));
  };
  const check = (
    key: keyof SettingsFormValues,
    label: string,
    nested = false,
  ) => (
    <FormControlLabel
      className={nested ? classes.nested : undefined}
      control={
        <Checkbox
          checked={values[key] as boolean}
          onChange={e => set(key, e.target.checked)}
          color="primary"
        />
      }
      label={label}
      disabled={disabled}
    />
  );

  /** A radio option, enabled while the checkbox `enabledBy` is checked. */
  const option = (
    value: string,
    label: string,
    enabledBy: keyof SettingsFormValues,
  ) => (
    <FormControlLabel
      value={value}
      control={<Radio color="primary" />}
      label={label}
      disabled={disabled || !values[enabledBy]}
    />
  );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setResult(undefined);
    try {
      await props.onSave(changes);
      setResult({ ok: true, text: 'Saved in Snyk.' });
    } catch (error) {
      setResult({ ok: false, text: errorMessage(error) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Section title="Merge request checks">
        <FormControlLabel
          control={
            <Switch
              checked={values.pullRequestTestEnabled}
              onChange={e => set('pullRequestTestEnabled', e.target.checked)}
              color="primary"
            />
          }
          label="Test merge requests with Snyk"
          disabled={disabled}
        />
        <Typography variant="body2" color="textSecondary">
          Fail conditions
        </Typography>
        <RadioGroup
          aria-label="Fail conditions"
          value={values.pullRequestFailOnAnyVulns ? 'any' : 'new'}
          onChange={e =>
            set('pullRequestFailOnAnyVulns', e.target.value === 'any')
          }
        >
          {option(
            'new',
            'Fail only when the merge request adds a dependency with issues',
            'pullRequestTestEnabled',
          )}
          {option(
            'any',
            'Fail when the repository has any issues',
            'pullRequestTestEnabled',
          )}
        </RadioGroup>
        <FormControlLabel
          control={
            <Checkbox
              checked={values.pullRequestFailOnlyForHighSeverity}
              onChange={e =>
                set('pullRequestFailOnlyForHighSeverity', e.target.checked)
              }
              color="primary"
            />
          }
          label="Fail only for high and critical severity issues"
          disabled={disabled || !values.pullRequestTestEnabled}
        />
      </Section>

      <Section title="Automatic fix and upgrade merge requests">
        <FormGroup>
          {check(
            'freshPrsEnabled',
            'Open fix merge requests for new vulnerabilities',
          )}
          {check(
            'backlogPrsEnabled',
            'Open fix merge requests for known (backlog) vulnerabilities',
          )}
          {check(
            'usePatchRemediation',
            "Apply Snyk's patches when no upgrade fixes an issue",
          )}
          {check(
            'autoDepUpgradeEnabled',
            'Open merge requests to upgrade dependencies',
          )}
        </FormGroup>
        <Box mt={1} className={classes.nested}>
          <TextField
            id={`${idPrefix}-upgrade-limit`}
            label="Most upgrade merge requests open at once"
            type="number"
            size="small"
            variant="outlined"
            value={values.autoDepUpgradeLimit}
            onChange={e => set('autoDepUpgradeLimit', e.target.value)}
            inputProps={{ min: UPGRADE_LIMIT.min, max: UPGRADE_LIMIT.max }}
            error={Boolean(errors.autoDepUpgradeLimit)}
            helperText={errors.autoDepUpgradeLimit}
            disabled={disabled || !values.autoDepUpgradeEnabled}
            style={{ minWidth: 320 }}
          />
        </Box>
      </Section>

      <Section title="Merge request assignment">
        {check('assignmentEnabled', "Assign Snyk's merge requests")}
        <RadioGroup
          aria-label="Assign to"
          className={classes.nested}
          value={values.assignmentType}
          onChange={e =>
            set('assignmentType', e.target.value as 'auto' | 'manual')
          }
        >
          {option(
            'auto',
            'The last user who changed the manifest file',
            'assignmentEnabled',
          )}
          {option('manual', 'These GitLab users', 'assignmentEnabled')}
        </RadioGroup>
        <Box mt={1} className={classes.nested}>
          <TextField
            id={`${idPrefix}-assignees`}
            label="GitLab usernames, separated by commas"
            size="small"
            variant="outlined"
            value={values.assignees}
            onChange={e => set('assignees', e.target.value)}
            inputProps={{ maxLength: 2000 }}
            error={Boolean(errors.assignees)}
            helperText={errors.assignees}
            disabled={
              disabled ||
              !values.assignmentEnabled ||
              values.assignmentType !== 'manual'
            }
            style={{ minWidth: 320 }}
          />
        </Box>
      </Section>

      {result && (
        <Box mb={2}>
          <Alert
            severity={result.ok ? 'success' : 'error'}
            role={result.ok ? 'status' : 'alert'}
          >
            {result.text}
          </Alert>
        </Box>
      )}
      {canManage ? (
        <Button
          type="submit"
          variant="contained"
          color="primary"
          disabled={saving || !changed || Object.keys(errors).length > 0}
        >
          {saving ? 'Saving…' : 'Save settings'}
        </Button>
      ) : (
        <Typography variant="body2" color="textSecondary">
          You can read these settings; changing them needs the{' '}
          <code>{snykGitlabIntegrationManagePermission.name}</code> permission.
        </Typography>
      )}
    </form>
  );
}
