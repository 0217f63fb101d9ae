import { basename } from 'path';
import * as vscode from 'vscode';
import { BboltError } from '../../core/snapshot/bboltReader';
import type { Services } from '../services';
import type { OpenSnapshot } from './openSnapshots';
import type { Invocation } from '../commands/invocation';
import { pickSnapshotFile } from './pickSnapshotFile';

/**
 * Open Snapshot...: a snapshot (or etcd data) file as a read-only root of the tree,
 * read on a worker thread with no etcd running. From the palette it asks for the
 * file; from the Explorer's context menu it takes the file clicked.
 */
export async function openSnapshot(
  { snapshots, tree, view }: Services,
  _invocation: Invocation,
  target?: vscode.Uri | string,
): Promise<OpenSnapshot | undefined> {
  const uri = await pickSnapshotFile(target, 'ZTAP: Open Snapshot', 'Open Snapshot');
  if (!uri) {
    return undefined;
  }
  let snapshot: OpenSnapshot;
  try {
    snapshot = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `ZTAP: reading the keys of ${basename(uri.fsPath)}…` },
      () => snapshots.add(uri.fsPath),
    );
  } catch (err) {
    const reason = err instanceof BboltError ? `it is not a readable etcd snapshot: ${err.message}` : (err as Error).message;
    throw new Error(`Cannot open ${uri.fsPath}: ${reason}`, { cause: err });
  }
  const root = tree.snapshotNodes().find(n => n.snapshot.id === snapshot.id);
  if (root) {
    await view.reveal(root, { expand: true, focus: true, select: true });
  }
  return snapshot;
}
