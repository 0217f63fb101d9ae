import * as vscode from 'vscode';
import type { WriteConflict } from '../../core/writes/guardedWrites';

export type RestoreChoice = 'restore anyway' | 'refresh' | undefined;

/** What Restore asks when the key changed after its history was read. */
export async function askAboutRestoreConflict(key: string, conflict: WriteConflict): Promise<RestoreChoice> {
  const now = conflict.current ? `etcd now has mod revision ${conflict.current.modRevision}` : 'it has been deleted';
  const choice = await vscode.window.showWarningMessage(
    `ZTAP: ${key} changed after its history was read; ${now}. Nothing was written.`,
    {
      modal: true,
      detail: 'Restore Anyway writes the old version over the current one (still only if nothing changes meanwhile); Show History Again reads it anew.',
    },
    'Restore Anyway',
    'Show History Again',
  );
  return choice === 'Restore Anyway' ? 'restore anyway' : choice === 'Show History Again' ? 'refresh' : undefined;
}
