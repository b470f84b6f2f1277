import {
  OrgGitlabSettings,
  PullRequestAssignment,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';

/** The form's fields, flat and always set. */
export interface SettingsFormValues {
  pullRequestTestEnabled: boolean;
  pullRequestFailOnAnyVulns: boolean;
  pullRequestFailOnlyForHighSeverity: boolean;
  freshPrsEnabled: boolean;
  backlogPrsEnabled: boolean;
  usePatchRemediation: boolean;
  autoDepUpgradeEnabled: boolean;
  autoDepUpgradeLimit: string;
  assignmentEnabled: boolean;
  assignmentType: 'auto' | 'manual';
  assignees: string;
}

/** Snyk's limit of upgrade merge requests open at once. */
export const UPGRADE_LIMIT = { min: 1, max: 10 };
const GITLAB_USERNAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}$/;

/** The assignment object, if the settings carry one (Snyk's OpenAPI types it as a string). */
function assignmentOf(settings: OrgGitlabSettings) {
  const value: unknown = settings.pullRequestAssignment;
  return typeof value === 'object' && value !== null
    ? (value as PullRequestAssignment)
    : undefined;
}

export function toForm(settings: OrgGitlabSettings): SettingsFormValues {
  const fix = settings.autoRemediationPrs ?? {};
  const assignment = assignmentOf(settings);
  return {
    pullRequestTestEnabled: settings.pullRequestTestEnabled ?? false,
    pullRequestFailOnAnyVulns: settings.pullRequestFailOnAnyVulns ?? false,
    pullRequestFailOnlyForHighSeverity:
      settings.pullRequestFailOnlyForHighSeverity ?? false,
    freshPrsEnabled: fix.freshPrsEnabled ?? false,
    backlogPrsEnabled: fix.backlogPrsEnabled ?? false,
    usePatchRemediation: fix.usePatchRemediation ?? false,
    autoDepUpgradeEnabled: settings.autoDepUpgradeEnabled ?? false,
    autoDepUpgradeLimit:
      settings.autoDepUpgradeLimit === undefined
        ? ''
        : String(settings.autoDepUpgradeLimit),
    assignmentEnabled: assignment?.enabled ?? false,
    assignmentType: assignment?.type === 'manual' ? 'manual' : 'auto',
    assignees: (assignment?.assignees ?? []).join(', '),
  };
}

function assignees(values: SettingsFormValues) {
  return values.assignees
    .split(',')
    .map(a => a.trim())
    .filter(Boolean);
}

/** What is wrong with the values, by field; empty when they can be saved. */
export function validate(
  values: SettingsFormValues,
): Partial<Record<keyof SettingsFormValues, string>> {
  const errors: Partial<Record<keyof SettingsFormValues, string>> = {};
  if (values.autoDepUpgradeLimit !== '') {
    const limit = Number(values.autoDepUpgradeLimit);
    if (
      !Number.isInteger(limit) ||
      limit < UPGRADE_LIMIT.min ||
      limit > UPGRADE_LIMIT.max
    ) {
      errors.autoDepUpgradeLimit = `A whole number from ${UPGRADE_LIMIT.min} to ${UPGRADE_LIMIT.max}`;
    }
  }
  if (values.assignmentEnabled && values.assignmentType === 'manual') {
    const names = assignees(values);
    if (!names.length) errors.assignees = 'Name at least one GitLab user';
    else if (names.some(n => !GITLAB_USERNAME.test(n))) {
      errors.assignees = 'GitLab usernames only, separated by commas';
    }
  }
  return errors;
}

/**
 * Snyk's settings as the form's values say (assignment in its object form).
 * Nested objects keep the fields the form does not show.
 */
function fromForm(
  values: SettingsFormValues,
  original: OrgGitlabSettings,
): OrgGitlabSettings {
  const assignment = assignmentOf(original);
  return {
    pullRequestTestEnabled: values.pullRequestTestEnabled,
    pullRequestFailOnAnyVulns: values.pullRequestFailOnAnyVulns,
    pullRequestFailOnlyForHighSeverity:
      values.pullRequestFailOnlyForHighSeverity,
    autoRemediationPrs: {
      ...original.autoRemediationPrs,
      freshPrsEnabled: values.freshPrsEnabled,
      backlogPrsEnabled: values.backlogPrsEnabled,
      usePatchRemediation: values.usePatchRemediation,
    },
    autoDepUpgradeEnabled: values.autoDepUpgradeEnabled,
    autoDepUpgradeLimit:
      values.autoDepUpgradeLimit === ''
        ? undefined
        : Number(values.autoDepUpgradeLimit),
    pullRequestAssignment: !values.assignmentEnabled
      ? { ...assignment, enabled: false }
      : {
          ...assignment,
          enabled: true,
          type: values.assignmentType,
          ...(values.assignmentType === 'manual'
            ? { assignees: assignees(values) }
            : {}),
        },
  };
}

/** Only the settings the user changed, so Snyk keeps everything else as it is. */
export function changedSettings(
  original: OrgGitlabSettings,
  values: SettingsFormValues,
): OrgGitlabSettings {
  const before = fromForm(toForm(original), original) as Record<
    string,
    unknown
  >;
  const after = fromForm(values, original) as Record<string, unknown>;
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (
      after[key] !== undefined &&
      JSON.stringify(after[key]) !== JSON.stringify(before[key])
    ) {
      patch[key] = after[key];
    }
  }
  return patch as OrgGitlabSettings;
}
