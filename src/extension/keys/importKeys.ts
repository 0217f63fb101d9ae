import * as vscode from 'vscode';
import { applyImport, ImportResult, planImport } from '../../core/writes/bulkWrites';
import { readKeysFile } from '../../core/writes/keysFile';
import { plural } from '../../core/text/plural';
import type { Services } from '../services';
import type { Invocation } from '../commands/invocation';

export interface ImportArgs {
  path: string;
  overwrite: boolean;
}

/**
 * Import Keys from JSON...: says what it will create, change and leave alone before
 * writing anything; existing keys stay unless the user picks Overwrite; transactions
 * of at most 64 keys; the result counts created, updated, skipped and failed.
 */
export async function importKeys(services: Services, _invocation: Invocation, given?: ImportArgs): Promise<ImportResult | undefined> {
  services.writes.refuseIfReadOnly('import keys');
  const path =
    given?.path ??
    (await vscode.window.showOpenDialog({ title: 'ZTAP: Import Keys from JSON', filters: { JSON: ['json'] }, canSelectMany: false }))?.[0]?.fsPath;
  if (!path) {
    return undefined;
  }
  const file = await readKeysFile(path);
  const etcd = services.connection.requireSession().client;
  const plan = await planImport(etcd, file.keys);
  let overwrite = given?.overwrite;
  if (overwrite === undefined) {
    const createOnly = `Create ${plan.create.length} New`;
    const all = `Create and Overwrite ${plan.update.length}`;
    const choice = await vscode.window.showWarningMessage(
      `ZTAP: import ${plural(file.keys.length, 'key')} from ${path}?`,
      {
        modal: true,
        detail: `${plan.create.length} to create, ${plan.update.length} existing with another value, ${plan.same.length} already the same. Existing keys are left as they are unless you overwrite them.`,
      },
      ...(plan.update.length > 0 ? [createOnly, all] : [createOnly]),
    );
    if (!choice) {
      return undefined;
    }
    overwrite = choice === all;
  }
  const result = await services.writes.run(
    `import ${plural(file.keys.length, 'key')}`,
    client => applyImport(client, plan, { overwrite: overwrite }),
    r => `imported ${path}: ${r.created} created, ${r.updated} updated, ${r.skipped} skipped, ${r.failed.length} failed`,
  );
  if (result) {
    const failed = result.failed.length > 0 ? `, ${result.failed.length} failed (${result.failed[0].key}: ${result.failed[0].reason})` : '';
    void vscode.window.showInformationMessage(`ZTAP: imported: ${result.created} created, ${result.updated} updated, ${result.skipped} skipped${failed}.`);
  }
  return result;
}
