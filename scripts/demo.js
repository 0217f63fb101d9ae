#!/usr/bin/env node
// `npm run demo [-- --smoke]`: installs what is missing (npm packages; etcd, and for
// code-server Chromium and a tool chain, with apt-get when root), builds, runs the demo.
const { execFileSync, spawnSync } = require('child_process');
const path = require('path');
const { ensureEtcd, ensureNodeModules, root } = require('./prerequisites');

ensureNodeModules();
ensureEtcd();
execFileSync(process.execPath, [path.join(__dirname, 'build.js')], { stdio: 'inherit' });
const result = spawnSync(process.execPath, [path.join(root, 'out', 'scripts', 'demo.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exitCode = result.status ?? 1;
