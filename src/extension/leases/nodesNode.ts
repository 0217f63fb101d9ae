import * as vscode from 'vscode';
import { NodeReport, NodesReport, nodesSummary, readNodesReport } from '../../core/ztap/nodesReport';
import { childrenOrError, MessageNode } from '../tree/messageNode';
import { formatSeenAge } from '../../core/text/seenAge';
import type { TreeContext } from '../tree/treeContext';
import { type TreeNode, withMenus } from '../tree/treeNode';
import { TtlNode } from './ttlNode';

/** "Nodes": ZTAP's registrations beside the election, with what is wrong flagged. */
export class NodesNode implements TreeNode {
  readonly id = 'nodes';
  private report: NodesReport | undefined;
  /** When `reload` read the report for the redraw that follows (a listing within a second uses it). */
  private reloadedAt = 0;
  /** The node rows drawn last, whose ages tick (ClusterTreeProvider redraws them once a second). */
  rows: NodeRow[] = [];

  constructor(
    private readonly ctx: TreeContext,
    readonly parent?: TreeNode,
  ) {}

  /** Reads the report before the node is drawn, so its summary line can warn. */
  async reload(): Promise<void> {
    try {
      this.report = await this.read();
      this.reloadedAt = Date.now();
    } catch {
      this.report = undefined;
    }
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Nodes', vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const r = this.report;
    item.description = r ? nodesSummary(r) : undefined;
    item.iconPath = r?.warned ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')) : new vscode.ThemeIcon('organization');
    item.tooltip = r?.warned
      ? `${nodesSummary(r)}:\n${r.nodes.flatMap(n => n.warnings.map(w => `• ${n.id}: ${w}`)).join('\n')}`
      : `ZTAP's nodes under ${this.ctx.config().keyPrefix}/nodes/ and their place in the election`;
    withMenus(item, 'ztapNodes');
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    return childrenOrError(this.id, 'the nodes', async () => {
      let readAt = this.reloadedAt;
      if (!this.report || Date.now() - readAt > 1000) {
        this.report = await this.read();
        readAt = Date.now();
      }
      this.reloadedAt = 0;
      const rows = (this.rows = this.report.nodes.map(n => new NodeRow(this.ctx, n, this, readAt)));
      return rows.length
        ? rows
        : [new MessageNode('nodes/none', 'No nodes', { description: `nothing under ${this.ctx.config().keyPrefix}/nodes/`, icon: 'circle-slash' })];
    });
  }

  private read(): Promise<NodesReport> {
    const config = this.ctx.config();
    return readNodesReport(this.ctx.client(), config.keyPrefix, config.electionKey, this.ctx.heartbeatMs());
  }
}

export class NodeRow implements TreeNode {
  readonly id: string;
  constructor(
    private readonly ctx: TreeContext,
    private readonly n: NodeReport,
    readonly parent: TreeNode,
    /** When the report was read: "seen N s ago" counts on from there. */
    private readonly readAt: number,
  ) {
    this.id = `nodes/${n.key}`;
  }

  /** The age drawn last: the row is redrawn only when the clock changes it (a redraw closes the row's tooltip). */
  private drawnAge: string | undefined;

  /** "seen N s ago" as of now, when the node has a last_seen. */
  private get age(): string | undefined {
    return this.n.lastSeenAgeMs === undefined ? undefined : formatSeenAge(this.n.lastSeenAgeMs + Date.now() - this.readAt);
  }

  /** Whether the clock has changed the age this row shows. */
  get ageChanged(): boolean {
    return this.age !== this.drawnAge;
  }

  getTreeItem(): vscode.TreeItem {
    const n = this.n;
    const item = new vscode.TreeItem(n.id, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const place = n.election.kind === 'leader' ? 'leader' : n.election.kind === 'candidate' ? `candidate ${n.election.position}` : 'not in the election';
    item.description = [n.node?.address, n.node?.state, place, (this.drawnAge = this.age)].filter(Boolean).join(' · ');
    item.iconPath = n.warnings.length
      ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
      : new vscode.ThemeIcon(n.election.kind === 'leader' ? 'star-full' : 'vm');
    item.tooltip = new vscode.MarkdownString(
      [`**${n.id}** (${n.key})`, n.warnings.length ? n.warnings.map(w => `⚠ ${w}`).join('  \n') : 'No warnings'].join('\n\n'),
    );
    withMenus(item, 'ztapNode');
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    const n = this.n;
    const d = (label: string, value: string) => new MessageNode(`${this.id}/${label}`, label, { description: value });
    const rows: TreeNode[] = [
      d('Address', n.node?.address || '(none)'),
      d('State', n.node?.state || '(none)'),
      d('Role', n.node?.role || '(none)'),
      d(
        'Election',
        n.election.kind === 'leader' ? 'leader' : n.election.kind === 'candidate' ? `candidate, place ${n.election.position} in line` : 'not in the election',
      ),
      d('Registered', n.registered ? n.key : 'no'),
      d('Lease', n.lease === '0' ? 'none (never expires)' : n.lease),
    ];
    if (n.lease !== '0') {
      this.ctx.leaseClock().record({ id: BigInt(`0x${n.lease}`).toString(), hex: n.lease, grantedTtl: 0, ttl: n.ttl ?? -1, keyCount: 0, readAt: this.readAt });
      rows.push(new TtlNode(this.ctx, this, BigInt(`0x${n.lease}`).toString()));
    }
    rows.push(...n.warnings.map((w, i) => new MessageNode(`${this.id}/warning/${i}`, 'Warning', { description: w, icon: 'warning' })));
    return rows;
  }
}
