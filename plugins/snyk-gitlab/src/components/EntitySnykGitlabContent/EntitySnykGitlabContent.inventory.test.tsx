import { screen, within } from '@testing-library/react';
import {
  EntityStatus,
  SnykInventoryState,
  SnykRepositoryAsset,
} from '@snyk-gitlab/plugin-snyk-gitlab-common';
import { renderForEntity } from '../../__testUtils__/render';
import {
  fakeApi,
  group,
  org,
  repository,
  token,
} from '../../__testUtils__/fixtures';
import { EntitySnykGitlabContent } from './EntitySnykGitlabContent';

const read: SnykInventoryState = {
  availability: 'available',
  host: 'gitlab.com',
  groupId: 'group-1',
  repositoryCount: 3,
  checkedAt: '2026-11-25T08:00:00Z',
  readAt: '2026-11-25T08:00:00Z',
};

const asset: SnykRepositoryAsset = {
  assetId: 'asset-1',
  name: 'acme/payments/checkout-api',
  browseUrl: 'https://gitlab.com/acme/payments/checkout-api',
  updatedAt: '2026-11-24T09:30:00Z',
  repositoryFreshness: 'Active',
  attributes: { category: 'library', owner: 'team-payments' },
};

function status(
  inventory: SnykInventoryState | undefined,
  snykAsset?: SnykRepositoryAsset,
): EntityStatus {
  return {
    group: {
      ...group,
      statusSource:
        inventory?.availability === 'available'
          ? 'snyk_inventory'
          : 'portal_sync',
      portalSyncStatus: 'connected',
      snykInventory: inventory,
    },
    org,
    token,
    repository,
    snykAsset,
  };
}

const side = (name: string) => screen.getByRole('region', { name });
const groupFacts = () =>
  within(
    screen.getByRole('region', {
      name: 'Group-level integration (Snyk Essentials)',
    }),
  ).getByRole('table', { name: 'Group-level integration' });
const fact = (label: string) =>
  within(groupFacts()).getByRole('row', { name: new RegExp(`^${label}`) });

describe("EntitySnykGitlabContent: the portal's preview beside Snyk's inventory", () => {
  it('shows both, labelled, when Snyk has the repository', async () => {
    const { api } = fakeApi(status(read, asset));
    await renderForEntity(<EntitySnykGitlabContent />, api);

    const preview = await screen.findByRole('region', {
      name: 'Portal preview: what Snyk will read from your catalog file',
    });
    expect(
      within(preview).getByRole('table', {
        name: 'Portal preview: attributes Snyk will read',
      }),
    ).toHaveTextContent('service');

    const snyk = side("Snyk's inventory");
    expect(within(snyk).getByText("In Snyk's inventory")).toBeInTheDocument();
    const facts = within(snyk).getByRole('table', {
      name: "This repository in Snyk's inventory",
    });
    expect(
      within(facts).getByRole('row', {
        name: /^Updated at \(Snyk's updated_at\)/,
      }),
    ).toHaveTextContent(new Date(asset.updatedAt!).toLocaleString());
    expect(
      within(facts).getByRole('row', { name: /^Repository freshness/ }),
    ).toHaveTextContent('Active: commits in the last 3 months');
    expect(
      within(facts).getByRole('link', { name: asset.name }),
    ).toHaveAttribute('href', asset.browseUrl);

    const attributes = within(snyk).getByRole('table', {
      name: "Attributes in Snyk's inventory",
    });
    const rows = within(attributes)
      .getAllByRole('row')
      .map(r => r.textContent);
    expect(rows).toEqual([
      'AttributeValue in Snyk',
      'Categorylibrarydiffers from the portal preview',
      'Ownerteam-payments',
    ]);
    // Snyk's API has no "last seen": nothing claims one.
    expect(screen.queryByText(/last seen/i)).not.toBeInTheDocument();

    expect(fact('Status from')).toHaveTextContent("Snyk's inventory");
    expect(fact("Snyk's inventory")).toHaveTextContent(
      '3 repositories from gitlab.com',
    );
    expect(fact("Portal's own sync")).toHaveTextContent(
      "Done: the portal's preview is current",
    );
  });

  it("says when Snyk's inventory does not have the repository yet", async () => {
    const { api } = fakeApi(status({ ...read, repositoryCount: 0 }));
    await renderForEntity(<EntitySnykGitlabContent />, api);
    const snyk = await screen.findByRole('region', {
      name: "Snyk's inventory",
    });
    expect(
      within(snyk).getByText("Not in Snyk's inventory"),
    ).toBeInTheDocument();
    expect(
      within(snyk).getByText(/has no repository asset for acme\/payments/),
    ).toBeInTheDocument();
  });

  it.each([
    ['forbidden', /Snyk answered 403/],
    ['not_found', /Snyk answered 404/],
    ['not_configured', /snykGitlab\.snyk\.groupId/],
  ] as const)(
    "says Snyk's view is unavailable when it is %s, and where the status comes from",
    async (availability, words) => {
      const { api } = fakeApi(
        status({
          availability,
          host: 'gitlab.com',
          checkedAt: '2026-11-25T08:00:00Z',
          reason:
            availability === 'not_configured'
              ? 'No Snyk group id is configured (snykGitlab.snyk.groupId)'
              : undefined,
        }),
      );
      await renderForEntity(<EntitySnykGitlabContent />, api);
      const snyk = await screen.findByRole('region', {
        name: "Snyk's inventory",
      });
      expect(
        within(snyk).getByText("Snyk's view unavailable"),
      ).toBeInTheDocument();
      expect(within(snyk).getByText(words)).toBeInTheDocument();
      expect(within(snyk).queryByRole('table')).not.toBeInTheDocument();
      // The preview is still there, and the status is the portal's.
      expect(
        screen.getByRole('table', {
          name: 'Portal preview: attributes Snyk will read',
        }),
      ).toBeInTheDocument();
      expect(fact('Status from')).toHaveTextContent("The portal's own sync");
    },
  );

  it('keeps the last good read visible when the latest read failed', async () => {
    const { api } = fakeApi(
      status(
        {
          ...read,
          availability: 'failed',
          reason: 'Snyk POST /rest/groups/x/assets/search failed with 503',
          checkedAt: '2026-11-25T09:00:00Z',
        },
        asset,
      ),
    );
    await renderForEntity(<EntitySnykGitlabContent />, api);
    const snyk = await screen.findByRole('region', {
      name: "Snyk's inventory",
    });
    expect(within(snyk).getByText("In Snyk's inventory")).toBeInTheDocument();
    expect(
      within(snyk).getByText(/The latest read failed/),
    ).toBeInTheDocument();
  });
});
