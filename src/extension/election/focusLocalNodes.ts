import * as vscode from 'vscode';

/** From the status bar: show the Cluster view, where Local Nodes live. */
export async function focusLocalNodes(_services?: unknown): Promise<void> {
  await vscode.commands.executeCommand('ztap.cluster.focus');
}
