import { basename } from 'path';
import * as vscode from 'vscode';
import type { SnapshotStatus } from '../../core/snapshot/snapshotStatus';
import { snapshotStatusOffThread } from '../../core/snapshot/snapshotWorkers';
import { formatBytes } from '../../core/values/valueFormat';
import type { Services } from '../services';

/** Reads a snapshot file (no etcd needed): etcdctl's status figures and whether the sha256 trailer verifies. */
export async function showSnapshotStatus({ log }: Services, target?: vscode.Uri | string): Promise<SnapshotStatus | undefined> {
  const uri =
    typeof target === 'string'
      ? vscode.Uri.file(target)
      : target instanceof vscode.Uri
        ? target
        : (await vscode.window.showOpenDialog({ title: 'ZTAP: Show Snapshot Status', canSelectMany: false, filters: { 'etcd snapshot': ['db'], 'All files': ['*'] } }))?.[0];
  if (!uri) {
    return undefined;
  }
  // Hashing and walking a large file takes a moment (about 0.3 s per 100 MiB): say so,
  // and do it off the extension host's thread.
  const status = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `ZTAP: reading ${basename(uri.fsPath)}` },
    () => snapshotStatusOffThread(uri.fsPath),
  );
  const text = `${uri.fsPath}: hash ${status.hash.toString(16)}, revision ${status.revision}, ${status.totalKey} keys, size ${formatBytes(status.totalSize)}; sha256 trailer ${status.checksumOk ? 'verified' : 'MISSING OR WRONG'}`;
  log.info(`Snapshot status: ${text}`);
  const show = status.checksumOk ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
  void show(`ZTAP: ${text}`);
  return status;
}
