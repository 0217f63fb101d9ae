#!/usr/bin/env node
// `npm run test:vscode` / `npm run test:electron`: installs what is missing, builds,
// then runs the suite inside a real VS Code (code-server + Chromium, or desktop).
const { execFileSync, spawnSync } = require('child_process');
const path = require('path');
const { ensureEtcd, ensureNodeModules, root } = require('./prerequisites');
const { buildAndPackage } = require('./packageVsix');

const electron = process.argv.includes('--electron');
ensureNodeModules();
ensureEtcd();
if (electron) {
  execFileSync(process.execPath, [path.join(__dirname, 'build.js')], { stdio: 'inherit' });
} else {
  buildAndPackage();
}
const runner = path.join(root, 'out', 'test', 'vscode', electron ? 'runElectronTests.js' : 'runCodeServerTests.js');
process.exitCode = spawnSync(process.execPath, [runner], { stdio: 'inherit' }).status ?? 1;
