// Adds our packed plugins to an app made by @backstage/create-app, the way
// the README's "Install into your Backstage" section tells a user to:
//   node scripts/install-test/configure.js <appDir> <packsDir>
const fs = require('node:fs');
const path = require('node:path');
const { PACKAGES } = require('./packages');

const ROOT = path.resolve(__dirname, '../..');
const [appDir, packsDir] = process.argv.slice(2).map(p => path.resolve(p));

function editJson(file, edit) {
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  edit(json);
  fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
}

const tarball = p => `file:${path.join(packsDir, p.tarball)}`;

// Offline, create-app cannot fetch its yarn.lock seed, so its ranges float to
// the newest releases: plugin-signals-backend 0.3.21 needs backend-defaults
// 0.19 while the template pins ^0.18. Hold such packages at the template's own
// version, as the seed would. Not ours: an app with the seed needs none of it.
const HELD = ['@backstage/plugin-signals-backend'];
const backendPackage = JSON.parse(
  fs.readFileSync(path.join(appDir, 'packages/backend/package.json'), 'utf8'),
);

// Not on a registry: every reference to our packages resolves to its tarball.
editJson(path.join(appDir, 'package.json'), pkg => {
  pkg.resolutions = { ...pkg.resolutions };
  for (const p of PACKAGES) pkg.resolutions[p.name] = tarball(p);
  for (const name of HELD) {
    const range = backendPackage.dependencies[name];
    if (range) pkg.resolutions[name] = range.replace(/^\^/, '');
  }
});
for (const workspace of ['app', 'backend']) {
  editJson(path.join(appDir, 'packages', workspace, 'package.json'), pkg => {
    for (const p of PACKAGES.filter(x => x.installIn === workspace)) {
      pkg.dependencies[p.name] = tarball(p);
    }
  });
}

// The backend: the plugin, the catalog module and, instead of create-app's
// allow-all policy, our permission policy module.
const backendIndex = path.join(appDir, 'packages/backend/src/index.ts');
const allowAll =
  /backend\.add\(\s*import\('@backstage\/plugin-permission-backend-module-allow-all-policy'\),?\s*\);\n/;
const original = fs.readFileSync(backendIndex, 'utf8');
if (!allowAll.test(original)) {
  throw new Error(`${backendIndex} does not add the allow-all policy`);
}
const source = original.replace(allowAll, '');
const lines = PACKAGES.filter(p => p.installIn === 'backend')
  .map(p => `backend.add(import('${p.name}'));`)
  .join('\n');
if (!source.includes('backend.start();')) {
  throw new Error(`${backendIndex} has no backend.start()`);
}
fs.writeFileSync(
  backendIndex,
  source.replace('backend.start();', `${lines}\n\nbackend.start();`),
);

// The frontend: create-app's app discovers installed plugins (app.packages: all),
// so the dependency is all it needs. Config: the demo's GitLab hosts and
// snykGitlab section, against the stand-ins, and the demo's catalog.
const demoConfig = fs.readFileSync(path.join(ROOT, 'app-config.yaml'), 'utf8');
const local = `
app:
  baseUrl: http://localhost:7007
backend:
  cors:
    origin: http://localhost:7007
catalog:
  processingInterval: { seconds: 30 }
  rules:
    - allow: [Component, System, API, Resource, Location, User, Group]
  locations:
    - type: file
      target: ${path.join(ROOT, 'examples/entities.yaml')}
    - type: file
      target: ${path.join(ROOT, 'examples/org.yaml')}
${section(demoConfig, 'integrations')}
${section(demoConfig, 'snykGitlab')}
`;
fs.writeFileSync(path.join(appDir, 'app-config.local.yaml'), local);

/** One top-level section of a YAML file, as written. */
function section(text, key) {
  const lines = text.split('\n');
  const start = lines.indexOf(`${key}:`);
  if (start < 0) throw new Error(`app-config.yaml has no ${key} section`);
  const end = lines.findIndex((line, i) => i > start && /^\S/.test(line));
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}
