// One plain closing line for ./run test: Jest's totals (its --json output)
// plus the steps of each browser walk (e2e/walkthrough.js: the demo portal,
// then the app made by create-app in scripts/install-test.sh).
//   node scripts/test-summary.js <jest-results.json> <walk-results.json>...
const fs = require('node:fs');

const [jestFile, ...walkFiles] = process.argv.slice(2);
const read = file =>
  fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;

const jest = read(jestFile);
const walks = walkFiles.map(read);
// A missing result file counts as a failure of that phase.
const passed =
  (jest?.numPassedTests ?? 0) +
  walks.reduce((sum, walk) => sum + (walk?.passed ?? 0), 0);
const failed =
  (jest ? jest.numFailedTests + (jest.numRuntimeErrorTestSuites ?? 0) : 1) +
  walks.reduce((sum, walk) => sum + (walk ? walk.failed : 1), 0);
const skipped = jest ? jest.numPendingTests + jest.numTodoTests : 0;
console.log(`total: ${passed} passed, ${failed} failed, ${skipped} skipped`);
