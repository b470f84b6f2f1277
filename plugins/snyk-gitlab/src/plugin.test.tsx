import { Entity } from '@backstage/catalog-model';
import {
  EntityLayout,
  EntitySwitch,
  catalogPlugin,
} from '@backstage/plugin-catalog';
import {
  EntityProvider,
  MockStarredEntitiesApi,
  catalogApiRef,
  entityRouteRef,
  starredEntitiesApiRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  TestApiProvider,
  mockApis,
  renderInTestApp,
} from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { snykGitlabApiRef } from './api/SnykGitlabApi';
import { SnykGitlabClient } from './api/SnykGitlabClient';
import {
  entity,
  fakeApi,
  group,
  org,
  repository,
  target,
  token,
} from './__testUtils__/fixtures';
import {
  EntitySnykGitlabCard,
  EntitySnykGitlabContent,
  isGitlabSourced,
  snykGitlabPlugin,
} from '.';

const outsideGitlab: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'billing-legacy' },
  spec: { type: 'service', owner: 'team-billing', lifecycle: 'production' },
};

/** An entity page of a legacy app, wired as the README says. */
const legacyEntityPage = (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Overview">
      <EntitySwitch>
        <EntitySwitch.Case if={isGitlabSourced}>
          <EntitySnykGitlabCard tabPath="snyk-gitlab" />
        </EntitySwitch.Case>
      </EntitySwitch>
    </EntityLayout.Route>
    <EntityLayout.Route
      path="/snyk-gitlab"
      title="Integrate with Snyk"
      if={isGitlabSourced}
    >
      <EntitySnykGitlabContent />
    </EntityLayout.Route>
  </EntityLayout>
);

function renderLegacyPage(shown: Entity, path = '/') {
  const { api, calls } = fakeApi({ group, org, token, repository, target });
  const rendered = renderInTestApp(
    <TestApiProvider
      apis={[
        [snykGitlabApiRef, api],
        [catalogApiRef, catalogApiMock({ entities: [shown] })],
        [starredEntitiesApiRef, new MockStarredEntitiesApi()],
        [
          permissionApiRef,
          mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
        ],
      ]}
    >
      <EntityProvider entity={shown}>{legacyEntityPage}</EntityProvider>
    </TestApiProvider>,
    {
      routeEntries: [path],
      mountedRoutes: {
        '/catalog': catalogPlugin.routes.catalogIndex,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
  return { rendered, calls };
}

// The first render of an entity page loads its lazy parts: it takes seconds.
jest.setTimeout(60_000);
const slow = { timeout: 30_000 };

describe('the legacy frontend system exports', () => {
  it('provide the client as the plugin API', () => {
    const factory = [...snykGitlabPlugin.getApis()].find(
      f => f.api.id === snykGitlabApiRef.id,
    );
    const client = factory?.factory({
      discoveryApi: mockApis.discovery(),
      fetchApi: { fetch: jest.fn() },
    });
    expect(client).toBeInstanceOf(SnykGitlabClient);
  });

  it('show the card and the tab for a GitLab-sourced component', async () => {
    const { calls } = renderLegacyPage(entity);
    const card = await screen.findByRole(
      'table',
      { name: 'Snyk status' },
      slow,
    );
    expect(within(card).getByText('Connected')).toBeInTheDocument();
    expect(within(card).getByText('Imported')).toBeInTheDocument();
    expect(
      screen.getByRole('tab', { name: 'Integrate with Snyk' }),
    ).toBeInTheDocument();
    expect(calls).toEqual([
      ['getEntityStatus', { entityRef: 'component:default/checkout-api' }],
    ]);
  });

  it('render the guide on the tab', async () => {
    await renderLegacyPage(entity, '/snyk-gitlab');
    expect(
      await screen.findByTestId('snyk-gitlab-content', undefined, slow),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'Snyk status' })).toBeNull();
  });

  it('show neither for a component outside GitLab', async () => {
    const { calls } = renderLegacyPage(outsideGitlab);
    expect(
      await screen.findByRole('tab', { name: 'Overview' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('tab', { name: 'Integrate with Snyk' }),
    ).not.toBeInTheDocument();
    expect(screen.queryByText('GitLab repository security')).toBeNull();
    expect(calls).toEqual([]);
  });
});
