export interface Config {
  snykGitlab?: {
    permissions?: {
      /**
       * Users and groups (entity refs such as `group:default/platform`) who
       * may manage the integrations and import any component's repository.
       */
      admins?: string[];
    };
  };
}
