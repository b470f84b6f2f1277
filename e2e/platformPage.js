// Walks the platform engineer's page (/snyk-gitlab) in a real browser against
// the demo portal; screenshots in .data/screenshots-e2e-platform/.
// It expects e2e/walkthrough.js to have run first on the same portal: the
// "Acme GitLab" profile saved and synced, checkout-api imported, and the
// demo's second profile ("Acme self-managed", a revoked token) failing.
//   node e2e/platformPage.js [baseUrl]
const { runWalk } = require('./harness');

const BASE = process.argv[2] ?? 'http://localhost:3000';
const NOT_IMPORTED = [
  'acme/payments/ledger',
  'acme/platform/web-portal',
  'acme/platform/infra-scripts',
];

/** The row of a table that holds the given text. */
function rowWith(table, text) {
  return table.getByRole('row').filter({ hasText: text });
}

runWalk(
  'e2e-platform',
  async ({ page, step, timeout }) => {
    const region = name => page.getByRole('region', { name });
    const tab = name => page.getByRole('tab', { name, exact: true });

    await step('sign in and open the page', async () => {
      await page.goto(`${BASE}/snyk-gitlab`);
      const enter = page.getByRole('button', { name: 'Enter' });
      const heading = page.getByRole('heading', { name: 'Snyk for GitLab' });
      await enter.or(heading).first().waitFor();
      if (await enter.isVisible()) await enter.click();
      await heading.first().waitFor();
      await tab('Overview').waitFor();
    });

    await step(
      'overview: two profiles, one failing, 1/2 connected',
      async () => {
        const profiles = page.getByRole('table', { name: 'GitLab profiles' });
        await rowWith(profiles, 'Acme GitLab')
          .getByText('Connected', { exact: true })
          .waitFor();
        await rowWith(profiles, 'Acme self-managed')
          .getByText('Connection failed', { exact: true })
          .waitFor();
        await page.getByText('1/2 profiles connected').waitFor();
        const orgs = page.getByRole('table', { name: 'Snyk organizations' });
        await rowWith(orgs, 'Acme Payments')
          .getByText('Connected', { exact: true })
          .waitFor();
        await page.getByRole('table', { name: 'GitLab tokens' }).waitFor();
      },
    );

    await step('inventory filtered to Not imported', async () => {
      await tab('Inventory').click();
      const inventory = region('Repository inventory');
      await inventory.getByText('acme/payments/checkout-api').waitFor();
      await page
        .getByRole('button', { name: 'Not imported', exact: true })
        .click();
      await page
        .getByRole('button', { name: 'Not imported', pressed: true })
        .waitFor();
      await inventory.getByText('3 repositories match').waitFor();
      for (const repository of NOT_IMPORTED) {
        // A repository is a link to GitLab, whose text also says it opens a new window.
        await inventory.getByRole('link', { name: repository }).waitFor();
      }
      if (
        await inventory
          .getByRole('link', { name: 'acme/payments/checkout-api' })
          .count()
      ) {
        throw new Error('checkout-api is imported but listed');
      }
    });

    await step('select three repositories and import them', async () => {
      for (const repository of NOT_IMPORTED) {
        await page
          .getByRole('checkbox', { name: `Select ${repository}`, exact: true })
          .check();
      }
      await page.getByRole('button', { name: 'Import selected (3)' }).click();
      await region('Bulk import progress').getByRole('status').waitFor();
    });

    await step('progress reaches imported for all three', async () => {
      const progress = region('Bulk import progress');
      await progress
        .getByRole('status')
        .filter({ hasText: '3 imported, 0 failed, 0 importing, 0 queued' })
        .waitFor({ timeout: 3 * timeout });
      const items = progress.getByRole('table', {
        name: 'Bulk import repositories',
      });
      for (const repository of NOT_IMPORTED) {
        await rowWith(items, repository)
          .getByText('Imported', { exact: true })
          .waitFor();
      }
      // Settled, the inventory is read again: nothing is left not imported.
      await region('Repository inventory')
        .getByText('No repository matches these filters.')
        .waitFor();
    });

    await step(
      'org settings changed, saved, and shown again after a reload',
      async () => {
        await tab('Org settings').click();
        const settings = () =>
          region('GitLab integration settings of Acme Payments');
        const limit = () =>
          settings().getByRole('spinbutton', {
            name: 'Most upgrade merge requests open at once',
          });
        await settings()
          .getByRole('checkbox', { name: 'Test merge requests with Snyk' })
          .waitFor();
        // A value other than the current one, so the walk can run again.
        await settings()
          .getByRole('checkbox', {
            name: 'Open merge requests to upgrade dependencies',
          })
          .check();
        const next = (await limit().inputValue()) === '3' ? '4' : '3';
        await limit().fill(next);
        await settings()
          .getByRole('checkbox', { name: 'Test merge requests with Snyk' })
          .check();
        await settings()
          .getByRole('radio', {
            name: 'Fail when the repository has any issues',
          })
          .check();
        await settings().getByRole('button', { name: 'Save settings' }).click();
        await settings()
          .getByRole('status')
          .filter({ hasText: 'Saved in Snyk.' })
          .waitFor();

        await page.reload();
        await tab('Org settings').waitFor();
        await settings()
          .getByRole('checkbox', { name: 'Test merge requests with Snyk' })
          .waitFor();
        const shown = await limit().inputValue();
        if (shown !== next) {
          throw new Error(
            `the limit shows ${shown} after a reload, not ${next}`,
          );
        }
        const checks = [
          settings().getByRole('checkbox', {
            name: 'Open merge requests to upgrade dependencies',
          }),
          settings().getByRole('radio', {
            name: 'Fail when the repository has any issues',
          }),
        ];
        for (const check of checks) {
          if (!(await check.isChecked())) {
            throw new Error('a saved setting is not shown after a reload');
          }
        }
        await region('Universal Broker connections of Acme Payments')
          .getByText('acme-gitlab-internal')
          .waitFor();
      },
    );
  },
  { viewport: { width: 1600, height: 2200 } },
);
