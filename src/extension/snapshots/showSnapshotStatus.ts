import { basename } from 'path';
import * as vscode from 'vscode';
import type { SnapshotStatus } from '../../core/snapshot/snapshotStatus';
import { snapshotStatusOffThread } from '../../core/snapshot/snapshotWorkers';
import { formatBytes } from '../../core/values/valueFormat';
import type { Services } from '../services';
import { COMMANDS } from '../commands/commandIds';
import type { Invocation } from '../commands/invocation';
import { pickSnapshotFile } from './pickSnapshotFile';

/** Reads a snapshot file (no etcd needed): etcdctl's status figures and whether the sha256 trailer verifies. */
export async function showSnapshotStatus(
  { log, snapshotStatus }: Services,
  _invocation: Invocation,
  target?: vscode.Uri | string,
): Promise<SnapshotStatus | undefined> {
  const uri = await pickSnapshotFile(target, 'ZTAP: Show Snapshot Status');
  if (!uri) {
    return undefined;
  }
  // Hashing and walking a large file takes a moment (it grows with the file): say so,
  // and do it off the extension host's thread.
  const status = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `ZTAP: reading ${basename(uri.fsPath)}` }, () =>
    snapshotStatusOffThread(uri.fsPath),
  );
  const text = `${uri.fsPath}: hash ${status.hash.toString(16)}, revision ${status.revision}, ${status.liveKeys} keys alive (etcd's total ${status.totalKey}), size ${formatBytes(status.totalSize)}; sha256 trailer ${status.checksumOk ? 'verified' : 'MISSING OR WRONG'}`;
  log.info(`Snapshot status: ${text}`);
  // Every figure in a document of its own; the notification only says whether the file is intact.
  const doc = await vscode.workspace.openTextDocument(snapshotStatus.add(uri.fsPath, status));
  await vscode.window.showTextDocument(await vscode.languages.setTextDocumentLanguage(doc, 'markdown'), { preview: true });
  const show = status.checksumOk ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
  void show(
    `ZTAP: ${basename(uri.fsPath)} is ${status.checksumOk ? 'an intact snapshot' : 'NOT an intact snapshot (sha256 trailer missing or wrong)'} at revision ${status.revision}.`,
    'Copy JSON',
  ).then(choice => {
    if (choice) {
      void vscode.commands.executeCommand(COMMANDS.copySnapshotStatusJson);
    }
  });
  return status;
}
