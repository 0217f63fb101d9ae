#!/usr/bin/env node
// `npm run demo [-- --smoke] [-- --etcd 3.4]`: installs what is missing (npm packages; etcd,
// and for code-server Chromium and a tool chain, with apt-get when root), finds or builds
// the etcd releases (scripts/etcdReleases.js), builds, runs the demo on the newest release
// or the line given with --etcd.
const { execFileSync, spawnSync } = require('child_process');
const path = require('path');
const { ensureEtcd, ensureNodeModules, root } = require('./prerequisites');
const { ensureReleases, pickRelease, releaseEnv } = require('./etcdReleases');

const args = process.argv.slice(2);
const at = args.indexOf('--etcd');
const line = at >= 0 ? args.splice(at, 2)[1] : undefined;
ensureNodeModules();
ensureEtcd();
const { releases, skipped } = ensureReleases({ log: l => console.log(l) });
const release = pickRelease(releases, line);
if (!release) {
  console.error(`No etcd ${line ?? ''} release here. This machine has: ${releases.map(r => r.version).join(', ') || 'none'}.`);
  for (const s of skipped) {
    console.error(`  etcd ${s.version}: ${s.reason}`);
  }
  process.exit(2);
}
console.log(`The demo runs etcd ${release.version} (${release.dir}); --etcd 3.4 (or another line) chooses another.`);
execFileSync(process.execPath, [path.join(__dirname, 'build.js')], { stdio: 'inherit' });
const result = spawnSync(process.execPath, [path.join(root, 'out', 'scripts', 'demo.js'), ...args], {
  stdio: 'inherit',
  env: releaseEnv(release),
});
process.exitCode = result.status ?? 1;
