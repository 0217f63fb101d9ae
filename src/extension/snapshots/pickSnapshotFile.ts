import * as vscode from 'vscode';

/**
 * The snapshot file a command works on: the one it was given (a path, or the Explorer's
 * file), else one the user picks (.db files first); undefined when the user cancels.
 */
export async function pickSnapshotFile(target: unknown, title: string, openLabel?: string): Promise<vscode.Uri | undefined> {
  if (typeof target === 'string') {
    return vscode.Uri.file(target);
  }
  if (target instanceof vscode.Uri) {
    return target;
  }
  const picked = await vscode.window.showOpenDialog({ title, openLabel, canSelectMany: false, filters: { 'etcd snapshot': ['db'], 'All files': ['*'] } });
  return picked?.[0];
}
