#!/usr/bin/env node
// `npm test`: installs what is missing, builds (type-check + bundle), then runs the
// unit tests and the integration tests against real etcd processes. Ends with the
// line "N passed, N failed" and a non-zero exit status on any failure.
const { execFileSync } = require('child_process');
const { readdirSync } = require('fs');
const path = require('path');
const { ensureEtcd, ensureNodeModules, root } = require('./prerequisites');

const unitOnly = process.argv.includes('--unit');
ensureNodeModules();
if (!unitOnly) {
  ensureEtcd();
}
execFileSync(process.execPath, [path.join(__dirname, 'build.js')], { stdio: 'inherit' });

const Mocha = require('mocha');
const { mochaHooks } = require(path.join(root, 'out/test/support/rootHooks.js'));
const mocha = new Mocha({ timeout: 60_000, reporter: 'spec', rootHooks: mochaHooks });
for (const dir of unitOnly ? ['unit'] : ['unit', 'integration']) {
  const base = path.join(root, 'out', 'test', dir);
  for (const file of readdirSync(base, { recursive: true }).map(String).sort()) {
    if (file.endsWith('.test.js')) {
      mocha.addFile(path.join(base, file));
    }
  }
}
const runner = mocha.run(failures => {
  const { passes, failures: failed, pending } = runner.stats;
  console.log(`\n${passes} passed, ${failed} failed${pending ? `, ${pending} skipped` : ''}`);
  process.exitCode = failures > 0 ? 1 : 0;
});
