import type * as vscode from 'vscode';

/** Every node of the Cluster tree renders itself and loads its own children. */
export interface TreeNode {
  readonly id: string;
  getTreeItem(): vscode.TreeItem;
  getChildren?(): Promise<TreeNode[]>;
  /** The node above, for TreeView.reveal (folders and their ancestors). */
  readonly parent?: TreeNode;
  /** Fetches what the node's own label shows, before it is redrawn. */
  reload?(): Promise<void>;
}

/** `contextValue`s used by menus in package.json (`viewItem =~ /.../`). */
export type ContextValue =
  | RemovableContext<'ztapConnection.connected'>
  | RemovableContext<'ztapConnection.failed'>
  | RemovableContext<'ztapConnection.other'>
  | 'ztapMembers'
  | 'ztapMember'
  | 'ztapLeader'
  | 'ztapCandidate'
  | 'ztapKeys'
  | 'ztapFolder'
  | 'ztapKey'
  | 'ztapDetail'
  | 'ztapMessage'
  | 'ztapLocalNodes'
  | 'ztapLocalNodes.running'
  | 'ztapLocalNode'
  | 'ztapWatches'
  | 'ztapWatches.running'
  | 'ztapWatch'
  | 'ztapProfile'
  | 'ztapProfile.removable'
  | 'ztapSnapshot'
  | 'ztapSnapshotFolder'
  | 'ztapSnapshotKey';

/** Profiles defined in `ztap.connections` can be removed; Default and Environment cannot. */
export type RemovableContext<T extends string> = T | `${T}.removable`;
