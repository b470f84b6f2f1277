// @ts-check

/**
 * The catalog file's blob id per repository: a sync reads a file again when
 * its blob id changes, not when `last_activity_at` moves (GitLab updates that
 * at most once an hour and not for every push).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('repositories', table => {
    table.string('catalog_blob_id', 64).nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('repositories', table => {
    table.dropColumn('catalog_blob_id');
  });
};
