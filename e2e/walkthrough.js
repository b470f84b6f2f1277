// Walks Snyk's GitLab guide in a real browser against the demo portal and
// saves a screenshot of each step in .data/screenshots/ (E2E_NAME=x: in
// .data/screenshots-x/, results in .data/x-results.json).
//   node e2e/walkthrough.js [baseUrl]
const { AxeBuilder } = require('@axe-core/playwright');
const { runWalk } = require('./harness');

const BASE = process.argv[2] ?? 'http://localhost:3000';

/** Runs axe (WCAG 2 A and AA) on the given parts of the page; throws on any violation. */
async function checkAccessibility(page, selectors) {
  let axe = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']);
  for (const selector of selectors) axe = axe.include(selector);
  const { violations } = await axe.analyze();
  for (const violation of violations) {
    for (const node of violation.nodes) {
      console.log(`#   ${violation.id}: ${node.target.flat().join(' ')}`);
    }
  }
  if (violations.length) {
    throw new Error(
      `accessibility violations: ${violations.map(v => v.id).join(', ')}`,
    );
  }
}

runWalk(process.env.E2E_NAME ?? 'e2e', async ({ page, step }) => {
  const region = name => page.getByRole('region', { name });
  const snykCard = () => page.getByRole('table', { name: 'Snyk status' });
  // An entity page's tabs are links in its header's navigation.
  const entityTab = name =>
    page
      .getByRole('navigation', { name: 'Content navigation' })
      .getByRole('link', { name, exact: true });

  await step('sign in as guest', async () => {
    await page.goto(`${BASE}/catalog/default/component/checkout-api`);
    await page.getByRole('button', { name: 'Enter' }).click();
    await page.getByRole('heading', { name: 'Checkout API' }).first().waitFor();
  });

  await step('card says not connected', async () => {
    await snykCard().getByText('Not connected').waitFor();
    await snykCard().getByText('Not imported').waitFor();
  });

  await step('a component outside GitLab has no Snyk tab', async () => {
    await page.goto(`${BASE}/catalog/default/component/billing-legacy`);
    await page
      .getByRole('heading', { name: 'billing-legacy' })
      .first()
      .waitFor();
    if (await entityTab('Integrate with Snyk').count()) {
      throw new Error('billing-legacy shows the Snyk tab');
    }
    if (await page.getByText('GitLab repository security').count()) {
      throw new Error('billing-legacy shows the Snyk card');
    }
    await page.goto(`${BASE}/catalog/default/component/checkout-api`);
  });

  await step('open the Integrate with Snyk tab', async () => {
    await entityTab('Integrate with Snyk').click();
    await region('Group-level integration (Snyk Essentials)')
      .getByText('Not connected')
      .waitFor();
  });

  await step(
    'save the group-level integration: partially connected',
    async () => {
      const name = page.getByLabel('Profile name');
      await name.fill('Acme GitLab');
      // Optional in Snyk, so off until chosen.
      await page.getByLabel('Add Backstage Catalog').check();
      await page.getByRole('button', { name: 'Save integration' }).click();
      await region('Group-level integration (Snyk Essentials)')
        .getByText('Partially connected')
        .waitFor();
      await region('GitLab personal access token').getByText('Valid').waitFor();
    },
  );

  await step('run a sync: connected, catalog attributes read', async () => {
    await page.getByRole('button', { name: 'Run sync now' }).click();
    await region('Group-level integration (Snyk Essentials)')
      .getByText('Connected', { exact: true })
      .waitFor();
    const attributes = page.getByRole('table', {
      name: 'Portal preview: attributes Snyk will read',
    });
    await attributes.getByText('team-payments').waitFor();
    await attributes.getByText('payments', { exact: true }).waitFor();
    // Beside it, Snyk's own inventory (the demo's Snyk group has synced).
    await region("Snyk's inventory")
      .getByText("In Snyk's inventory", { exact: true })
      .waitFor();
  });

  await step('connect the org-level integration', async () => {
    await page.getByRole('button', { name: 'Connect Snyk org' }).click();
    await region('Organization-level integration')
      .getByText('Connected', { exact: true })
      .waitFor();
  });

  await step('import the repository: imported with projects', async () => {
    await page.getByRole('button', { name: 'Import this repository' }).click();
    await region('Snyk import')
      .getByText('Imported', { exact: true })
      .waitFor();
    await page
      .getByRole('table', { name: 'Snyk projects' })
      .getByText(/critical/)
      .first()
      .waitFor();
  });

  await step('card says connected and imported with issue counts', async () => {
    await entityTab('Overview').click();
    await snykCard().getByText('Connected', { exact: true }).waitFor();
    await snykCard().getByText('Imported', { exact: true }).waitFor();
    await snykCard()
      .getByText(/\d+ critical/)
      .waitFor();
  });

  // These change nothing, so a failure does not stop the walk.
  await step('the Snyk card passes axe', async () => {
    await snykCard()
      .getByText(/\d+ critical/)
      .waitFor();
    await checkAccessibility(page, ['.snyk-gitlab-card']);
  }).catch(() => {});

  await step('the Integrate with Snyk tab passes axe', async () => {
    await entityTab('Integrate with Snyk').click();
    await page
      .getByRole('table', { name: 'Snyk projects' })
      .getByText(/critical/)
      .first()
      .waitFor();
    await checkAccessibility(page, ['[data-testid="snyk-gitlab-content"]']);
  }).catch(() => {});

  await step('the ledger shows its catalog file problems', async () => {
    await page.goto(`${BASE}/catalog/default/component/ledger/snyk-gitlab`);
    const problems = page.getByRole('list', {
      name: 'Catalog file problems',
    });
    await problems.getByText('category: missing spec.type').waitFor();
    await page
      .getByRole('table', {
        name: 'Portal preview: attributes Snyk will read',
      })
      .getByText('team-finance')
      .waitFor();
  });
});
