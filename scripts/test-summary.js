// One plain closing line for ./run test: Jest's totals (its --json output)
// plus the browser walkthrough's steps (e2e/walkthrough.js).
//   node scripts/test-summary.js <jest-results.json> <e2e-results.json>
const fs = require('node:fs');

const [jestFile, e2eFile] = process.argv.slice(2);
const read = file =>
  fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;

const jest = read(jestFile);
const e2e = read(e2eFile);
const passed = (jest?.numPassedTests ?? 0) + (e2e?.passed ?? 0);
// A missing result file counts as a failure of that phase.
const failed =
  (jest ? jest.numFailedTests + (jest.numRuntimeErrorTestSuites ?? 0) : 1) +
  (e2e ? e2e.failed : 1);
const skipped = jest ? jest.numPendingTests + jest.numTodoTests : 0;
console.log(`total: ${passed} passed, ${failed} failed, ${skipped} skipped`);
