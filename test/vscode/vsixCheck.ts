import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { Browser } from 'playwright-core';
import { CodeServer } from '../../scripts/lib/codeServerProcess';
import { expandUntil, openZtapView, treeRow as row, treeRowWith as rowWith } from '../../scripts/lib/workbenchPage';
import { checkRunner, UiResult } from './checkRunner';

/** Where `npm test` / `npm run test:vscode` packaged the extension (scripts/packageVsix.js). */
export const VSIX = join(__dirname, '..', '..', 'ztap-etcd-explorer.vsix');

/**
 * The extension as users get it: the VSIX installed with `--install-extension` into a
 * fresh code-server (own user data and extensions folder), no extensionDevelopmentPath,
 * the ZTAP view opened on a folder pointing at the cluster; then the CLI the VSIX carries.
 */
export async function runVsixChecks(browser: Browser, folder: string, endpoints: string[], resultsDir: string): Promise<UiResult[]> {
  const results: UiResult[] = [];
  const state = mkdtempSync(join(tmpdir(), 'ztap-vsix-'));
  let server: CodeServer | undefined;
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const run = checkRunner(results, resultsDir);
  const check = (name: string, body: () => Promise<void>) => run(name, page, body);
  let installed = '';
  try {
    await check('the VSIX installs with --install-extension into a fresh code-server', async () => {
      if (!existsSync(VSIX)) {
        throw new Error(`${VSIX} is missing: run npm test or npm run test:vscode, which package it`);
      }
      const output = CodeServer.installExtension(state, VSIX);
      if (!/successfully installed/i.test(output)) {
        throw new Error(`code-server said: ${output.trim()}`);
      }
      const dirs = readdirSync(join(state, 'extensions')).filter(d => d.startsWith('ztap.ztap-etcd-explorer-'));
      if (dirs.length !== 1) {
        throw new Error(`extensions folder holds ${JSON.stringify(readdirSync(join(state, 'extensions')))}`);
      }
      installed = join(state, 'extensions', dirs[0]);
    });
    await check('installed from the VSIX, the ZTAP view shows the members, the raft leader and the ZTAP leader', async () => {
      server = await CodeServer.start({ stateDir: state });
      await openZtapView(page, server.workbenchUrl(folder));
      await row(page, 'Members').waitFor({ timeout: 60_000 });
      await expandUntil(page, 'Members', 'n1');
      for (const name of ['n2', 'n3']) {
        await row(page, name).waitFor({ timeout: 20_000 });
      }
      await rowWith(page, 'raft leader').waitFor({ timeout: 5000 });
      await expandUntil(page, 'Leader', '2. node-2');
      await rowWith(page, 'node-1').waitFor({ timeout: 5000 });
      await page.screenshot({ path: join(resultsDir, 'vsix-installed.png') });
    });
    await check("the VSIX's dist/cli.js runs: members and leader from the same cluster", () => {
      if (!installed) {
        throw new Error('not installed');
      }
      const cli = (...args: string[]) =>
        execFileSync(process.execPath, [join(installed, 'dist', 'cli.js'), ...args, '--endpoints', endpoints.join(',')], { encoding: 'utf8', timeout: 30_000 });
      const members = cli('members');
      for (const name of ['n1', 'n2', 'n3']) {
        if (!members.includes(name)) {
          throw new Error(`members printed: ${members}`);
        }
      }
      const leader = cli('leader');
      if (!leader.includes('node-1')) {
        throw new Error(`leader printed: ${leader}`);
      }
      return Promise.resolve();
    });
  } finally {
    await context.close();
    await server?.stop();
    rmSync(state, { recursive: true, force: true });
  }
  return results;
}
