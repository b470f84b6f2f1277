// @ts-check

/**
 * Indexed lookups: repositories by lower-cased path and Snyk targets by
 * lower-cased name (a `lower(...)` comparison can use no index), and at most
 * one pending import job per org and repository, so two clicks, two users or
 * a retried request start one Snyk import.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('repositories', table => {
    table.string('path_lower', 1024);
  });
  await knex('repositories').update({ path_lower: knex.raw('lower(path)') });
  await knex.schema.alterTable('repositories', table => {
    table.index(['host', 'path_lower'], 'repositories_host_path_lower_idx');
  });

  await knex.schema.alterTable('snyk_targets', table => {
    table.string('display_name_lower', 1024);
    table.dropIndex(['display_name'], 'snyk_targets_display_name_idx');
  });
  await knex('snyk_targets').update({
    display_name_lower: knex.raw('lower(display_name)'),
  });
  await knex.schema.alterTable('snyk_targets', table => {
    table.index(
      ['org_id', 'display_name_lower'],
      'snyk_targets_name_lower_idx',
    );
  });

  // Older duplicates of a pending job give way to the newest.
  const pending = await knex('import_jobs')
    .where({ status: 'pending' })
    .orderBy('created_at', 'desc')
    .select('id', 'org_id', 'host', 'project_id');
  const seen = new Set();
  const superseded = [];
  for (const job of pending) {
    const key = `${job.org_id}|${job.host}|${job.project_id}`;
    if (seen.has(key)) superseded.push(job.id);
    seen.add(key);
  }
  if (superseded.length) {
    await knex('import_jobs')
      .whereIn('id', superseded)
      .update({ status: 'failed', error: 'Superseded by a newer import' });
  }
  await knex.raw(
    `CREATE UNIQUE INDEX import_jobs_one_pending_idx ON import_jobs (org_id, host, project_id) WHERE status = 'pending'`,
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.raw('DROP INDEX import_jobs_one_pending_idx');
  await knex.schema.alterTable('snyk_targets', table => {
    table.dropIndex(
      ['org_id', 'display_name_lower'],
      'snyk_targets_name_lower_idx',
    );
    table.index(['display_name'], 'snyk_targets_display_name_idx');
  });
  await knex.schema.alterTable('snyk_targets', table => {
    table.dropColumn('display_name_lower');
  });
  await knex.schema.alterTable('repositories', table => {
    table.dropIndex(['host', 'path_lower'], 'repositories_host_path_lower_idx');
  });
  await knex.schema.alterTable('repositories', table => {
    table.dropColumn('path_lower');
  });
};
