#!/usr/bin/env node
// `npm run bench`: installs what is missing, builds, then runs the benchmarks.
const { execFileSync } = require('child_process');
const path = require('path');
const { ensureEtcd, ensureNodeModules, root } = require('./prerequisites');

ensureNodeModules();
ensureEtcd();
// GNU time measures both tools' peak memory the same way in the listing bench.
if (!require('fs').existsSync('/usr/bin/time')) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot) {
    console.log('Installing GNU time with apt-get...');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', 'time'], { stdio: 'inherit', env });
  } else {
    console.error('Missing: /usr/bin/time (GNU time), for peak memory. Debian/Ubuntu: sudo apt-get install time');
    process.exit(1);
  }
}
execFileSync(process.execPath, [path.join(__dirname, 'build.js')], { stdio: 'inherit' });
execFileSync(process.execPath, [path.join(root, 'out', 'bench', 'bench.js')], { stdio: 'inherit' });
