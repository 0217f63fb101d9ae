import * as vscode from 'vscode';

/** Opens the settings UI filtered to the connection settings. */
export async function configureConnection(_services?: unknown): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.openSettings', 'ztap.etcd');
}
