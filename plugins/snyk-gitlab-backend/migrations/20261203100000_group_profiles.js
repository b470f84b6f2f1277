// @ts-check

/**
 * Several group-level profiles, one per GitLab host: the group-level
 * integration and Snyk's inventory state are looked up by host, which each
 * table now holds at most once. The saved row keeps its data (and its id,
 * which is only a row id from now on).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('group_integrations', table => {
    table.unique(['host'], { indexName: 'group_integrations_host_idx' });
  });
  await knex.schema.alterTable('snyk_inventory', table => {
    table.unique(['host'], { indexName: 'snyk_inventory_host_idx' });
  });
};

/**
 * Back to one group-level integration: the most recently updated profile is
 * kept (as the row `default`), with its host's inventory; the other hosts'
 * profiles, repositories and Snyk inventory are removed.
 *
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  const kept = await knex('group_integrations')
    .orderBy([
      { column: 'updated_at', order: 'desc' },
      { column: 'id', order: 'asc' },
    ])
    .first('id', 'host');
  if (kept) {
    await knex('group_integrations').whereNot({ id: kept.id }).delete();
    await knex('group_integrations')
      .where({ id: kept.id })
      .update({ id: 'default' });
    for (const table of [
      'repository_entities',
      'repositories',
      'snyk_assets',
      'snyk_inventory',
    ]) {
      await knex(table).whereNot({ host: kept.host }).delete();
    }
    await knex('snyk_inventory').update({ id: 'default' });
  } else {
    await knex('snyk_assets').delete();
    await knex('snyk_inventory').delete();
  }
  await knex.schema.alterTable('snyk_inventory', table => {
    table.dropUnique(['host'], 'snyk_inventory_host_idx');
  });
  await knex.schema.alterTable('group_integrations', table => {
    table.dropUnique(['host'], 'group_integrations_host_idx');
  });
};
