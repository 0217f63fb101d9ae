import Mocha from 'mocha';
import { readdirSync } from 'fs';
import { join } from 'path';

/**
 * Entry point VS Code calls inside the extension host (extensionTestsPath), in
 * code-server and in desktop VS Code alike. Rejects when any test fails.
 */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  // ZTAP_SUITE=history,leases runs only the files whose names contain one of them (while working on them).
  const only = (process.env.ZTAP_SUITE ?? '').split(',');
  for (const file of readdirSync(__dirname)
    .filter(f => f.endsWith('.test.js') && only.some(part => f.includes(part)))
    .sort()) {
    mocha.addFile(join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    const failedTitles: string[] = [];
    const runner = mocha.run(failures => {
      const { passes, failures: failed } = runner.stats ?? { passes: 0, failures };
      // Repeated at the end of `npm test`, which picks these lines out of the log.
      for (const line of failedTitles) {
        console.log(`test:vscode failed: ${line}`);
      }
      console.log(`vscode suite: ${passes} passed, ${failed} failed`);
      if (failures > 0) {
        reject(new Error(`${failures} test(s) failed inside VS Code`));
      } else {
        resolve();
      }
    });
    runner.on('fail', (test, err: unknown) => {
      failedTitles.push(`${test.fullTitle()}: ${String((err as Error)?.message ?? err).split('\n')[0]}`);
    });
  });
}
