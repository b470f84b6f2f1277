// @ts-check

/**
 * Catalog settings as Snyk defines them: a catalog file is a file name at the
 * repository root and attributes are read from metadata.* and spec.* only.
 * Saved settings that broke those rules are reset (the option off, the
 * default file name) and whatever was read with them is forgotten. Import
 * jobs get the time Snyk was last polled for them, to poll at most once per
 * interval across callers and replicas.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  const rows = await knex('group_integrations').select('id', 'catalog');
  for (const row of rows) {
    const catalog = JSON.parse(row.catalog || '{}');
    const filename = String(catalog.filename ?? '');
    const paths = Object.values(catalog.attributes ?? {}).flat();
    const badPath = paths.some(
      path => !/^(metadata|spec)\.|^"?(metadata|spec)"?\./.test(String(path)),
    );
    if (/[/\\]/.test(filename) || badPath) {
      await knex('group_integrations')
        .where({ id: row.id })
        .update({
          catalog: JSON.stringify({
            enabled: false,
            filename: 'catalog-info.yaml',
            attributes: {},
          }),
          status_reason:
            'The catalog option was turned off: its file name or attribute fields broke the catalog rules; save it again',
        });
    }
  }
  const unsafe = knex('repositories').where('catalog_filename', 'like', '%/%');
  await knex('repository_entities')
    .whereIn(
      ['host', 'project_id'],
      unsafe.clone().select('host', 'project_id'),
    )
    .delete();
  await unsafe.clone().update({
    catalog_present: false,
    catalog_attributes: '{}',
    catalog_problems: '[]',
    entity_refs: '[]',
    catalog_fingerprint: '',
  });
  await knex.schema.alterTable('import_jobs', table => {
    table.string('polled_at', 32);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('import_jobs', table => {
    table.dropColumn('polled_at');
  });
};
