import * as vscode from 'vscode';
import { LocalEtcdMissing } from '../localEtcdService';
import type { Services } from '../services';

/** Starts the local etcd (with progress) and connects the view to it. */
export async function startLocalEtcd({ localEtcd }: Services): Promise<string | undefined> {
  try {
    const local = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'ZTAP: starting local etcd…' }, () =>
      localEtcd.start(),
    );
    void vscode.window.showInformationMessage(`ZTAP: local etcd is running at ${local.clientUrl}; its data is kept between sessions.`);
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
