// The packages the install test packs, and a check of what got installed.
//   node scripts/install-test/packages.js names
//   node scripts/install-test/packages.js check <appDir>
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');

/** Publishable packages: name, folder, and which app package installs it. */
const PACKAGES = [
  { dir: 'plugins/snyk-gitlab-common' },
  { dir: 'plugins/snyk-gitlab', installIn: 'app' },
  { dir: 'plugins/snyk-gitlab-backend', installIn: 'backend' },
  { dir: 'plugins/catalog-backend-module-snyk-gitlab', installIn: 'backend' },
  {
    dir: 'plugins/permission-backend-module-snyk-gitlab',
    installIn: 'backend',
  },
].map(p => ({
  ...p,
  name: require(path.join(ROOT, p.dir, 'package.json')).name,
  tarball: `${path.basename(p.dir)}.tgz`,
}));

/** Fails when an installed package still points into this monorepo. */
function check(appDir) {
  const problems = [];
  for (const { name } of PACKAGES) {
    const file = path.join(appDir, 'node_modules', name, 'package.json');
    if (!fs.existsSync(file)) {
      problems.push(`${name}: not installed`);
      continue;
    }
    const text = fs.readFileSync(file, 'utf8');
    const pkg = JSON.parse(text);
    if (text.includes('workspace:')) problems.push(`${name}: workspace: range`);
    if (String(pkg.main).startsWith('src/') || !pkg.main) {
      problems.push(`${name}: main is ${pkg.main}, not built output`);
    }
    if (!fs.existsSync(path.join(path.dirname(file), pkg.main))) {
      problems.push(`${name}: ${pkg.main} missing`);
    }
  }
  if (problems.length) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  console.log(
    `installed from tarballs: ${PACKAGES.map(p => p.name).join(', ')}`,
  );
}

if (require.main === module) {
  const [command, dir] = process.argv.slice(2);
  if (command === 'names') {
    for (const p of PACKAGES) console.log(`${p.name} ${p.tarball}`);
  } else if (command === 'check') {
    check(dir);
  } else {
    console.error('usage: packages.js names | check <appDir>');
    process.exit(2);
  }
}

module.exports = { PACKAGES };
