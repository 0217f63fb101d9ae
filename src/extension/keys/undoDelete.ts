import * as vscode from 'vscode';
import { applyImport, ImportResult, planImport } from '../../core/writes/bulkWrites';
import { readKeysFile } from '../../core/writes/keysFile';
import { plural } from '../../core/text/plural';
import type { Services } from '../services';
import type { Invocation } from '../commands/invocation';

/**
 * Puts back what a delete saved: from the notification's Undo, or one of the last ten
 * deletes picked in the palette. A key someone created again since is left as it is.
 */
export async function undoDelete(services: Services, _invocation: Invocation, given?: string): Promise<ImportResult | undefined> {
  const { recentDeletes } = services;
  services.writes.refuseIfReadOnly('restore deleted keys');
  const file =
    given ??
    (
      await vscode.window.showQuickPick(
        recentDeletes.all.map(d => ({ label: d.what, description: new Date(d.at).toLocaleString(), detail: d.recoveryFile, file: d.recoveryFile })),
        { title: 'ZTAP: Undo Delete (the last ten deletes)', placeHolder: recentDeletes.all.length ? 'Which delete to undo?' : 'Nothing deleted yet' },
      )
    )?.file;
  if (!file) {
    return undefined;
  }
  const keysFile = await readKeysFile(file);
  const etcd = services.connection.requireSession().client;
  const plan = await planImport(etcd, keysFile.keys);
  const result = await services.writes.run(
    `restore ${plural(keysFile.keys.length, 'deleted key')}`,
    client => applyImport(client, plan, { overwrite: false }),
    r => `restored from ${file}: ${r.created} created, ${r.skipped} skipped, ${r.failed.length} failed`,
  );
  if (!result) {
    return undefined;
  }
  if (result.failed.length === 0) {
    await recentDeletes.remove(file);
  }
  const skipped = result.skipped > 0 ? `; ${plural(result.skipped, 'key')} left as they are (they exist again)` : '';
  const failed = result.failed.length > 0 ? `; ${result.failed.length} failed: ${result.failed[0].reason}` : '';
  void vscode.window.showInformationMessage(`ZTAP: restored ${plural(result.created, 'key')}${skipped}${failed}.`);
  return result;
}
