import { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, within } from '@testing-library/react';
import { snykGitlabApiRef } from '../api/SnykGitlabApi';
import {
  entity,
  fakeApi,
  group,
  org,
  repository,
  target,
  token,
} from '../__testUtils__/fixtures';
import { fakePlatformApi } from '../__testUtils__/platform';
import { entitySnykGitlabCard, entitySnykGitlabContent } from './entity';
import snykGitlabPlugin from '.';

const outsideGitlab: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'billing-legacy', annotations: {} },
  spec: { type: 'service', owner: 'team-billing', lifecycle: 'production' },
};

describe('the card and tab extensions', () => {
  it('both take their filter from isGitlabSourced; the card sits beside About', () => {
    const card = createExtensionTester(entitySnykGitlabCard);
    expect(card.get(EntityCardBlueprint.dataRefs.type)).toBe('info');
    const cardFilter = card.get(EntityCardBlueprint.dataRefs.filterFunction);
    const tabFilter = createExtensionTester(entitySnykGitlabContent).get(
      EntityContentBlueprint.dataRefs.filterFunction,
    );
    for (const filter of [cardFilter, tabFilter]) {
      expect(filter?.(entity)).toBe(true);
      expect(filter?.(outsideGitlab)).toBe(false);
      expect(
        filter?.({
          ...outsideGitlab,
          metadata: {
            name: 'by-id',
            annotations: { 'gitlab.com/project-id': '42' },
          },
        }),
      ).toBe(true);
    }
  });

  it('mounts the tab at snyk-gitlab, not the community plugin’s snyk', () => {
    const tester = createExtensionTester(entitySnykGitlabContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('snyk-gitlab');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Integrate with Snyk',
    );
  });

  it('are installed by the plugin with the client and the page', () => {
    const ids = [
      'api:snyk-gitlab',
      'entity-card:snyk-gitlab',
      'entity-content:snyk-gitlab',
      'page:snyk-gitlab',
    ] as const;
    for (const id of ids) {
      expect(snykGitlabPlugin.getExtension(id)).toBeDefined();
    }
  });
});

// The catalog loads each card lazily: the first render of an entity page takes seconds.
jest.setTimeout(60_000);
const slow = { timeout: 30_000 };
// The entity page's tabs are links in its header's navigation.
const entityTabs = () =>
  screen.getByRole('navigation', { name: 'Content navigation' });
const entityTab = (name: string) =>
  within(entityTabs()).getByRole('link', { name });

describe('the plugin in an app with the catalog', () => {
  const renderEntityPage = (name: string) => {
    const { api, calls } = fakeApi({ group, org, token, repository, target });
    const rendered = renderTestApp({
      features: [catalogPlugin, snykGitlabPlugin],
      apis: [
        [snykGitlabApiRef, api],
        [catalogApiRef, catalogApiMock({ entities: [entity, outsideGitlab] })],
        mockApis.permission(),
      ],
      initialRouteEntries: [`/catalog/default/component/${name}`],
    });
    return { rendered, calls };
  };

  it('shows the card and the tab for a GitLab-sourced component', async () => {
    const { calls } = renderEntityPage('checkout-api');
    const card = await screen.findByRole(
      'table',
      { name: 'Snyk status' },
      slow,
    );
    expect(within(card).getByText('Connected')).toBeInTheDocument();
    expect(within(card).getByText('1 critical')).toBeInTheDocument();
    // The card's link leads to the tab.
    expect(
      within(card.closest('.snyk-gitlab-card') as HTMLElement)
        .getByText('Integrate with Snyk')
        .closest('a'),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout-api/snyk-gitlab',
    );
    const tab = entityTab('Integrate with Snyk');
    expect(tab).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout-api/snyk-gitlab',
    );
    expect(calls).toContainEqual([
      'getEntityStatus',
      { entityRef: 'component:default/checkout-api' },
    ]);
  });

  it('shows neither for a component outside GitLab', async () => {
    const { calls } = renderEntityPage('billing-legacy');
    // The catalog's own cards for a component, loaded after the page.
    await screen.findByText('Has subcomponents', undefined, slow);
    expect(entityTab('Overview')).toBeInTheDocument();
    expect(
      within(entityTabs()).queryByRole('link', { name: 'Integrate with Snyk' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByText('GitLab repository security'),
    ).not.toBeInTheDocument();
    expect(calls).toEqual([]);
  });

  it('opens the tab at /snyk-gitlab', async () => {
    const { api } = fakeApi({ group, org, token, repository, target });
    renderTestApp({
      features: [catalogPlugin, snykGitlabPlugin],
      apis: [
        [snykGitlabApiRef, api],
        [catalogApiRef, catalogApiMock({ entities: [entity] })],
        mockApis.permission(),
      ],
      initialRouteEntries: [
        '/catalog/default/component/checkout-api/snyk-gitlab',
      ],
    });
    expect(
      await screen.findByTestId('snyk-gitlab-content', undefined, slow),
    ).toBeInTheDocument();
  });
});

describe('the platform page', () => {
  it('is at /snyk-gitlab, with a Snyk item in the sidebar', async () => {
    const { api } = fakePlatformApi();
    renderTestApp({
      features: [snykGitlabPlugin],
      apis: [[snykGitlabApiRef, api], mockApis.permission()],
      initialRouteEntries: ['/snyk-gitlab?tab=org-settings'],
    });
    expect(
      await screen.findByRole(
        'tab',
        { name: 'Org settings', selected: true },
        slow,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Snyk for GitLab' }),
    ).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'sidebar nav' });
    expect(within(nav).getByRole('link', { name: 'Snyk' })).toHaveAttribute(
      'href',
      '/snyk-gitlab',
    );
  });
});
