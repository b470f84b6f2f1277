import { mockServices } from '@backstage/backend-test-utils';
import {
  CANARY_SNYK_TOKEN,
  ORG_ID,
  StandIns,
  startStandIns,
  testWorld,
} from '@snyk-gitlab/stand-ins';
import { fastRetry } from '../__testUtils__/retry';
import { SnykClient } from './SnykClient';

const EMPTY_TARGET = 'b7e2a0c4-5d1f-4e3a-9b8c-7d6e5f4a3b21';

describe('SnykClient: a target whose import made zero projects', () => {
  let standIns: StandIns;
  const client = () =>
    new SnykClient(
      standIns.snykUrl,
      CANARY_SNYK_TOKEN,
      '2024-10-15',
      mockServices.logger.mock(),
      fastRetry().retry,
    );

  beforeEach(async () => {
    standIns = await startStandIns({ world: testWorld() });
    standIns.world.snyk.orgs[0].targets = [
      {
        id: EMPTY_TARGET,
        displayName: 'acme/team/web',
        url: `${standIns.gitlabUrl}/acme/team/web`,
        integrationType: 'gitlab',
        projects: [],
      },
    ];
  });
  afterEach(() => standIns.close());

  it('is listed, with no projects, because the client sends exclude_empty=false', async () => {
    const expected = {
      orgId: ORG_ID,
      targetId: EMPTY_TARGET,
      displayName: 'acme/team/web',
      projects: [],
      issueCounts: { critical: 0, high: 0, medium: 0, low: 0 },
    };
    await expect(client().listGitlabTargets(ORG_ID)).resolves.toEqual([
      expect.objectContaining(expected),
    ]);
    await expect(
      client().listGitlabTargets(ORG_ID, { displayName: 'acme/team/web' }),
    ).resolves.toEqual([expect.objectContaining(expected)]);
    const targetCalls = standIns.faults.requests.filter(r =>
      r.path.endsWith('/targets'),
    );
    expect(targetCalls).toHaveLength(2);
    for (const call of targetCalls) {
      expect(new URLSearchParams(call.query).get('exclude_empty')).toBe(
        'false',
      );
    }
  });
});
