import * as vscode from 'vscode';
import { DataFromOtherRelease, LocalEtcd } from '../../core/local/localEtcd';
import { LocalEtcdMissing } from './localEtcdService';
import type { Services } from '../services';

/**
 * Starts the local etcd (with progress) and connects the view to it. Data kept from
 * another minor release is never opened silently: it asks, and sets the old data aside
 * (kept, never deleted) only when the user chooses fresh data.
 */
export async function startLocalEtcd({ localEtcd, dialogs, log }: Services): Promise<string | undefined> {
  const start = () =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'ZTAP: starting local etcd…' }, () => localEtcd.start());
  try {
    let local: LocalEtcd;
    try {
      local = await start();
    } catch (err) {
      if (!(err instanceof DataFromOtherRelease)) {
        throw err;
      }
      const fresh = await dialogs.confirm(
        `The local etcd's data was written by ${err.writtenBy ? `etcd ${err.writtenBy}` : 'an etcd release that was not recorded'}; this is etcd ${err.running}.`,
        `Another minor release may refuse that data or upgrade it one way. Start with fresh data? The old data is moved aside in ${localEtcd.storageDir}, not deleted. ` +
          `To open it instead, set ztap.localEtcd.path to etcd ${err.writtenBy ?? 'of the release that wrote it'}.`,
        'Start with Fresh Data',
      );
      if (!fresh) {
        return undefined;
      }
      const aside = LocalEtcd.setDataAside(localEtcd.storageDir);
      log.info(`[local etcd] data of etcd ${err.writtenBy ?? '(unrecorded release)'} moved aside to ${aside}`);
      local = await start();
    }
    const release = localEtcd.release?.version;
    void vscode.window.showInformationMessage(
      `ZTAP: local etcd${release ? ` ${release}` : ''} is running at ${local.clientUrl}; its data is kept between sessions.`,
    );
    return local.clientUrl;
  } catch (err) {
    if (err instanceof LocalEtcdMissing) {
      // Not awaited: the command finishes while the message waits for the user.
      void vscode.window.showErrorMessage(`ZTAP: ${err.message}`, 'Set Path to etcd').then(choice => {
        if (choice) {
          void vscode.commands.executeCommand('workbench.action.openSettings', 'ztap.localEtcd.path');
        }
      });
      return undefined;
    }
    throw err;
  }
}
