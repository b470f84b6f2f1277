import {
  startStandIns,
  StandIns,
  testWorld,
} from '@snyk-gitlab/stand-ins';
import { createServices } from '../__testUtils__/services';
import { checkToken } from './checkToken';
import knexFactory, { Knex } from 'knex';

describe('checkToken', () => {
  let standIns: StandIns;
  let knex: Knex;
  let services: Awaited<ReturnType<typeof createServices>>;

  beforeEach(async () => {
    standIns = await startStandIns({ world: testWorld() });
    standIns.world.gitlab.tokens[0].expiresAt = '2099-03-10';
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    services = await createServices(knex, standIns);
  });
  afterEach(async () => {
    await knex.destroy();
    await standIns.close();
  });

  const check = (at: string) =>
    checkToken(services.gitlab, services.host, new Date(at));

  it('treats the expiry date itself as expired: GitLab expires at 00:00 UTC', async () => {
    expect(await check('2099-03-10T00:00:00Z')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('the token expired on 2099-03-10'),
    });
    expect(await check('2099-03-09T23:00:00Z')).toMatchObject({
      ok: true,
      expiryWarning:
        'the token expires on 2099-03-10 at 00:00 UTC, in less than a day',
    });
    expect(await check('2099-03-07T12:00:00Z')).toMatchObject({
      ok: true,
      expiryWarning: 'the token expires on 2099-03-10 at 00:00 UTC, in 2 days',
    });
  });

  it('asks only what the calls need, per level, and reports the guide as advice', async () => {
    standIns.world.gitlab.tokens[0].scopes = ['read_api'];
    expect(await check('2026-12-01T00:00:00Z')).toMatchObject({
      ok: true,
      missingScopes: [],
      missingOrgScopes: ['api'],
      missingRecommended: ['api', 'read_repository'],
    });
    standIns.world.gitlab.tokens[0].scopes = ['api'];
    expect(await check('2026-12-01T00:00:00Z')).toMatchObject({
      ok: true,
      missingScopes: [],
      missingOrgScopes: [],
      missingRecommended: ['read_api', 'read_repository'],
    });
  });
});
