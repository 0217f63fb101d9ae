import * as vscode from 'vscode';
import type { ConnectionState } from '../../core/connection/connectionManager';
import { plural } from '../../core/text/plural';
import { unhealthyCount } from '../../core/cluster/memberHealthPoll';
import { MemberMetrics, warningLines } from '../../core/metrics/metricsPoll';
import type { ClusterMembers } from '../../core/cluster/members';
import type { ConnectionConfig } from '../../core/config/connectionConfig';
import type { ConnectionService } from './connectionService';
import { FolderNode } from '../keys/folderNode';
import type { LocalNodesService } from '../election/localNodesService';
import { LeaderNode } from '../election/leaderNode';
import { LocalNodesNode } from '../election/localNodesNode';
import { WatchesNode } from '../watches/watchesNode';
import type { WatchesService } from '../watches/watchesService';
import { MembersNode } from '../members/membersNode';
import { ActiveAlarm, ALARM_HELP, readAlarms } from '../../core/cluster/maintenance';
import { NodesNode } from '../leases/nodesNode';
import { AccessNode } from '../access/accessNode';
import { LeasesNode } from '../leases/leasesNode';
import { MessageNode } from '../tree/messageNode';
import type { TreeContext } from '../tree/treeContext';
import { type ContextValue, type TreeNode, withMenus } from '../tree/treeNode';

/** The root: the connection (endpoints and state), with Members, Leader and Keys below. */
export class ConnectionNode implements TreeNode {
  readonly id = 'connection';
  /** The children last handed out, so live updates can redraw exactly them. */
  leader: LeaderNode | undefined;
  keys: FolderNode | undefined;
  readonly localNodes: LocalNodesNode;
  readonly watches: WatchesNode;

  members: MembersNode | undefined;
  nodes: NodesNode | undefined;

  /** Alarms seen when the children were last listed. */
  private alarms: ActiveAlarm[] = [];
  /** The session the rows below were made for, and those rows. */
  private madeFor: unknown;
  private made: { leader: LeaderNode; keys: FolderNode; nodes: NodesNode; leases: LeasesNode; access: AccessNode } | undefined;
  /** The rows below, kept while the session lasts: a redraw of this row keeps the rows on screen. */
  private children: Promise<TreeNode[]> | undefined;
  /** From the members' poll: how many members, and how many of them do not answer. */
  private health: { count: number; unhealthy: number } | undefined;
  /** From the metrics poll while the dashboard reads it: every member's warnings, named. */
  private warnings: ReturnType<typeof warningLines> = [];

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
    const warned = state.kind === 'connected' && this.warnings.length > 0;
    const described = `${describeState(state, this.health)}${warned ? ` · ${plural(this.warnings.length, 'metrics warning')}` : ''}`;
    item.description = `${described}${release ? ` · etcd ${release}` : ''}`;
    const endpoints = this.endpoints();
    item.tooltip = [
      `${this.connection.usingLocal ? `Local etcd${release ? ` ${release}` : ''}` : `Connection "${this.connection.activeProfile.name}"`}: ${described}`,
      endpoints.length ? `Endpoints:\n${endpoints.map(e => `  ${e}`).join('\n')}` : '',
      state.kind === 'failed' ? state.failure.message : this.connection.config ? describeLogin(this.connection.config) : '',
      warned ? `Metrics warnings (etcd's alert thresholds):\n${this.warnings.map(w => `  ${w.severity === 'critical' ? '✖' : '⚠'} ${w.text}`).join('\n')}` : '',
    ]
      .filter(Boolean)
      .join('\n');
    item.iconPath = this.alarms.length
      ? new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'))
      : state.kind === 'connected' && (this.health?.unhealthy || warned)
        ? new vscode.ThemeIcon('database', new vscode.ThemeColor('charts.orange'))
        : iconFor(state);
    if (this.alarms.length && state.kind === 'connected') {
      item.description = `${this.alarms.map(a => a.alarm).join(', ')} alarm · ${item.description}`;
    }
    withMenus(
      item,
      contextFor(state, {
        alarm: this.alarms.length > 0,
        user: !!this.connection.config?.username && !this.connection.usingLocal,
        removable: this.connection.activeProfile.source === 'settings' && !this.connection.usingLocal,
      }),
    );
    return item;
  }

  /** The next listing reads everything again (Refresh, or a new session). */
  forgetChildren(): void {
    this.children = undefined;
    this.health = undefined;
  }

  /** A poll's answer; true when this row reads differently now (the caller redraws it). */
  setMembers(members: ClusterMembers): boolean {
    const health = { count: members.members.length, unhealthy: unhealthyCount(members) };
    // What the row says now: the poll's last answer, or the member count the connect found.
    const shown = this.health ?? { count: this.connection.state.kind === 'connected' ? this.connection.state.memberCount : -1, unhealthy: 0 };
    const changed = health.count !== shown.count || health.unhealthy !== shown.unhealthy;
    this.health = health;
    return changed;
  }

  /** A round of the metrics poll (none when it stopped); true when this row reads differently now. */
  setMetrics(members: readonly MemberMetrics[]): boolean {
    const warnings = warningLines(members);
    const changed = warnings.map(w => w.text).join('\n') !== this.warnings.map(w => w.text).join('\n');
    this.warnings = warnings;
    return changed;
  }

  getChildren(): Promise<TreeNode[]> {
    if (!this.children || this.connection.state.kind !== 'connected') {
      const listing = (this.children = this.listChildren());
      // A failed listing is not kept: the next draw tries again.
      listing.catch(() => this.children === listing && (this.children = undefined));
    }
    return this.children;
  }

  private async listChildren(): Promise<TreeNode[]> {
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
    // One set of rows per session: a listing again (Refresh, a reveal) keeps the rows VS
    // Code shows, so the live updates' redraws reach them (a copy would take them in the
    // registry of folders, and redraws of it would go nowhere).
    const session = this.connection.session;
    const fresh = this.madeFor !== session || this.keys?.prefix !== `${config.keyPrefix}/`;
    if (fresh || !this.made) {
      this.madeFor = session;
      this.made = {
        leader: new LeaderNode(this.ctx),
        keys: new FolderNode(this.ctx, `${config.keyPrefix}/`, 'Keys', undefined, this),
        nodes: new NodesNode(this.ctx, this),
        leases: new LeasesNode(this.ctx),
        access: new AccessNode(this.ctx),
      };
    }
    const { leader, keys, nodes, leases, access } = this.made;
    await leader.reload();
    this.leader = leader;
    this.keys = keys;
    this.nodes = nodes;
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
    if (!this.members || fresh || this.members.alarmed !== alarms.length > 0) {
      this.members = new MembersNode(this.ctx, this, alarms.length > 0);
    }
    return [...alarmRows, this.members, leader, keys, nodes, leases, access, this.localNodes, this.watches];
  }

  private name(): string {
    return this.connection.displayName;
  }

  private endpoints(): readonly string[] {
    const config = this.connection.config;
    if (config) {
      return config.endpoints.map(e => e.original);
    }
    return this.connection.activeProfile.input.endpoints ?? [];
  }
}

/** Who the connection logs in as, and whether it uses TLS (the endpoints are listed above it). */
function describeLogin(config: ConnectionConfig): string {
  return `${config.username ? `User ${config.username}` : 'No user (auth off)'}${config.tls ? ', TLS' : ''}`;
}

function describeState(state: ConnectionState, health?: { count: number; unhealthy: number }): string {
  switch (state.kind) {
    case 'connected':
      return `connected · ${plural(health?.count ?? state.memberCount, 'member')}${health?.unhealthy ? ` · ${health.unhealthy} unhealthy` : ''}`;
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

function contextFor(state: ConnectionState, marks: { alarm: boolean; user: boolean; removable: boolean }): ContextValue {
  const base = state.kind === 'connected' ? 'ztapConnection.connected' : state.kind === 'failed' ? 'ztapConnection.failed' : 'ztapConnection.other';
  const alarm = marks.alarm && state.kind === 'connected' ? ('.alarm' as const) : '';
  return `${base}${alarm}${marks.user ? '.user' : ''}${marks.removable ? '.removable' : ''}`;
}
