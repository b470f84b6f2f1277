// Walks Snyk's GitLab guide in a real browser against the demo portal and
// saves a screenshot of each step in .data/screenshots/.
//   node e2e/walkthrough.js [baseUrl]
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { AxeBuilder } = require('@axe-core/playwright');

const BASE = process.argv[2] ?? 'http://localhost:3000';
const SHOTS = path.resolve(__dirname, '../.data/screenshots');
const TIMEOUT = 60_000;

let passed = 0;
let failed = 0;

async function step(name, page, fn) {
  try {
    await fn();
    passed += 1;
    console.log(`ok - ${name}`);
  } catch (error) {
    failed += 1;
    console.log(`not ok - ${name}: ${error.message.split('\n')[0]}`);
    throw error;
  } finally {
    const file = `${String(passed + failed).padStart(2, '0')}-${name.replace(
      /\W+/g,
      '-',
    )}.png`;
    await page
      .screenshot({ path: path.join(SHOTS, file), fullPage: true })
      .catch(() => {});
  }
}

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

async function main() {
  fs.mkdirSync(SHOTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // A context of its own: axe-core's Playwright binding needs one.
  const context = await browser.newContext({
    viewport: { width: 1400, height: 2200 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const region = name => page.getByRole('region', { name });
  const snykCard = () => page.getByRole('table', { name: 'Snyk status' });

  try {
    await step('sign in as guest', page, async () => {
      await page.goto(`${BASE}/catalog/default/component/checkout-api`);
      await page.getByRole('button', { name: 'Enter' }).click();
      await page
        .getByRole('heading', { name: 'Checkout API' })
        .first()
        .waitFor();
    });

    await step('card says not connected', page, async () => {
      await snykCard().getByText('Not connected').waitFor();
      await snykCard().getByText('Not imported').waitFor();
    });

    await step('a component outside GitLab has no Snyk tab', page, async () => {
      await page.goto(`${BASE}/catalog/default/component/billing-legacy`);
      await page
        .getByRole('heading', { name: 'billing-legacy' })
        .first()
        .waitFor();
      if (
        await page.getByRole('tab', { name: 'Integrate with Snyk' }).count()
      ) {
        throw new Error('billing-legacy shows the Snyk tab');
      }
      if (await page.getByText('GitLab repository security').count()) {
        throw new Error('billing-legacy shows the Snyk card');
      }
      await page.goto(`${BASE}/catalog/default/component/checkout-api`);
    });

    await step('open the Integrate with Snyk tab', page, async () => {
      await page.getByRole('tab', { name: 'Integrate with Snyk' }).click();
      await region('Group-level integration (Snyk Essentials)')
        .getByText('Not connected')
        .waitFor();
    });

    await step(
      'save the group-level integration: partially connected',
      page,
      async () => {
        const name = page.getByLabel('Profile name');
        await name.fill('Acme GitLab');
        // Optional in Snyk, so off until chosen.
        await page.getByLabel('Add Backstage Catalog').check();
        await page.getByRole('button', { name: 'Save integration' }).click();
        await region('Group-level integration (Snyk Essentials)')
          .getByText('Partially connected')
          .waitFor();
        await region('GitLab personal access token')
          .getByText('Valid')
          .waitFor();
      },
    );

    await step(
      'run a sync: connected, catalog attributes read',
      page,
      async () => {
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
      },
    );

    await step('connect the org-level integration', page, async () => {
      await page.getByRole('button', { name: 'Connect Snyk org' }).click();
      await region('Organization-level integration')
        .getByText('Connected', { exact: true })
        .waitFor();
    });

    await step(
      'import the repository: imported with projects',
      page,
      async () => {
        await page
          .getByRole('button', { name: 'Import this repository' })
          .click();
        await region('Snyk import')
          .getByText('Imported', { exact: true })
          .waitFor();
        await page
          .getByRole('table', { name: 'Snyk projects' })
          .getByText(/critical/)
          .first()
          .waitFor();
      },
    );

    await step(
      'card says connected and imported with issue counts',
      page,
      async () => {
        await page.getByRole('tab', { name: 'Overview' }).click();
        await snykCard().getByText('Connected', { exact: true }).waitFor();
        await snykCard().getByText('Imported', { exact: true }).waitFor();
        await snykCard()
          .getByText(/\d+ critical/)
          .waitFor();
      },
    );

    // These change nothing, so a failure does not stop the walk.
    await step('the Snyk card passes axe', page, async () => {
      await snykCard()
        .getByText(/\d+ critical/)
        .waitFor();
      await checkAccessibility(page, ['.snyk-gitlab-card']);
    }).catch(() => {});

    await step('the Integrate with Snyk tab passes axe', page, async () => {
      await page.getByRole('tab', { name: 'Integrate with Snyk' }).click();
      await page
        .getByRole('table', { name: 'Snyk projects' })
        .getByText(/critical/)
        .first()
        .waitFor();
      await checkAccessibility(page, ['[data-testid="snyk-gitlab-content"]']);
    }).catch(() => {});

    await step('the ledger shows its catalog file problems', page, async () => {
      await page.goto(`${BASE}/catalog/default/component/ledger/snyk`);
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
  } catch {
    // Reported above; the summary line and exit code tell the rest.
  } finally {
    await browser.close();
  }
  report();
  process.exit(failed ? 1 : 0);
}

/** Prints the totals and keeps them for ./run test's closing line. */
function report() {
  fs.writeFileSync(
    path.join(SHOTS, '..', 'e2e-results.json'),
    JSON.stringify({ passed, failed }),
  );
  console.log(`e2e: ${passed} passed, ${failed} failed`);
}

main().catch(error => {
  console.error(error);
  failed += 1;
  report();
  process.exit(1);
});
