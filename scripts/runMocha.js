#!/usr/bin/env node
// One mocha run over compiled test folders, in a process of its own so that each etcd
// release gets a fresh module cache and its own PATH (the tests find etcd, etcdctl and
// etcdutl there):  node scripts/runMocha.js unit integration [--grep TEXT]
// With ZTAP_ETCD_RELEASE set, every top-level suite's title starts with "etcd <version>".
// Each failure is repeated as a "mocha failed: <title>: <message>" line, and the last
// line is "mocha: N passed, N failed", for scripts/test.js to sum up.
const { readdirSync } = require('fs');
const path = require('path');
const Mocha = require('mocha');

const root = path.join(__dirname, '..');
const args = process.argv.slice(2);
const grepAt = args.indexOf('--grep');
const grep = grepAt >= 0 ? args.splice(grepAt, 2)[1] : undefined;
// --only-files a,b / --skip-files a,b: test files by name (without .test.js), for the
// tests that wait on the wall clock, which scripts/test.js runs beside the others.
const filesOption = name => {
  const at = args.indexOf(name);
  return at >= 0 ? args.splice(at, 2)[1].split(',') : undefined;
};
const onlyFiles = filesOption('--only-files');
const skipFiles = filesOption('--skip-files');
const wanted = file => {
  const name = path.basename(file, '.test.js');
  return (!onlyFiles || onlyFiles.includes(name)) && !(skipFiles ?? []).includes(name);
};

const { mochaHooks } = require(path.join(root, 'out/test/support/rootHooks.js'));
const mocha = new Mocha({ timeout: 60_000, reporter: 'spec', rootHooks: mochaHooks, grep });
const release = process.env.ZTAP_ETCD_RELEASE;
if (release) {
  mocha.suite.on('suite', suite => {
    if (suite.parent?.root) {
      suite.title = `etcd ${release}: ${suite.title}`;
    }
  });
}
for (const dir of args) {
  const base = path.join(root, 'out', 'test', dir);
  for (const file of readdirSync(base, { recursive: true }).map(String).sort()) {
    if (file.endsWith('.test.js') && wanted(file)) {
      mocha.addFile(path.join(base, file));
    }
  }
}
const failures = [];
const runner = mocha.run(() => {
  for (const line of failures) {
    console.log(`mocha failed: ${line}`);
  }
  console.log(`mocha: ${runner.stats.passes} passed, ${runner.stats.failures} failed`);
  process.exitCode = runner.stats.failures > 0 ? 1 : 0;
  // A test that left a handle open must not hold the run (the counts are out).
  setTimeout(() => process.exit(), 2000).unref();
});
runner.on('fail', (test, err) => {
  const message = String(err?.message ?? err)
    .split('\n')[0]
    .slice(0, 300);
  failures.push(`${test.fullTitle()}: ${message}`);
});
