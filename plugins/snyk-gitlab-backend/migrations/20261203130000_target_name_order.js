// @ts-check

/**
 * Targets whose names differ only in case: every reader takes the first by
 * target id. The name index carries the id, so that order costs no sort and
 * the lookup by name stays an index search.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('snyk_targets', table => {
    table.index(
      ['org_id', 'display_name_lower', 'target_id'],
      'snyk_targets_name_id_idx',
    );
  });
  await knex.schema.alterTable('snyk_targets', table => {
    table.dropIndex(
      ['org_id', 'display_name_lower'],
      'snyk_targets_name_lower_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('snyk_targets', table => {
    table.index(
      ['org_id', 'display_name_lower'],
      'snyk_targets_name_lower_idx',
    );
  });
  await knex.schema.alterTable('snyk_targets', table => {
    table.dropIndex(
      ['org_id', 'display_name_lower', 'target_id'],
      'snyk_targets_name_id_idx',
    );
  });
};
