import * as vscode from 'vscode';
import type { ElectionParticipant } from '../../core/election/participant';
import type { LocalNodesService } from './localNodesService';
import { detail, MessageNode } from '../tree/messageNode';
import { type TreeNode, withMenus } from '../tree/treeNode';

/** "Local Nodes": the election nodes this window runs, with role, lease and remaining TTL. */
export class LocalNodesNode implements TreeNode {
  readonly id = 'localNodes';

  constructor(private readonly nodes: LocalNodesService) {}

  getTreeItem(): vscode.TreeItem {
    const count = this.nodes.all.length;
    const item = new vscode.TreeItem('Local Nodes', count ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = count ? `${count} running` : 'none';
    item.tooltip = 'Election nodes run by this window (ZTAP: Start Local Election Node...)';
    item.iconPath = new vscode.ThemeIcon('vm');
    withMenus(item, count ? 'ztapLocalNodes.running' : 'ztapLocalNodes');
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    const all = this.nodes.all;
    if (all.length === 0) {
      return [new MessageNode(`${this.id}/none`, 'No local nodes', { description: 'ZTAP: Start Local Election Node...', icon: 'info' })];
    }
    return all.map(p => new LocalNodeNode(p));
  }
}

export class LocalNodeNode implements TreeNode {
  readonly id: string;

  constructor(readonly participant: ElectionParticipant) {
    this.id = `localNode/${participant.config.nodeId}`;
  }

  get nodeId(): string {
    return this.participant.config.nodeId;
  }

  getTreeItem(): vscode.TreeItem {
    const s = this.participant.snapshot;
    const item = new vscode.TreeItem(this.nodeId, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const ttl = s.leaseId ? ` · TTL ${Math.ceil(s.ttlRemainingMs / 1000)}s` : '';
    item.description = `${s.role}${s.leaseId ? ` · lease ${s.leaseId}` : ''}${ttl}`;
    item.iconPath = new vscode.ThemeIcon(s.role === 'leader' ? 'star-full' : s.role === 'follower' ? 'person' : 'loading~spin');
    item.tooltip = `${this.nodeId} at ${this.participant.config.address}\nrole ${s.role}, key ${s.key || '-'}\nleader ${s.leader ?? 'unknown'}${
      this.participant.lastError ? `\nlast error: ${this.participant.lastError}` : ''
    }`;
    withMenus(item, 'ztapLocalNode');
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    const s = this.participant.snapshot;
    const c = this.participant.config;
    return [
      detail(this.id, 'Role', s.role),
      detail(this.id, 'Leader', s.leader ?? 'unknown'),
      detail(this.id, 'Election key', s.key || '(none yet)'),
      detail(this.id, 'Lease ID', s.leaseId || '(none yet)'),
      detail(this.id, 'Lease TTL', s.leaseId ? `${Math.ceil(s.ttlRemainingMs / 1000)} s confirmed` : '-'),
      detail(this.id, 'Address', c.address),
      detail(this.id, 'Session TTL', `${c.ttlSeconds} s, heartbeat ${c.heartbeatMs / 1000} s`),
    ];
  }
}
