import * as vscode from 'vscode';
import type { OpenSnapshot, OpenSnapshots } from './openSnapshots';
import { FolderNode } from '../keys/folderNode';
import { KeyNode } from '../keys/keyNode';
import { SnapshotRootNode } from './snapshotNode';
import type { TreeNode } from '../tree/treeNode';
import type { Invocation } from '../commands/invocation';

/** What a snapshot command acts on: an open snapshot, and folders and keys of it. */
export interface SnapshotTarget {
  snapshot: OpenSnapshot;
  /** Folders ("/ztap/policies/"); the Keys folder for the snapshot as a whole. */
  folders: string[];
  /** Single keys chosen in the tree. */
  keys: string[];
}

/**
 * The snapshot, folder and keys a command was invoked on (the root, a folder or key
 * row of an open snapshot, several selected); from the palette, asks which open
 * snapshot. Undefined when none is open or the user cancels.
 */
export async function snapshotTarget(snapshots: OpenSnapshots, invocation: Invocation, keysPrefix: string): Promise<SnapshotTarget | undefined> {
  const rows = invocation.selection ?? (invocation.node ? [invocation.node] : []);
  const targets = rows.map(r => rowTarget(snapshots, r, keysPrefix)).filter((t): t is SnapshotTarget => t !== undefined);
  if (targets.length > 0) {
    // Several rows selected: those of the first row's snapshot, folders and keys together.
    const same = targets.filter(t => t.snapshot.id === targets[0].snapshot.id);
    return { snapshot: targets[0].snapshot, folders: same.flatMap(t => t.folders), keys: same.flatMap(t => t.keys) };
  }
  const open = snapshots.all;
  if (open.length === 0) {
    void vscode.window.showInformationMessage('ZTAP: no snapshot is open; open one with ZTAP: Open Snapshot...');
    return undefined;
  }
  const pick =
    open.length === 1
      ? open[0]
      : (
          await vscode.window.showQuickPick(
            open.map(s => ({ label: s.name, description: `revision ${s.browser.revision}`, detail: s.browser.path, snapshot: s })),
            { title: 'ZTAP: which snapshot?' },
          )
        )?.snapshot;
  return pick && { snapshot: pick, folders: [keysPrefix], keys: [] };
}

function rowTarget(snapshots: OpenSnapshots, row: TreeNode, keysPrefix: string): SnapshotTarget | undefined {
  if (row instanceof SnapshotRootNode) {
    return { snapshot: row.snapshot, folders: [keysPrefix], keys: [] };
  }
  if (row instanceof FolderNode && row.snapshot) {
    const snapshot = snapshots.get(row.snapshot);
    return snapshot && { snapshot, folders: [row.prefix], keys: [] };
  }
  if (row instanceof KeyNode && row.snapshot) {
    const snapshot = snapshots.get(row.snapshot);
    return snapshot && { snapshot, folders: [], keys: [row.key] };
  }
  return undefined;
}
