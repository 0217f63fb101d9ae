import * as vscode from 'vscode';
import { plural } from '../../core/text/plural';
import { LEASES_PAGE, leaseDetails, leaseIds, LeaseInfo } from '../../core/leases/leaseList';
import { leaseKinds } from '../../core/leases/leaseKinds';
import { COMMANDS } from '../commands/commandIds';
import { valueUri } from '../keys/valueUris';
import { childrenOrError, MessageNode } from '../tree/messageNode';
import type { TreeContext } from '../tree/treeContext';
import { type TreeNode, withMenus } from '../tree/treeNode';

/** "Leases": every lease etcd has, LEASES_PAGE at a time, each with a live TTL and what it is for. */
export class LeasesNode implements TreeNode {
  readonly id = 'leases';
  private shown = LEASES_PAGE;
  private count: number | undefined;
  private rows: TreeNode[] = [];

  constructor(private readonly ctx: TreeContext) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Leases', vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = this.count === undefined ? undefined : `${this.count}`;
    item.iconPath = new vscode.ThemeIcon('watch');
    item.tooltip = 'Every lease etcd has (LeaseLeases): TTL left, keys attached, and which ZTAP node or candidate it keeps alive.';
    withMenus(item, 'ztapLeases');
    return item;
  }

  showMore(): void {
    this.shown += LEASES_PAGE;
    this.ctx.refresh(this);
  }

  getChildren(): Promise<TreeNode[]> {
    return childrenOrError(this.id, 'the leases', async () => {
      const etcd = this.ctx.client();
      const ids = await leaseIds(etcd);
      this.count = ids.length;
      const leases = await leaseDetails(etcd, ids.slice(0, this.shown));
      const config = this.ctx.config();
      const kinds = await leaseKinds(etcd, leases, config.keyPrefix, config.electionKey);
      this.ctx.leaseClock().forget(this.rows);
      const local = this.ctx.localLeases();
      this.rows = leases.map(l => {
        this.ctx.leaseClock().record(l);
        const kind = kinds.get(l.id)?.label;
        return new LeaseNode(this.ctx, l, local.has(l.hex) ? `this window's local node${kind ? `: ${kind}` : ''}` : kind, this);
      });
      const out = [...this.rows];
      if (ids.length > this.shown) {
        out.push(new MoreLeasesNode(this, ids.length - this.shown));
      }
      if (ids.length === 0) {
        out.push(new MessageNode('leases/none', 'No leases', { icon: 'circle-slash' }));
      }
      return out;
    });
  }
}

/** "Show more…" under Leases: the next page. */
class MoreLeasesNode implements TreeNode {
  readonly id = 'leases/more';
  constructor(
    readonly parent: LeasesNode,
    private readonly remaining: number,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Show more…', vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = `${this.remaining} more`;
    item.command = { command: COMMANDS.showMore, title: 'Show More', arguments: [this.parent] };
    return item;
  }
}

/** One lease: hex ID, live TTL, keys attached; expands to its keys. */
export class LeaseNode implements TreeNode {
  readonly id: string;
  constructor(
    private readonly ctx: TreeContext,
    readonly lease: LeaseInfo,
    readonly kind: string | undefined,
    readonly parent: TreeNode,
  ) {
    this.id = `lease/${lease.id}`;
  }

  getTreeItem(): vscode.TreeItem {
    const l = this.lease;
    const item = new vscode.TreeItem(l.hex, l.keyCount ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const ttl = this.ctx.leaseClock().ttl(l.id) ?? l.ttl;
    item.description = [ttl < 0 ? 'gone' : `${ttl} s left of ${l.grantedTtl} s`, `${l.keyCount} key${l.keyCount === 1 ? '' : 's'}`, this.kind]
      .filter(Boolean)
      .join(' · ');
    const keys = l.keys ?? [];
    item.tooltip = [
      `Lease ${l.hex} (${l.id})${this.kind ? `: ${this.kind}` : ''}`,
      `TTL: ${ttl < 0 ? 'gone' : `${ttl} s left of ${l.grantedTtl} s`} (counted down live, asked again every few seconds while shown)`,
      keys.length
        ? `Keys (${keys.length}):\n${keys
            .slice(0, 20)
            .map(k => `  ${k}`)
            .join('\n')}${keys.length > 20 ? `\n  … and ${keys.length - 20} more` : ''}`
        : 'No keys',
      `Revoking it deletes its ${plural(l.keyCount, 'key')}.`,
    ].join('\n');
    item.iconPath = new vscode.ThemeIcon(this.kind ? 'vm-running' : 'watch');
    withMenus(item, 'ztapLease');
    this.ctx.leaseClock().show(this, l.id);
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    return (this.lease.keys ?? []).map(key => new LeaseKeyNode(key, this));
  }
}

/** A key attached to a lease: opens like a key anywhere else. */
class LeaseKeyNode implements TreeNode {
  readonly id: string;
  constructor(
    readonly key: string,
    readonly parent: TreeNode,
  ) {
    this.id = `${parent.id}/${key}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.key, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('key');
    item.command = { command: 'vscode.open', title: 'Open Value', arguments: [valueUri(this.key), { preview: true }] };
    withMenus(item, 'ztapDetail');
    return item;
  }
}
