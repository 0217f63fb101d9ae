#!/usr/bin/env node
// `npm run bench`: installs what is missing, builds, then runs the benchmarks.
const { execFileSync } = require('child_process');
const path = require('path');
const { ensureEtcd, ensureNodeModules, root } = require('./prerequisites');

ensureNodeModules();
ensureEtcd();
execFileSync(process.execPath, [path.join(__dirname, 'build.js')], { stdio: 'inherit' });
execFileSync(process.execPath, [path.join(root, 'out', 'bench', 'bench.js')], { stdio: 'inherit' });
