// @ts-check

/**
 * The hosts whose `snykGitlab.initialGroupProfiles` entry was applied once, so
 * a profile deleted in the portal is not saved again at the next start.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('group_profile_seeds', table => {
    table.string('host', 255).primary();
    table.string('seeded_at', 32).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('group_profile_seeds');
};
