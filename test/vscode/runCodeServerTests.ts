import { execFileSync } from 'child_process';
import { cpSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { format } from 'util';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../scripts/lib/browser';
import { ensureCodeServer } from '../../scripts/lib/codeServerInstall';
import { CodeServer } from '../../scripts/lib/codeServerProcess';
import { FIXTURE_ENV } from './fixtureEnv';
import { startFixture, VsCodeFixture } from './fixtures';
import { RESULTS_DIR, runUiChecks, UiResult } from './uiChecks';
import { runVsixChecks } from './vsixCheck';
import { runDashboardChecks } from './dashboardChecks';

/** The whole run may take this long; then everything is stopped and the run fails. */
const HARD_TIMEOUT_MS = 12 * 60_000;
const SUITE_TIMEOUT_MS = 8 * 60_000;
const REPO = join(__dirname, '..', '..', '..');

/**
 * `npm run test:vscode`: the extension's suite inside a real VS Code (code-server's
 * Node extension host, opened in headless Chromium), then UI checks in the same
 * workbench. Stops code-server, the browser and every etcd on success, failure,
 * signal or timeout.
 */
async function main(): Promise<number> {
  ensureCodeServer();
  const stateDir = mkdtempSync(join(tmpdir(), 'ztap-code-server-'));
  let fixture: VsCodeFixture | undefined;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  const cleanup = async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await fixture?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  };
  const hard = setTimeout(() => {
    console.error(`test:vscode: no result after ${HARD_TIMEOUT_MS / 60_000} minutes; stopping everything.`);
    void cleanup().finally(() => process.exit(1));
  }, HARD_TIMEOUT_MS);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void cleanup().finally(() => process.exit(130)));
  }
  try {
    fixture = await startFixture();
    server = await CodeServer.start({ stateDir, env: fixture.env });
    browser = await launchChromium();
    const suite = await runSuite(browser, server, fixture.workspaces.suite);
    const endpoints = fixture.env[FIXTURE_ENV.cluster].split(',');
    const ui: UiResult[] = [];
    // ZTAP_SUITE (some suite files, while working on them) skips the browser checks too;
    // ZTAP_SUITE=none runs the browser checks alone.
    if (!process.env.ZTAP_SUITE || process.env.ZTAP_SUITE === 'none') {
      ui.push(...(await runUiChecks(browser, server, fixture.workspaces, endpoints)));
      ui.push(...(await runVsixChecks(browser, fixture.workspaces.ui, endpoints, RESULTS_DIR)));
      // Last: it stops a member and ends node-1's campaign.
      ui.push(...(await runDashboardChecks(browser, server, fixture, RESULTS_DIR)));
    }
    await browser.close();
    browser = undefined;
    await server.stop();
    server = undefined;
    ui.push(leakCheck(stateDir));
    console.log('\nUI checks in the browser:');
    for (const r of ui) {
      console.log(`  ${r.ok ? '✔' : '✖'} ${r.name}${r.error ? `: ${r.error}` : ''}`);
    }
    for (const r of ui.filter(r => !r.ok)) {
      console.log(`test:vscode failed: ${r.name}: ${String(r.error).split('\n')[0]}`);
    }
    const passed = suite.passed + ui.filter(r => r.ok).length;
    const failed = suite.failed + ui.filter(r => !r.ok).length;
    if (failed > 0) {
      // The extension host's and the extension's own logs, for the post-mortem.
      cpSync(join(stateDir, 'user-data', 'logs'), join(RESULTS_DIR, 'vscode-logs'), { recursive: true });
    }
    console.log(`\ntest:vscode: ${passed} passed, ${failed} failed (screenshots${failed ? ' and logs' : ''} in test-results/)`);
    return suite.exitCode === 0 && failed === 0 ? 0 : 1;
  } finally {
    clearTimeout(hard);
    await cleanup();
  }
}

/** Nothing the workbench started (a local etcd in its storage, say) may outlive code-server. */
function leakCheck(stateDir: string): UiResult {
  const leftovers = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter(line => line.includes(stateDir) && !line.includes(' ps '));
  return leftovers.length === 0
    ? { name: 'no process started by VS Code outlives it', ok: true }
    : { name: 'no process started by VS Code outlives it', ok: false, error: leftovers.join('; ') };
}

interface SuiteResult {
  exitCode: number;
  passed: number;
  failed: number;
}

async function runSuite(browser: Browser, server: CodeServer, workspace: string): Promise<SuiteResult> {
  const context = await browser.newContext();
  let passed = 0;
  let failed = 0;
  const exit = new Promise<number>(resolve => {
    void context.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
  });
  await context.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
    // The extension host forwards console calls with their format strings (mocha's "%s) %s").
    const line = format(...(Array.isArray(args) ? args : [args]));
    const summary = /vscode suite: (\d+) passed, (\d+) failed/.exec(line);
    if (summary) {
      passed = Number(summary[1]);
      failed = Number(summary[2]);
    }
    console.log(line.replace(/%c/g, ''));
  });
  const page = await context.newPage();
  await page.goto(server.workbenchUrl(workspace, { extensionPath: REPO, testsPath: join(REPO, 'out', 'test', 'vscode', 'suite', 'index.js') }));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<number>(resolve => {
    timer = setTimeout(() => {
      console.error(`The suite did not finish within ${SUITE_TIMEOUT_MS / 60_000} minutes (did the extension host pick up the tests?).`);
      resolve(-1);
    }, SUITE_TIMEOUT_MS);
  });
  const exitCode = await Promise.race([exit, timeout]);
  clearTimeout(timer);
  await context.close();
  if (exitCode !== 0 && failed === 0) {
    failed = 1;
  }
  return { exitCode, passed, failed };
}

main().then(
  code => process.exit(code),
  err => {
    console.error(`test:vscode failed: ${(err as Error).stack ?? err}`);
    process.exit(1);
  },
);
