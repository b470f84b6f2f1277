// @ts-check

/**
 * Columns for the platform engineer's inventory table, so it is filtered,
 * sorted and paged by the database at any size, without reading JSON:
 * per repository the catalog file's owner and system (Application) and first
 * entity, how many problems the file has, its Snyk org (from config, set at
 * start-up and on each save) and, in that org, its target and issue counts
 * (kept when targets are refreshed or repositories saved); per Snyk target its
 * issue counts.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('repositories', table => {
    table.string('owner', 256).notNullable().defaultTo('');
    table.string('system', 256).notNullable().defaultTo('');
    table.string('entity_ref', 512).notNullable().defaultTo('');
    table.integer('problem_count').notNullable().defaultTo(0);
    table.string('org_id', 64);
    table.string('target_id', 64);
    for (const severity of ['critical', 'high', 'medium', 'low']) {
      table.integer(`${severity}_count`).notNullable().defaultTo(0);
    }
  });
  await knex.schema.alterTable('snyk_targets', table => {
    for (const severity of ['critical', 'high', 'medium', 'low']) {
      table.integer(`${severity}_count`).notNullable().defaultTo(0);
    }
  });

  /** @type {(text: string | null, fallback: any) => any} */
  const parse = (text, fallback) => {
    try {
      return text ? JSON.parse(text) : fallback;
    } catch {
      return fallback;
    }
  };
  /** @type {(value: unknown, max: number) => string} */
  const str = (value, max) =>
    typeof value === 'string' ? value.slice(0, max) : '';

  // Keyset pages, so memory stays bounded at any inventory size.
  /** @type {{ host: string; id: unknown } | undefined} */
  let after = undefined;
  for (;;) {
    const query = knex('repositories')
      .select(
        'host',
        'project_id',
        'catalog_attributes',
        'catalog_problems',
        'entity_refs',
      )
      .orderBy(['host', 'project_id'])
      .limit(1000);
    if (after) {
      const { host, id } = after;
      query.where(q =>
        q
          .where('host', '>', host)
          .orWhere(k =>
            k
              .where('host', host)
              .where('project_id', '>', /** @type {any} */ (id)),
          ),
      );
    }
    const rows = await query;
    if (rows.length === 0) break;
    for (const row of rows) {
      const attributes = parse(row.catalog_attributes, {});
      const problems = parse(row.catalog_problems, []);
      const refs = parse(row.entity_refs, []);
      await knex('repositories')
        .where({ host: row.host, project_id: row.project_id })
        .update({
          owner: str(attributes.owner, 256),
          system: str(attributes.application, 256),
          entity_ref: str(Array.isArray(refs) ? refs[0] : '', 512),
          problem_count: Array.isArray(problems) ? problems.length : 0,
        });
    }
    const last = rows[rows.length - 1];
    after = { host: last.host, id: last.project_id };
  }

  const targets = await knex('snyk_targets').select(
    'org_id',
    'target_id',
    'projects',
  );
  for (const target of targets) {
    /** @type {Record<string, number>} */
    const counts = { critical: 0, high: 0, medium: 0, low: 0 };
    for (const project of parse(target.projects, [])) {
      for (const severity of Object.keys(counts)) {
        counts[severity] += Number(project?.issueCounts?.[severity]) || 0;
      }
    }
    await knex('snyk_targets')
      .where({ org_id: target.org_id, target_id: target.target_id })
      .update({
        critical_count: counts.critical,
        high_count: counts.high,
        medium_count: counts.medium,
        low_count: counts.low,
      });
  }

  // Each sort key with the rest of the order (host, path, project id), so a
  // page is read from an index; the filters' columns for their counts.
  const ORDER = ['host', 'path_lower', 'project_id'];
  await knex.schema.alterTable('repositories', table => {
    table.index(['owner', ...ORDER], 'repositories_inv_owner_idx');
    table.index(['system', ...ORDER], 'repositories_inv_system_idx');
    table.index(['entity_ref', ...ORDER], 'repositories_inv_entity_idx');
    table.index(['catalog_present'], 'repositories_inv_present_idx');
    table.index(['problem_count'], 'repositories_inv_problems_idx');
    table.index(['target_id'], 'repositories_inv_target_idx');
    table.index(['org_id', 'path_lower'], 'repositories_inv_org_idx');
  });
  // Issue counts are sorted most first: descending, the rest ascending.
  for (const severity of ['critical', 'high']) {
    await knex.raw(
      `CREATE INDEX repositories_inv_${severity}_idx ON repositories (${severity}_count DESC, ${ORDER.join(
        ', ',
      )})`,
    );
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('repositories', table => {
    for (const name of [
      'owner',
      'system',
      'entity',
      'critical',
      'high',
      'present',
      'problems',
      'target',
      'org',
    ]) {
      table.dropIndex([], `repositories_inv_${name}_idx`);
    }
  });
  await knex.schema.alterTable('repositories', table => {
    table.dropColumns(
      'owner',
      'system',
      'entity_ref',
      'problem_count',
      'org_id',
      'target_id',
      'critical_count',
      'high_count',
      'medium_count',
      'low_count',
    );
  });
  await knex.schema.alterTable('snyk_targets', table => {
    table.dropColumns(
      'critical_count',
      'high_count',
      'medium_count',
      'low_count',
    );
  });
};
