// @ts-check

/**
 * The bulk import queue: one row per repository to import, worked off by a
 * scheduled task that claims rows with a conditional update and holds them by
 * a lease (a `running` row whose lease expired is queued again). At most one
 * unfinished row per org and repository, as for import jobs.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('bulk_imports', table => {
    table.string('id', 64).primary();
    table.string('batch_id', 64).notNullable();
    table.string('org_id', 64).notNullable();
    table.string('host', 255).notNullable();
    table.bigInteger('project_id').notNullable();
    table.string('path', 1024).notNullable();
    table.string('state', 16).notNullable();
    table.integer('attempts').notNullable().defaultTo(0);
    table.text('error');
    /** The import job (import_jobs.id) this item started or adopted. */
    table.string('import_job_id', 64);
    table.string('claimed_by', 64);
    table.string('lease_until', 32);
    table.string('created_by', 255).notNullable();
    table.string('created_at', 32).notNullable();
    table.string('updated_at', 32).notNullable();
    table.index(['batch_id', 'state'], 'bulk_imports_batch_idx');
    table.index(['state', 'created_at'], 'bulk_imports_state_idx');
    table.index(['host', 'project_id'], 'bulk_imports_project_idx');
  });
  await knex.raw(
    `CREATE UNIQUE INDEX bulk_imports_one_open_idx ON bulk_imports (org_id, host, project_id) WHERE state IN ('queued', 'running')`,
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('bulk_imports');
};
