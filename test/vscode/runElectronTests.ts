import { runTests } from '@vscode/test-electron';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { startFixture, VsCodeFixture } from './fixtures';

const REPO = join(__dirname, '..', '..', '..');

/**
 * `npm run test:electron`: the same suite in desktop VS Code through
 * @vscode/test-electron. It downloads VS Code unless VSCODE_EXECUTABLE names an
 * installed one; machines without that download use `npm run test:vscode`.
 */
async function main(): Promise<number> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'ztap-electron-'));
  let fixture: VsCodeFixture | undefined;
  const cleanup = async () => {
    await fixture?.stop();
    rmSync(userDataDir, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void cleanup().finally(() => process.exit(130)));
  }
  try {
    fixture = await startFixture();
    await runTests({
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
      extensionDevelopmentPath: REPO,
      extensionTestsPath: join(REPO, 'out', 'test', 'vscode', 'suite', 'index.js'),
      extensionTestsEnv: fixture.env,
      launchArgs: [fixture.workspaces.suite, '--disable-extensions', '--disable-workspace-trust', `--user-data-dir=${userDataDir}`],
    });
    return 0;
  } catch (err) {
    console.error(`test:electron failed: ${(err as Error).message}`);
    return 1;
  } finally {
    await cleanup();
  }
}

main().then(
  code => process.exit(code),
  (err: Error) => {
    console.error(err.stack ?? err.message);
    process.exit(1);
  },
);
