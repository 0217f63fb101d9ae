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

/** Every `contextValue` a row of the Cluster or History view has; menus in package.json test them (`viewItem =~ /.../`). */
export type ContextValue =
  | RemovableContext<`ztapConnection.${'connected' | 'failed' | 'other'}${'' | '.alarm'}`>
  | 'ztapMembers'
  | 'ztapMembers.alarm'
  | 'ztapMember'
  | 'ztapMember.learner'
  | 'ztapMember.leader'
  | 'ztapLeader'
  | 'ztapCandidate'
  | 'ztapKeys'
  | 'ztapFolder'
  | 'ztapKey'
  | 'ztapKey.policy'
  | 'ztapDetail'
  | 'ztapElectionTerm'
  | 'ztapMessage'
  | 'ztapLocalNodes'
  | 'ztapLocalNodes.running'
  | 'ztapLocalNode'
  | 'ztapWatches'
  | 'ztapWatches.running'
  | 'ztapWatch'
  | RemovableContext<'ztapProfile'>
  | 'ztapNodes'
  | 'ztapNode'
  | 'ztapLeases'
  | 'ztapLease'
  | 'ztapElectionHistory'
  | 'ztapSnapshot'
  | 'ztapSnapshotFolder'
  | 'ztapSnapshotKey'
  | 'ztapPastRoot'
  | 'ztapPastFolder'
  | 'ztapPastKey'
  | 'ztapHistoryVersion'
  | 'ztapHistoryDeletion'
  | 'ztapChangeFolder'
  | 'ztapChange'
  | 'ztapAccess'
  | 'ztapUsers'
  | 'ztapRoles'
  | 'ztapUser'
  | 'ztapRole'
  | 'ztapRole.held'
  | 'ztapPermission';

/** Gives a row its menus: the one way a row sets its `contextValue`, so each is a ContextValue. */
export function withMenus(item: vscode.TreeItem, value: ContextValue): void {
  item.contextValue = value;
}

/**
 * Marks that menus test (package.json `when`): ".user" where the connection logs in (Forget
 * Password), ".removable" for profiles defined in `ztap.connections` (Default and Environment are not).
 */
export type RemovableContext<T extends string> = `${T}${'' | '.user'}${'' | '.removable'}`;
