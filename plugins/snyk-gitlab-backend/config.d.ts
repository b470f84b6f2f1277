import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /**
   * The Snyk / GitLab integration. GitLab hosts and personal access tokens
   * come from `integrations.gitlab`.
   */
  snykGitlab?: {
    snyk?: {
      /**
       * Snyk API base URL of your region: https://api.snyk.io (default),
       * https://api.eu.snyk.io, https://api.au.snyk.io, https://api.us.snyk.io
       * or https://api.snykgov.io (SNYK-GOV-01).
       */
      apiBaseUrl?: string;
      /**
       * Snyk's app, for links to projects. Default: the app host of the
       * apiBaseUrl's region (app.snyk.io, app.eu.snyk.io, …, app.snykgov.io).
       */
      appBaseUrl?: string;
      /**
       * Snyk API token, sent as `Authorization: token …`.
       * @visibility secret
       */
      token?: string;
      /**
       * Snyk group id (a UUID) of the group-level (Snyk Essentials)
       * integration. Optional: with it, each sync reads Snyk's own inventory
       * through the REST Assets API (beta, `POST /groups/{group_id}/assets/search`)
       * and the group status follows it; the token needs read access to the
       * group's assets. Without it, or when Snyk answers 403/404, the
       * portal's own sync of GitLab decides the status.
       */
      groupId?: string;
      /** REST API version sent with every REST call. */
      restVersion?: string;
      /**
       * Snyk v1 API requests a minute the token may make (Snyk's default
       * limit is 2,000; imports and import job polls are v1 calls). The bulk
       * import queue paces its calls at 95% of it. Default 2000.
       */
      v1RequestsPerMinute?: number;
      /** Snyk organizations and the GitLab repositories each one covers. */
      orgs?: Array<{
        orgId: string;
        /** A readable name shown in the portal. */
        name?: string;
        /** The `integrations.gitlab` host this org imports from. Default gitlab.com. */
        gitlabHost?: string;
        /** GitLab group paths this org covers; all the token's projects when absent. */
        gitlabGroups?: string[];
      }>;
    };
    /** Defaults for the "Add Backstage Catalog" option of the group-level integration. */
    catalog?: {
      /** Whether "Add Backstage Catalog" is on by default. Default false. */
      enabled?: boolean;
      /** Default catalog-info.yaml. */
      filename?: string;
      /**
       * Attribute → field path, or a field and one alternate field name, as
       * Snyk reads them. Paths start with `metadata.` or `spec.`; keys with
       * dots are quoted: `metadata.annotations."example.com/owner"`.
       */
      attributes?: {
        category?: string | string[];
        owner?: string | string[];
        lifecycle?: string | string[];
        application?: string | string[];
        catalogName?: string | string[];
        title?: string | string[];
      };
    };
    /** When the GitLab inventory and Snyk targets are synced. Default every 30 minutes. */
    schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    /**
     * Group-level profiles saved at startup for hosts that have none yet
     * (partially connected, with the catalog defaults above), once per host:
     * a profile saved in the portal is never overwritten, and one deleted in
     * the portal is not saved again. Each host must be one of
     * `integrations.gitlab`.
     */
    initialGroupProfiles?: Array<{
      profileName: string;
      host: string;
    }>;
  };
}
