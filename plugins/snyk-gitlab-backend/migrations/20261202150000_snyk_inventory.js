// @ts-check

/**
 * Snyk's own view of the group-level integration, read through Snyk's REST
 * Assets API: one row of group-level facts (whether Snyk's inventory could be
 * read, and how many repositories from the GitLab host it holds) and, per
 * repository, what Snyk's inventory says of it. Snyk's `updated_at` is kept
 * as `snyk_updated_at`: when Snyk last updated the asset, not "last seen".
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('snyk_inventory', table => {
    table.string('id', 64).primary();
    table.string('group_id', 64);
    table.string('host', 255).notNullable();
    table.string('availability', 32).notNullable();
    table.text('reason');
    table.integer('repository_count');
    table.string('checked_at', 32).notNullable();
    table.string('read_at', 32);
  });

  await knex.schema.createTable('snyk_assets', table => {
    table.string('host', 255).notNullable();
    table.string('path_lower', 1024).notNullable();
    table.string('asset_id', 64).notNullable();
    table.string('name', 1024);
    table.string('repository_url', 2048);
    table.string('browse_url', 2048);
    table.string('snyk_updated_at', 32);
    table.string('repository_freshness', 64);
    table.text('attributes').notNullable();
    table.boolean('archived');
    table.unique(['host', 'path_lower'], {
      indexName: 'snyk_assets_host_path_idx',
    });
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('snyk_assets');
  await knex.schema.dropTable('snyk_inventory');
};
