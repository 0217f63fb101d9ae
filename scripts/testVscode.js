#!/usr/bin/env node
// `npm run test:vscode` / `npm run test:electron`: installs what is missing, builds,
// then runs the suite inside a real VS Code (code-server + Chromium, or desktop) on the
// newest etcd release this machine has (scripts/etcdReleases.js), as npm test does.
const { execFileSync, spawnSync } = require('child_process');
const path = require('path');
const { ensureEtcd, ensureNodeModules, root } = require('./prerequisites');
const { buildAndPackage } = require('./packageVsix');
const { ensureReleases, pickRelease, releaseEnv } = require('./etcdReleases');

const electron = process.argv.includes('--electron');
ensureNodeModules();
ensureEtcd();
const newest = pickRelease(ensureReleases({ log: line => console.log(line) }).releases);
if (electron) {
  execFileSync(process.execPath, [path.join(__dirname, 'build.js')], { stdio: 'inherit' });
} else {
  buildAndPackage();
}
const runner = path.join(root, 'out', 'test', 'vscode', electron ? 'runElectronTests.js' : 'runCodeServerTests.js');
console.log(`The suite runs on etcd ${newest?.version ?? 'on PATH'}.`);
process.exitCode = spawnSync(process.execPath, [runner], { stdio: 'inherit', env: releaseEnv(newest) }).status ?? 1;
