// @ts-check

/**
 * The integration state: group-level and org-level integrations, GitLab token
 * checks (never the token), the repository inventory, Snyk targets, import
 * jobs and an audit log. Times are ISO 8601 strings, portable across databases.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('group_integrations', table => {
    table.string('id', 64).primary();
    table.string('profile_name', 255).notNullable();
    table.string('host', 255).notNullable();
    table.text('catalog').notNullable();
    table.string('status', 32).notNullable();
    table.text('status_reason');
    table.string('last_sync_at', 32);
    table.string('last_good_sync_at', 32);
    table.string('next_sync_at', 32);
    table.string('updated_at', 32).notNullable();
    table.string('updated_by', 255);
  });

  await knex.schema.createTable('org_integrations', table => {
    table.string('org_id', 64).primary();
    table.string('host', 255).notNullable();
    table.string('snyk_integration_id', 64);
    table.string('status', 32).notNullable();
    table.text('status_reason');
    table.string('last_checked_at', 32);
    table.string('updated_at', 32).notNullable();
    table.string('updated_by', 255);
  });

  await knex.schema.createTable('gitlab_tokens', table => {
    table.string('host', 255).primary();
    table.string('name', 255);
    table.boolean('active');
    table.boolean('revoked');
    table.text('scopes').notNullable();
    table.text('missing_scopes').notNullable();
    table.string('expires_at', 32);
    table.text('expiry_warning');
    table.text('problem');
    table.string('checked_at', 32).notNullable();
  });

  await knex.schema.createTable('repositories', table => {
    table.string('host', 255).notNullable();
    table.bigInteger('project_id').notNullable();
    table.string('path', 1024).notNullable();
    table.string('default_branch', 255);
    table.string('web_url', 2048).notNullable();
    table.string('last_activity_at', 32);
    table.string('catalog_filename', 255).notNullable();
    table.string('catalog_fingerprint', 64).notNullable();
    table.boolean('catalog_present').notNullable();
    table.text('catalog_attributes').notNullable();
    table.text('catalog_problems').notNullable();
    table.text('entity_refs').notNullable();
    table.string('synced_at', 32).notNullable();
    table.primary(['host', 'project_id']);
    table.index(['host', 'path'], 'repositories_host_path_idx');
  });

  await knex.schema.createTable('repository_entities', table => {
    table.string('entity_ref', 512).notNullable();
    table.string('host', 255).notNullable();
    table.bigInteger('project_id').notNullable();
    table.primary(['entity_ref', 'host', 'project_id']);
    table.index(['host', 'project_id'], 'repository_entities_project_idx');
  });

  await knex.schema.createTable('snyk_targets', table => {
    table.string('org_id', 64).notNullable();
    table.string('target_id', 64).notNullable();
    table.string('display_name', 1024).notNullable();
    table.string('url', 2048);
    table.text('projects').notNullable();
    table.string('updated_at', 32).notNullable();
    table.primary(['org_id', 'target_id']);
    table.index(['display_name'], 'snyk_targets_display_name_idx');
  });

  await knex.schema.createTable('import_jobs', table => {
    table.string('id', 64).primary();
    table.string('org_id', 64).notNullable();
    table.string('integration_id', 64).notNullable();
    table.string('snyk_job_id', 64).notNullable();
    table.string('host', 255).notNullable();
    table.bigInteger('project_id').notNullable();
    table.string('path', 1024).notNullable();
    table.string('status', 16).notNullable();
    table.text('error');
    table.string('created_by', 255).notNullable();
    table.string('created_at', 32).notNullable();
    table.string('updated_at', 32).notNullable();
    table.index(['host', 'project_id'], 'import_jobs_project_idx');
    table.index(['status'], 'import_jobs_status_idx');
  });

  await knex.schema.createTable('audit_log', table => {
    table.increments('id');
    table.string('actor', 255).notNullable();
    table.string('action', 64).notNullable();
    table.string('subject', 1024).notNullable();
    table.text('details').notNullable();
    table.string('created_at', 32).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const table of [
    'audit_log',
    'import_jobs',
    'snyk_targets',
    'repository_entities',
    'repositories',
    'gitlab_tokens',
    'org_integrations',
    'group_integrations',
  ]) {
    await knex.schema.dropTable(table);
  }
};
