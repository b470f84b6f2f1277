import { TestDatabaseId } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import path from 'node:path';
import { createTestDatabases } from '../__testUtils__/databases';
import { DatabaseSnykGitlabStore } from './DatabaseSnykGitlabStore';

const databases = createTestDatabases();
const dir = path.resolve(__dirname, '../../migrations');
const BEFORE = '20261202150000';
const MIGRATION = '20261203100000_group_profiles.js';

function repositoryRow(host: string, id: number) {
  return {
    host,
    project_id: id,
    path: `acme/p${id}`,
    path_lower: `acme/p${id}`,
    web_url: `https://${host}/acme/p${id}`,
    catalog_filename: 'catalog-info.yaml',
    catalog_fingerprint: 'f',
    catalog_present: false,
    catalog_attributes: '{}',
    catalog_problems: '[]',
    entity_refs: '[]',
    synced_at: '2026-11-24T00:00:00Z',
  };
}

function inventoryRow(id: string, host: string) {
  return {
    id,
    host,
    availability: 'available',
    repository_count: 1,
    checked_at: '2026-11-24T00:00:00Z',
    read_at: '2026-11-24T00:00:00Z',
  };
}

function assetRow(host: string) {
  return {
    host,
    path_lower: 'acme/p1',
    asset_id: `asset-${host}`,
    attributes: '{}',
  };
}

/** Runs the migrations up to and including `version`, from none. */
async function upTo(knex: Knex, version: string) {
  const current = () => knex.migrate.currentVersion({ directory: dir });
  while ((await current()) === 'none' || (await current()) < version) {
    await knex.migrate.up({ directory: dir });
  }
}

const hosts = async (knex: Knex, table: string) =>
  (await knex(table).select('host')).map(r => r.host).sort();

describe.each(databases.eachSupportedId())(
  'the group profiles migration on %s',
  databaseId => {
    let knex: Knex;
    let store: DatabaseSnykGitlabStore;

    beforeAll(async () => {
      knex = await databases.init(databaseId as TestDatabaseId);
      store = new DatabaseSnykGitlabStore(knex);
    });
    afterAll(async () => {
      await knex.migrate.latest({ directory: dir });
    });

    it('keeps the saved group as a profile, and goes back to the most recently updated one', async () => {
      await knex.migrate.latest({ directory: dir });
      await knex.migrate.rollback({ directory: dir }, true);
      await upTo(knex, BEFORE);
      // One group-level integration, as saved before profiles.
      await knex('group_integrations').insert({
        id: 'default',
        profile_name: 'Acme',
        host: 'gitlab.com',
        catalog: JSON.stringify({
          enabled: true,
          filename: 'catalog-info.yaml',
          attributes: { owner: ['spec.owner'] },
        }),
        status: 'connected',
        last_good_sync_at: '2026-11-24T00:00:00Z',
        updated_at: '2026-11-24T00:00:00Z',
        updated_by: 'user:default/a',
      });
      await knex('repositories').insert(repositoryRow('gitlab.com', 1));
      await knex('snyk_inventory').insert(
        inventoryRow('default', 'gitlab.com'),
      );
      await knex('snyk_assets').insert(assetRow('gitlab.com'));

      await knex.migrate.up({ directory: dir, name: MIGRATION });
      expect(await store.listGroupIntegrations()).toEqual([
        expect.objectContaining({
          id: 'gitlab.com',
          profileName: 'Acme',
          host: 'gitlab.com',
          status: 'connected',
          lastGoodSyncAt: '2026-11-24T00:00:00Z',
          catalog: expect.objectContaining({ enabled: true }),
        }),
      ]);
      expect(await store.getSnykInventory('gitlab.com')).toMatchObject({
        availability: 'available',
        repositoryCount: 1,
      });

      // A second profile, saved later, with its own inventory.
      await store.saveGroupIntegration({
        profileName: 'Self-managed',
        host: 'git.example.com',
        catalog: {
          enabled: false,
          filename: 'catalog-info.yaml',
          attributes: {},
        },
        status: 'partially_connected',
        updatedBy: 'user:default/b',
      });
      await knex('repositories').insert(repositoryRow('git.example.com', 1));
      await knex('snyk_inventory').insert(
        inventoryRow('second', 'git.example.com'),
      );
      await knex('snyk_assets').insert(assetRow('git.example.com'));
      // One profile per host: a second row for a host is refused. (SQLite's
      // errors may come from another realm: their message is checked.)
      const refused = await knex('group_integrations')
        .insert({
          id: 'duplicate',
          profile_name: 'Again',
          host: 'gitlab.com',
          catalog: '{}',
          status: 'connected',
          updated_at: '2026-11-24T00:00:00Z',
        })
        .then(
          () => undefined,
          error => error,
        );
      expect(String(refused?.message)).toMatch(/unique|duplicate key/i);

      await knex.migrate.down({ directory: dir, name: MIGRATION });
      expect(await knex('group_integrations').select('id', 'host')).toEqual([
        { id: 'default', host: 'git.example.com' },
      ]);
      expect(await knex('snyk_inventory').select('id', 'host')).toEqual([
        { id: 'default', host: 'git.example.com' },
      ]);
      for (const table of ['repositories', 'snyk_assets']) {
        expect(await hosts(knex, table)).toEqual(['git.example.com']);
      }
      // The schema before: a second host saves as a second row again.
      await knex('group_integrations').insert({
        id: 'other',
        profile_name: 'Other',
        host: 'git.example.com',
        catalog: '{}',
        status: 'connected',
        updated_at: '2026-11-25T00:00:00Z',
      });
      await knex('group_integrations').where({ id: 'other' }).delete();

      await knex.migrate.up({ directory: dir, name: MIGRATION });
      expect(await store.listGroupIntegrations()).toEqual([
        expect.objectContaining({
          id: 'git.example.com',
          profileName: 'Self-managed',
        }),
      ]);
    });

    it('goes down and up again without any profile', async () => {
      await knex.migrate.latest({ directory: dir });
      await knex('group_integrations').delete();
      await knex('snyk_assets').delete();
      await knex('snyk_inventory').delete();
      await knex.migrate.rollback({ directory: dir }, true);
      await upTo(knex, BEFORE);
      await knex.migrate.up({ directory: dir, name: MIGRATION });
      await knex.migrate.down({ directory: dir, name: MIGRATION });
      expect(await knex('group_integrations')).toEqual([]);
      await knex.migrate.latest({ directory: dir });
      expect(await store.listGroupIntegrations()).toEqual([]);
    });
  },
);
