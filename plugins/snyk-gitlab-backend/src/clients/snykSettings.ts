// Reading Snyk's integration settings and broker connections: untrusted input.
import {
  BrokerConnection,
  OrgGitlabSettings,
  PullRequestAssignment,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import { cleanText } from '../database/clean';

/** Longest name (a dependency, a username, a connection's name) kept. */
const MAX_NAME = 256;
/** Most names kept from one list. */
const MAX_NAMES = 1000;
const ID = /^[\w-]{1,64}$/;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const bool = (v: unknown) => (typeof v === 'boolean' ? v : undefined);
const num = (v: unknown) =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;
const name = (v: unknown) => {
  if (typeof v !== 'string') return undefined;
  const text = cleanText(v, MAX_NAME).trim();
  return text === '' ? undefined : text;
};
const names = (v: unknown) =>
  Array.isArray(v)
    ? v
        .slice(0, MAX_NAMES)
        .map(name)
        .filter((s): s is string => s !== undefined)
    : undefined;
const id = (v: unknown) =>
  typeof v === 'string' && ID.test(v) ? v : undefined;

/** Drops undefined fields; an object left empty is undefined. */
function compact<T extends object>(value: T): T | undefined {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return entries.length ? (Object.fromEntries(entries) as T) : undefined;
}

/**
 * `pullRequestAssignment` in either form: Snyk answers an object `{ enabled,
 * type, assignees }`, while its v1 OpenAPI document types the field as a
 * string; a string holding that object as JSON, or a bare `auto`/`manual`,
 * is read too. Anything else is left out.
 */
export function readPullRequestAssignment(
  value: unknown,
): PullRequestAssignment | undefined {
  let raw = value;
  if (typeof raw === 'string') {
    const text = raw.trim();
    if (text === 'auto' || text === 'manual') return { type: text };
    try {
      raw = text.length <= 64 * 1024 ? JSON.parse(text) : undefined;
    } catch {
      return undefined;
    }
  }
  if (!isObject(raw)) return undefined;
  return compact<PullRequestAssignment>({
    enabled: bool(raw.enabled),
    type: raw.type === 'auto' || raw.type === 'manual' ? raw.type : undefined,
    assignees: names(raw.assignees),
  });
}

/** Snyk's settings answer as {@link OrgGitlabSettings}: known fields of the right type only. */
export function readIntegrationSettings(raw: unknown): OrgGitlabSettings {
  if (!isObject(raw)) return {};
  const auto = isObject(raw.autoRemediationPrs) ? raw.autoRemediationPrs : {};
  const manual = isObject(raw.manualRemediationPrs)
    ? raw.manualRemediationPrs
    : {};
  const strategy = auto.backlogPrStrategy;
  return (
    compact<OrgGitlabSettings>({
      pullRequestTestEnabled: bool(raw.pullRequestTestEnabled),
      pullRequestFailOnAnyVulns: bool(raw.pullRequestFailOnAnyVulns),
      pullRequestFailOnlyForHighSeverity: bool(
        raw.pullRequestFailOnlyForHighSeverity,
      ),
      autoRemediationPrs: compact({
        freshPrsEnabled: bool(auto.freshPrsEnabled),
        backlogPrsEnabled: bool(auto.backlogPrsEnabled),
        backlogPrStrategy:
          strategy === 'vuln' || strategy === 'dependency'
            ? strategy
            : undefined,
        usePatchRemediation: bool(auto.usePatchRemediation),
      }),
      manualRemediationPrs: compact({
        // Snyk's own examples spell it useManualPatchRemediation.
        usePatchRemediation: bool(
          manual.usePatchRemediation ?? manual.useManualPatchRemediation,
        ),
      }),
      autoDepUpgradeEnabled: bool(raw.autoDepUpgradeEnabled),
      autoDepUpgradeLimit: num(raw.autoDepUpgradeLimit),
      autoDepUpgradeIgnoredDependencies: names(
        raw.autoDepUpgradeIgnoredDependencies,
      ),
      autoDepUpgradeMinAge: num(raw.autoDepUpgradeMinAge),
      dockerfileSCMEnabled: bool(raw.dockerfileSCMEnabled),
      pullRequestAssignment: readPullRequestAssignment(
        raw.pullRequestAssignment,
      ),
    }) ?? {}
  );
}

/**
 * The body of a settings PUT: only the fields given, `pullRequestAssignment`
 * always in the object form Snyk answers.
 */
export function integrationSettingsBody(settings: OrgGitlabSettings): Json {
  return (
    compact<Json>({
      pullRequestTestEnabled: settings.pullRequestTestEnabled,
      pullRequestFailOnAnyVulns: settings.pullRequestFailOnAnyVulns,
      pullRequestFailOnlyForHighSeverity:
        settings.pullRequestFailOnlyForHighSeverity,
      autoRemediationPrs:
        settings.autoRemediationPrs && compact(settings.autoRemediationPrs),
      manualRemediationPrs:
        settings.manualRemediationPrs && compact(settings.manualRemediationPrs),
      autoDepUpgradeEnabled: settings.autoDepUpgradeEnabled,
      autoDepUpgradeLimit: settings.autoDepUpgradeLimit,
      autoDepUpgradeIgnoredDependencies:
        settings.autoDepUpgradeIgnoredDependencies,
      autoDepUpgradeMinAge: settings.autoDepUpgradeMinAge,
      dockerfileSCMEnabled: settings.dockerfileSCMEnabled,
      pullRequestAssignment:
        settings.pullRequestAssignment &&
        compact({
          enabled: settings.pullRequestAssignment.enabled,
          type: settings.pullRequestAssignment.type,
          assignees: settings.pullRequestAssignment.assignees,
        }),
    }) ?? {}
  );
}

/** One resource of Snyk's broker connections list; undefined when unusable. */
export function readBrokerConnection(
  raw: unknown,
): BrokerConnection | undefined {
  if (!isObject(raw) || raw.type !== 'broker_connection') return undefined;
  const at = isObject(raw.attributes) ? raw.attributes : {};
  const connection = {
    id: id(raw.id),
    name: name(at.name),
    connectionType: name(at.connection_type),
    deploymentId: id(at.deployment_id),
  };
  if (Object.values(connection).some(v => v === undefined)) return undefined;
  const context = id(at.context);
  return {
    ...(connection as Omit<BrokerConnection, 'context'>),
    ...(context ? { context } : {}),
  };
}
