/**
 * How Snyk assigns its merge requests: to the last committers (`auto`) or to
 * the `assignees` named (`manual`).
 */
export interface PullRequestAssignment {
  enabled?: boolean;
  type?: 'auto' | 'manual';
  /** GitLab usernames, for `manual`. */
  assignees?: string[];
}

/**
 * The settings of a Snyk org's GitLab integration, as Snyk's v1
 * `/org/{orgId}/integrations/{integrationId}/settings` names them. Every
 * field is optional: Snyk answers those it has, a save sends only those changed.
 */
export interface OrgGitlabSettings {
  /** Merge request checks: Snyk tests each merge request. */
  pullRequestTestEnabled?: boolean;
  /** Fail the check on any vulnerable dependency, not only newly added ones. */
  pullRequestFailOnAnyVulns?: boolean;
  /** Fail the check only for high (and critical) severity issues. */
  pullRequestFailOnlyForHighSeverity?: boolean;
  /** Automatic fix merge requests. */
  autoRemediationPrs?: {
    /** For newly found issues. */
    freshPrsEnabled?: boolean;
    /** For known issues (the backlog). */
    backlogPrsEnabled?: boolean;
    /** A backlog MR fixes one vulnerability, or every issue of one dependency. */
    backlogPrStrategy?: 'vuln' | 'dependency';
    usePatchRemediation?: boolean;
  };
  /** Fix merge requests opened by hand from Snyk's UI. */
  manualRemediationPrs?: { usePatchRemediation?: boolean };
  /** Automatic dependency upgrade merge requests. */
  autoDepUpgradeEnabled?: boolean;
  /** How many upgrade merge requests may be open at once (Snyk: 1 to 10). */
  autoDepUpgradeLimit?: number;
  autoDepUpgradeIgnoredDependencies?: string[];
  /** Upgrade only to versions at least this many days old. */
  autoDepUpgradeMinAge?: number;
  /** Detect and scan Dockerfiles in the repositories. */
  dockerfileSCMEnabled?: boolean;
  pullRequestAssignment?: PullRequestAssignment;
}

/** `GET /integrations/orgs/:orgId/settings` and the answer of its PUT. */
export interface OrgGitlabSettingsResponse {
  orgId: string;
  /** Snyk's id of the org's GitLab integration. */
  integrationId: string;
  settings: OrgGitlabSettings;
}

/**
 * A Universal Broker connection of a Snyk org (REST
 * `/orgs/{org_id}/brokers/connections`). Snyk names no integration here:
 * it does not say which integrations use the connection, and classic
 * broker setups never appear in this list.
 */
export interface BrokerConnection {
  id: string;
  name: string;
  /** Snyk's connection type, e.g. `gitlab`. */
  connectionType: string;
  /** The Universal Broker deployment the connection belongs to. */
  deploymentId: string;
  /** The id of the connection's credentials context, if it has one. */
  context?: string;
}

/** `GET /integrations/orgs/:orgId/broker-connections`. */
export interface BrokerConnectionsResponse {
  connections: BrokerConnection[];
  /** Set when Snyk had more connections than the portal reads (1,000). */
  truncated?: boolean;
}
