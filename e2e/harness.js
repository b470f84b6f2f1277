// What every browser walk shares: Debian's Chromium, numbered steps with a
// screenshot each, and a results file the test summary reads.
//   runWalk('e2e', async ({ page, step }) => { await step('…', async () => {…}); })
// Screenshots go to .data/screenshots-<name>/ (.data/screenshots/ for 'e2e'),
// the totals to .data/<name>-results.json.
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const DATA = path.resolve(__dirname, '../.data');
const TIMEOUT = 60_000;

async function runWalk(
  name,
  walk,
  { viewport = { width: 1400, height: 2200 } } = {},
) {
  const shots = path.join(
    DATA,
    name === 'e2e' ? 'screenshots' : `screenshots-${name}`,
  );
  let passed = 0;
  let failed = 0;
  const report = () => {
    fs.writeFileSync(
      path.join(DATA, `${name}-results.json`),
      JSON.stringify({ passed, failed }),
    );
    console.log(`${name}: ${passed} passed, ${failed} failed`);
  };

  try {
    fs.mkdirSync(shots, { recursive: true });
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
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);

    const step = async (title, fn) => {
      try {
        await fn();
        passed += 1;
        console.log(`ok - ${title}`);
      } catch (error) {
        failed += 1;
        console.log(`not ok - ${title}: ${error.message.split('\n')[0]}`);
        throw error;
      } finally {
        const number = String(passed + failed).padStart(2, '0');
        const file = `${number}-${title.replace(/\W+/g, '-')}.png`;
        await page
          .screenshot({ path: path.join(shots, file), fullPage: true })
          .catch(() => {});
      }
    };

    try {
      await walk({ page, step, timeout: TIMEOUT });
    } catch {
      // Reported by the step; the summary line and exit code tell the rest.
    } finally {
      await browser.close();
    }
  } catch (error) {
    console.error(error);
    failed += 1;
  }
  report();
  process.exit(failed ? 1 : 0);
}

module.exports = { runWalk };
