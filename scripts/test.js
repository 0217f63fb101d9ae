#!/usr/bin/env node
// `npm test`: installs what is missing, lints (ESLint, Prettier), builds (type-check +
// bundle; packaging the VSIX does it), runs the unit
// and integration tests against real etcd processes, then the suite inside a real
// VS Code (code-server + headless Chromium). Ends with "N passed, N failed" and a
// non-zero exit status on any failure.
//   --unit   unit tests only        --core   unit + integration, no VS Code
const { execFileSync, spawn } = require('child_process');
const { readdirSync } = require('fs');
const path = require('path');
const { ensureEtcd, ensureNodeModules, root } = require('./prerequisites');
const { buildAndPackage } = require('./packageVsix');

const unitOnly = process.argv.includes('--unit');
const coreOnly = unitOnly || process.argv.includes('--core');

async function main() {
  ensureNodeModules();
  if (!unitOnly) {
    ensureEtcd();
  }
  if (coreOnly) {
    execFileSync(process.execPath, [path.join(__dirname, 'build.js')], { stdio: 'inherit' });
  } else {
    buildAndPackage();
  }
  const lint = runLint();
  const core = await runMocha(unitOnly ? ['unit'] : ['unit', 'integration']);
  const vscode = coreOnly ? { passed: 0, failed: 0 } : await runVscodeSuite();
  const passed = lint.passed + core.passed + vscode.passed;
  const failed = lint.failed + core.failed + vscode.failed;
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

/** `npm run lint`: counted as one check; a failure prints the findings and the tests still run. */
function runLint() {
  try {
    execFileSync('npm', ['run', '--silent', 'lint'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    console.log('lint and format (eslint, prettier --check): clean');
    return { passed: 1, failed: 0 };
  } catch (err) {
    console.log(`lint and format (eslint, prettier --check): FAILED\n${err.stdout ?? ''}${err.stderr ?? ''}(npm run format fixes formatting)`);
    return { passed: 0, failed: 1 };
  }
}

function runMocha(dirs) {
  const Mocha = require('mocha');
  const { mochaHooks } = require(path.join(root, 'out/test/support/rootHooks.js'));
  const mocha = new Mocha({ timeout: 60_000, reporter: 'spec', rootHooks: mochaHooks });
  for (const dir of dirs) {
    const base = path.join(root, 'out', 'test', dir);
    for (const file of readdirSync(base, { recursive: true }).map(String).sort()) {
      if (file.endsWith('.test.js')) {
        mocha.addFile(path.join(base, file));
      }
    }
  }
  return new Promise(resolve => {
    const runner = mocha.run(() => resolve({ passed: runner.stats.passes, failed: runner.stats.failures }));
  });
}

/** The VS Code suite in its own process; its last line carries its counts. */
function runVscodeSuite() {
  console.log('\nThe extension inside a real VS Code (code-server + headless Chromium):');
  return new Promise(resolve => {
    const child = spawn(process.execPath, [path.join(root, 'out', 'test', 'vscode', 'runCodeServerTests.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', chunk => {
      process.stdout.write(chunk);
      output += chunk.toString();
    });
    child.on('close', code => {
      const m = /test:vscode: (\d+) passed, (\d+) failed/.exec(output);
      const result = m ? { passed: Number(m[1]), failed: Number(m[2]) } : { passed: 0, failed: 1 };
      resolve(code === 0 ? result : { ...result, failed: Math.max(result.failed, 1) });
    });
  });
}

main().catch(err => {
  console.error(err.message);
  process.exitCode = 1;
});
