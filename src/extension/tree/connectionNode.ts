import * as vscode from 'vscode';
import type { ConnectionState } from '../../core/connection/connectionManager';
import type { ConnectionService } from '../connectionService';
import { FolderNode } from './keysNode';
import type { LocalNodesService } from '../localNodesService';
import { LeaderNode } from './leaderNode';
import { LocalNodesNode } from './localNodesNode';
import { WatchesNode } from './watchesNode';
import type { WatchesService } from '../watchesService';
import { MembersNode } from './membersNode';
import { MessageNode } from './messageNode';
import type { TreeContext } from './treeContext';
import type { ContextValue, TreeNode } from './treeNode';

/** The root: the connection (endpoints and state), with Members, Leader and Keys below. */
export class ConnectionNode implements TreeNode {
  readonly id = 'connection';
  /** The children last handed out, so live updates can redraw exactly them. */
  leader: LeaderNode | undefined;
  keys: FolderNode | undefined;
  readonly localNodes: LocalNodesNode;
  readonly watches: WatchesNode;

  constructor(
    private readonly connection: ConnectionService,
    private readonly ctx: TreeContext,
    nodes: LocalNodesService,
    watches: WatchesService,
  ) {
    this.localNodes = new LocalNodesNode(nodes);
    this.watches = new WatchesNode(watches);
  }

  getTreeItem(): vscode.TreeItem {
    const state = this.connection.state;
    const profile = this.connection.activeProfile;
    const name = this.connection.usingLocal ? 'local etcd' : profile.source === 'single' ? 'etcd' : profile.name;
    const item = new vscode.TreeItem(`${name} ${this.endpoints()}`, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.description = describeState(state);
    item.tooltip = state.kind === 'failed' ? state.failure.message : `${this.connection.describe()}: ${describeState(state)}`;
    item.iconPath = iconFor(state);
    item.contextValue = contextFor(state);
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    const state = await this.connection.ensureConnected();
    if (state.kind === 'failed') {
      return [
        new MessageNode('connection/error', `Cannot connect: ${state.failure.kind}`, {
          error: true,
          description: state.failure.message,
          tooltip: `${state.failure.message}\n\nCheck ztap.etcd.endpoints, then use Refresh.`,
        }),
      ];
    }
    if (state.kind !== 'connected') {
      return [new MessageNode('connection/wait', 'Not connected', { icon: 'debug-disconnect' })];
    }
    const config = this.ctx.config();
    const leader = new LeaderNode(this.ctx);
    await leader.reload();
    this.leader = leader;
    this.keys = new FolderNode(this.ctx, `${config.keyPrefix}/`, 'Keys', undefined, this);
    return [new MembersNode(this.ctx), leader, this.keys, this.localNodes, this.watches];
  }

  private endpoints(): string {
    const config = this.connection.config;
    return config ? config.endpoints.map(e => e.original).join(', ') : '';
  }
}

function describeState(state: ConnectionState): string {
  switch (state.kind) {
    case 'connected':
      return `connected · ${state.memberCount} member${state.memberCount === 1 ? '' : 's'}`;
    case 'connecting':
      return 'connecting…';
    case 'failed':
      return `failed: ${state.failure.kind}`;
    case 'disconnected':
      return 'disconnected';
  }
}

function iconFor(state: ConnectionState): vscode.ThemeIcon {
  switch (state.kind) {
    case 'connected':
      return new vscode.ThemeIcon('database', new vscode.ThemeColor('charts.green'));
    case 'connecting':
      return new vscode.ThemeIcon('loading~spin');
    case 'failed':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    case 'disconnected':
      return new vscode.ThemeIcon('debug-disconnect');
  }
}

function contextFor(state: ConnectionState): ContextValue {
  return state.kind === 'connected' ? 'ztapConnection.connected' : state.kind === 'failed' ? 'ztapConnection.failed' : 'ztapConnection.other';
}
