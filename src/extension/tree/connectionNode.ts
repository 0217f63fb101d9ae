import * as vscode from 'vscode';
import type { ConnectionState } from '../../core/connection/connectionManager';
import { plural } from '../../core/text/plural';
import type { ConnectionService } from '../connectionService';
import { FolderNode } from './keysNode';
import type { LocalNodesService } from '../localNodesService';
import { LeaderNode } from './leaderNode';
import { LocalNodesNode } from './localNodesNode';
import { WatchesNode } from './watchesNode';
import type { WatchesService } from '../watchesService';
import { MembersNode } from './membersNode';
import { ActiveAlarm, ALARM_HELP, readAlarms } from '../../core/cluster/maintenance';
import { NodesNode } from './nodesNode';
import { LeasesNode } from './leasesNode';
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

  /** Alarms seen when the children were last listed. */
  private alarms: ActiveAlarm[] = [];

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
    // Before the first connect the state is "disconnected", but a connect is what comes next.
    const state: ConnectionState = this.connection.started ? this.connection.state : { kind: 'connecting', target: '' };
    const item = new vscode.TreeItem(this.name(), vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    const release = this.connection.localRelease;
    item.description = `${describeState(state)}${release ? ` · etcd ${release}` : ''}`;
    const endpoints = this.endpoints();
    item.tooltip = [
      `${this.connection.usingLocal ? `Local etcd${release ? ` ${release}` : ''}` : `Connection "${this.connection.activeProfile.name}"`}: ${describeState(state)}`,
      endpoints.length ? `Endpoints:\n${endpoints.map(e => `  ${e}`).join('\n')}` : '',
      state.kind === 'failed' ? state.failure.message : this.connection.config ? this.connection.describe() : '',
    ]
      .filter(Boolean)
      .join('\n');
    item.iconPath = this.alarms.length ? new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground')) : iconFor(state);
    if (this.alarms.length && state.kind === 'connected') {
      item.description = `${this.alarms.map(a => a.alarm).join(', ')} alarm · ${item.description}`;
    }
    item.contextValue = contextFor(state, this.connection.activeProfile.source === 'settings' && !this.connection.usingLocal);
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
    const nodes = new NodesNode(this.ctx);
    const [alarms] = await Promise.all([readAlarms(this.ctx.client()).catch(() => []), nodes.reload()]);
    this.alarms = alarms;
    const alarmRows = alarms.map(
      a =>
        new MessageNode(`connection/alarm/${a.memberId}/${a.alarm}`, `${a.alarm} alarm`, {
          error: true,
          description: `member ${a.memberId}: ${a.alarm === 'NOSPACE' ? 'database space exceeded, writes refused' : 'data corruption detected'}`,
          tooltip: `${a.alarm} on member ${a.memberId}: ${ALARM_HELP[a.alarm]}\n\nCompact..., Defragment Member and Disarm Alarm are on the connection's and members' menus.`,
        }),
    );
    return [...alarmRows, new MembersNode(this.ctx), leader, this.keys, nodes, new LeasesNode(this.ctx), this.localNodes, this.watches];
  }

  /**
   * Short enough for the default sidebar width: the profile's name, or for the
   * unnamed Default connection its first endpoint and how many more ("+2").
   */
  private name(): string {
    const profile = this.connection.activeProfile;
    if (this.connection.usingLocal) {
      return 'local etcd';
    }
    if (profile.source !== 'single') {
      return profile.name;
    }
    // "http://" is what no scheme means anyway; "https://" stays, it says TLS.
    const [first, ...rest] = this.endpoints().map(e => e.replace(/^http:\/\//, ''));
    return first === undefined ? 'etcd' : `${first}${rest.length ? ` +${rest.length}` : ''}`;
  }

  private endpoints(): readonly string[] {
    const config = this.connection.config;
    if (config) {
      return config.endpoints.map(e => e.original);
    }
    return this.connection.activeProfile.input.endpoints ?? [];
  }
}

function describeState(state: ConnectionState): string {
  switch (state.kind) {
    case 'connected':
      return `connected · ${plural(state.memberCount, 'member')}`;
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

function contextFor(state: ConnectionState, removable: boolean): ContextValue {
  const base = state.kind === 'connected' ? 'ztapConnection.connected' : state.kind === 'failed' ? 'ztapConnection.failed' : 'ztapConnection.other';
  return removable ? `${base}.removable` : base;
}
