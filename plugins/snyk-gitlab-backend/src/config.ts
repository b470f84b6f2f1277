import {
  SchedulerServiceTaskScheduleDefinition,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  AttributeFields,
  CATALOG_ATTRIBUTES,
  CatalogOption,
  DEFAULT_ATTRIBUTE_FIELDS,
  DEFAULT_CATALOG_FILENAME,
  DEFAULT_GITLAB_HOST,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import {
  MAX_ATTRIBUTE_PATHS,
  checkAttributePath,
  checkCatalogFilename,
} from './catalog/rules';

export interface SnykOrgConfig {
  orgId: string;
  name?: string;
  gitlabHost: string;
  gitlabGroups: string[];
}

export interface PluginOptions {
  snyk: {
    apiBaseUrl: string;
    token?: string;
    groupId?: string;
    restVersion: string;
    /** Where links to Snyk's app go: the region's app host. */
    appBaseUrl: string;
    orgs: SnykOrgConfig[];
  };
  catalogDefaults: CatalogOption;
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** Group-level profiles saved at startup for hosts without one. */
  initialGroupProfiles: Array<{ profileName: string; host: string }>;
}

export const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 15 },
  initialDelay: { seconds: 15 },
};

export function defaultAttributeFields(): AttributeFields {
  return Object.fromEntries(
    CATALOG_ATTRIBUTES.map(a => [a, [DEFAULT_ATTRIBUTE_FIELDS[a]]]),
  );
}

function readAttributes(config?: Config): AttributeFields {
  if (!config) return defaultAttributeFields();
  const fields: AttributeFields = {};
  for (const attribute of CATALOG_ATTRIBUTES) {
    const value = config.getOptional(attribute);
    let paths: string[] | undefined;
    if (typeof value === 'string') paths = [value];
    else if (Array.isArray(value)) paths = config.getStringArray(attribute);
    if (paths && paths.length > MAX_ATTRIBUTE_PATHS) {
      throw new Error(
        `Invalid snykGitlab.catalog.attributes.${attribute}: Snyk takes a field and one alternate field name`,
      );
    }
    for (const path of paths ?? []) {
      const problem = checkAttributePath(path);
      if (problem) {
        throw new Error(
          `Invalid snykGitlab.catalog.attributes.${attribute}: ${problem}`,
        );
      }
    }
    if (paths) fields[attribute] = paths;
  }
  return fields;
}

function readFilename(config?: Config): string {
  const filename =
    config?.getOptionalString('filename') ?? DEFAULT_CATALOG_FILENAME;
  const problem = checkCatalogFilename(filename);
  if (problem) {
    throw new Error(`Invalid snykGitlab.catalog.filename: ${problem}`);
  }
  return filename;
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F]/;

export function readPluginOptions(root: Config): PluginOptions {
  const config = root.getOptionalConfig('snykGitlab');
  const snyk = config?.getOptionalConfig('snyk');
  const catalog = config?.getOptionalConfig('catalog');
  return {
    snyk: {
      apiBaseUrl: (
        snyk?.getOptionalString('apiBaseUrl') ?? 'https://api.snyk.io'
      ).replace(/\/+$/, ''),
      token: snyk?.getOptionalString('token'),
      groupId: snyk?.getOptionalString('groupId'),
      restVersion: snyk?.getOptionalString('restVersion') ?? '2024-10-15',
      appBaseUrl: (
        snyk?.getOptionalString('appBaseUrl') ??
        snykAppUrl(
          snyk?.getOptionalString('apiBaseUrl') ?? 'https://api.snyk.io',
        )
      ).replace(/\/+$/, ''),
      orgs: (snyk?.getOptionalConfigArray('orgs') ?? []).map(org => ({
        orgId: org.getString('orgId'),
        name: org.getOptionalString('name'),
        gitlabHost: org.getOptionalString('gitlabHost') ?? DEFAULT_GITLAB_HOST,
        gitlabGroups: org.getOptionalStringArray('gitlabGroups') ?? [],
      })),
    },
    catalogDefaults: {
      // Optional in Snyk: off unless chosen.
      enabled: catalog?.getOptionalBoolean('enabled') ?? false,
      filename: readFilename(catalog),
      attributes: readAttributes(catalog?.getOptionalConfig('attributes')),
    },
    schedule: config?.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          config.getConfig('schedule'),
        )
      : DEFAULT_SCHEDULE,
    initialGroupProfiles: (
      config?.getOptionalConfigArray('initialGroupProfiles') ?? []
    ).map(profile => {
      const profileName = profile.getString('profileName').trim();
      if (
        !profileName ||
        profileName.length > 100 ||
        CONTROL_CHARACTERS.test(profileName)
      ) {
        throw new Error(
          'Invalid snykGitlab.initialGroupProfiles: profileName must be 1 to 100 characters without control characters',
        );
      }
      return { profileName, host: profile.getString('host') };
    }),
  };
}

/**
 * Snyk's app for an API region: api.snyk.io → app.snyk.io, api.eu.snyk.io →
 * app.eu.snyk.io, api.snykgov.io → app.snykgov.io; app.snyk.io otherwise.
 */
export function snykAppUrl(apiBaseUrl: string): string {
  const host = new URL(apiBaseUrl).host;
  const match = /^api\.((?:[a-z0-9-]+\.)?snyk(?:gov)?\.io)$/.exec(host);
  return match ? `https://app.${match[1]}` : 'https://app.snyk.io';
}

function inGroup(path: string, group: string): boolean {
  return path === group || path.startsWith(`${group.replace(/\/+$/, '')}/`);
}

/** Whether an org covers a repository: same host, and one of its groups or none. */
export function orgCovers(org: SnykOrgConfig, host: string, path: string) {
  return (
    org.gitlabHost === host &&
    (org.gitlabGroups.length === 0 ||
      org.gitlabGroups.some(g => inGroup(path, g)))
  );
}

/** The Snyk org configured for a GitLab repository, if any. */
export function orgForRepository(
  orgs: SnykOrgConfig[],
  host: string,
  path: string,
): SnykOrgConfig | undefined {
  const onHost = orgs.filter(o => o.gitlabHost === host);
  return (
    onHost.find(o => o.gitlabGroups.some(g => inGroup(path, g))) ??
    onHost.find(o => o.gitlabGroups.length === 0)
  );
}
