import { homedir } from 'os';
import { join } from 'path';
import * as vscode from 'vscode';
import { ExportCancelled, exportToFile } from '../../core/writes/keysFile';
import type { Services } from '../services';
import { FolderNode } from './folderNode';
import { Invocation, nodeOf } from '../commands/invocation';
import { savedFileActions } from '../snapshots/saveSnapshot';

export interface ExportArgs {
  folder?: string;
  path?: string;
}

/**
 * Export Folder as JSON...: every key under the folder at one revision, streamed to
 * a file a page at a time, with progress and Cancel (which leaves no file).
 */
export async function exportFolder(
  { connection }: Services,
  invocation: Invocation,
  given: ExportArgs = {},
): Promise<{ path: string; count: number } | undefined> {
  const folder =
    nodeOf(invocation, FolderNode)?.prefix ??
    given.folder ??
    (await vscode.window.showInputBox({ title: 'ZTAP: Export Folder as JSON', prompt: 'Folder to export', value: `${connection.config?.keyPrefix ?? ''}/` }));
  if (!folder) {
    return undefined;
  }
  const name = `${folder.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'root'}.json`;
  const base = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? homedir();
  const path =
    given.path ??
    (await vscode.window.showSaveDialog({ title: `ZTAP: Export ${folder} to`, defaultUri: vscode.Uri.file(join(base, name)), filters: { JSON: ['json'] } }))
      ?.fsPath;
  if (!path) {
    return undefined;
  }
  const etcd = connection.requireSession().client;
  try {
    const { revision, count } = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `ZTAP: exporting ${folder}`, cancellable: true },
      (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return exportToFile(etcd, folder, path, { signal: abort.signal, onProgress: keys => progress.report({ message: `${keys} keys` }) });
      },
    );
    const actions = savedFileActions(path);
    void vscode.window
      .showInformationMessage(`ZTAP: exported ${count} keys under ${folder} at revision ${revision} to ${path}.`, ...actions.map(a => a.label))
      .then(choice => actions.find(a => a.label === choice)?.run());
    return { path, count };
  } catch (err) {
    if (err instanceof ExportCancelled) {
      void vscode.window.showInformationMessage(`ZTAP: ${err.message}`);
      return undefined;
    }
    throw err;
  }
}
