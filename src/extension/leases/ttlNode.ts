import * as vscode from 'vscode';
import type { TreeContext } from '../tree/treeContext';
import { type TreeNode, withMenus } from '../tree/treeNode';

/** "Lease TTL: 43 s left", counting down live (LeaseClock) while shown. */
export class TtlNode implements TreeNode {
  readonly id: string;
  constructor(
    private readonly ctx: TreeContext,
    readonly parent: TreeNode,
    /** Decimal lease ID. */
    private readonly leaseId: string,
  ) {
    this.id = `${parent.id}/Lease TTL`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Lease TTL', vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const ttl = this.ctx.leaseClock().ttl(this.leaseId);
    item.description = ttl === undefined ? 'not read' : ttl < 0 ? 'gone (expired or revoked)' : `${ttl} s left`;
    item.tooltip = "Counted down from etcd's last answer; asked again every few seconds while shown, so a keepalive shows.";
    withMenus(item, 'ztapDetail');
    this.ctx.leaseClock().show(this, this.leaseId);
    return item;
  }
}
