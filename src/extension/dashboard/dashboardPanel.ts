import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import type { EtcdSession } from '../../core/connection/etcdSession';
import { COMMANDS } from '../commands/commandIds';
import type { ConnectionService } from '../connections/connectionService';
import type { Log } from '../log';
import type { ClusterTreeProvider } from '../tree/clusterTreeProvider';
import type { TreeNode } from '../tree/treeNode';
import type { TreeLiveUpdates } from '../tree/treeLiveUpdates';
import { valueUri } from '../keys/valueUris';
import { DashboardFeed } from './dashboardFeed';
import { ACTIVITY_SECONDS } from './dashboardState';
import type { ActivitySample, HostMessage, MemberMetricsView, SpaceView, WebviewMessage } from './dashboardState';
import { measureSpace } from './spaceMeasure';
import type { MemberMetrics } from '../../core/metrics/metricsPoll';
import { describeConnection } from '../../core/config/connectionConfig';
import { readHeartbeatMs, readMetricsIntervalMs } from '../settings';

export interface DashboardDeps {
  connection: ConnectionService;
  live: TreeLiveUpdates;
  tree: ClusterTreeProvider;
  view: vscode.TreeView<TreeNode>;
  log: Log;
  extensionUri: vscode.Uri;
}

/**
 * The Cluster Dashboard: one webview editor for the active connection. The page
 * (dist/dashboard.js) holds no connection: a DashboardFeed reads the cluster on the
 * extension host, from the tree's own watch and a members' poll, and posts compact
 * state messages. A new session (reconnect, another cluster) starts a new feed.
 */
export class DashboardPanel implements vscode.Disposable {
  private static current: DashboardPanel | undefined;
  /** Each connection's activity samples seen in this window (by endpoints), for a dashboard opened again. */
  private static readonly activity = new Map<string, ActivitySample[]>();
  private feed: DashboardFeed | undefined;
  /** The followed session's end, listened to once per session followed. */
  private sessionEnd: vscode.Disposable | undefined;
  /** Keeps the connection's metrics poll reading while this dashboard is open. */
  private metricsReading: vscode.Disposable | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** For tests: the page's redraw times it reported, in ms. */
  readonly redraws: number[] = [];
  /** The Space section's last measurement, sent again when the page is drawn anew. */
  space: SpaceView | undefined;

  static show(deps: DashboardDeps): DashboardPanel {
    if (DashboardPanel.current) {
      DashboardPanel.current.panel.reveal();
      return DashboardPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'ZTAP Cluster Dashboard', vscode.ViewColumn.Active, panelOptions(deps.extensionUri));
    DashboardPanel.current = new DashboardPanel(deps, panel);
    return DashboardPanel.current;
  }

  /**
   * Brings back the dashboard a window had open before it was reloaded: VS Code keeps
   * the editor and hands its panel to the serializer, which redraws it here.
   */
  static registerSerializer(deps: DashboardDeps): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: async panel => {
        panel.webview.options = panelOptions(deps.extensionUri);
        DashboardPanel.current?.dispose();
        DashboardPanel.current = new DashboardPanel(deps, panel);
      },
    });
  }

  static get open(): DashboardPanel | undefined {
    return DashboardPanel.current;
  }

  private constructor(
    private readonly deps: DashboardDeps,
    private readonly panel: vscode.WebviewPanel,
  ) {
    const dist = vscode.Uri.joinPath(deps.extensionUri, 'dist');
    this.panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'ztap.svg');
    this.panel.webview.html = this.html(vscode.Uri.joinPath(dist, 'dashboard.js'));
    this.disposables.push(
      this.panel.onDidDispose(() => this.dispose()),
      this.panel.webview.onDidReceiveMessage((m: WebviewMessage) => void this.onMessage(m)),
      deps.connection.onDidStartSession(session => this.follow(session)),
      deps.live.onDidSeeEvents(batch => this.feed?.onEvents(batch)),
      // Each round: every member's newest point (the page keeps the 15 minutes).
      deps.connection.onDidPollMetrics(
        members =>
          members.length && void this.panel.webview.postMessage({ type: 'metrics', members: members.map(m => metricsView(m, false)) } satisfies HostMessage),
      ),
    );
  }

  /** A strict policy: nothing remote, scripts and styles only by nonce, the one bundled script. */
  private html(script: vscode.Uri): string {
    const nonce = randomBytes(16).toString('base64');
    const csp = ["default-src 'none'", `img-src ${this.panel.webview.cspSource} data:`, `style-src 'nonce-${nonce}'`, `script-src 'nonce-${nonce}'`].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<div id="root"></div>
<script nonce="${nonce}" src="${this.panel.webview.asWebviewUri(script).toString()}"></script>
</body>
</html>`;
  }

  private async onMessage(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready': {
        const session = this.deps.connection.session;
        if (session) {
          this.follow(session);
        } else {
          await this.deps.connection.ensureConnected();
        }
        if (this.space) {
          void this.panel.webview.postMessage({ type: 'space', space: this.space } satisfies HostMessage);
        }
        return;
      }
      case 'measureSpace':
        await this.measureSpace(message.prefix).catch(() => undefined);
        return;
      case 'redraw':
        this.redraws.push(message.ms);
        this.redraws.splice(0, Math.max(0, this.redraws.length - 500));
        return;
      case 'command':
        await vscode.commands.executeCommand(COMMANDS[message.command], ...(message.arg ? [message.arg] : []));
        return;
      case 'reveal':
        await this.reveal(message.kind, message.target);
        return;
    }
  }

  /**
   * Measures where the space goes under `prefix` and shows it in the Space section (a
   * failure is said there and thrown); undefined when cancelled.
   */
  async measureSpace(prefix: string): Promise<SpaceView | undefined> {
    const post = (space: SpaceView) => void this.panel.webview.postMessage({ type: 'space', space } satisfies HostMessage);
    post({ ...this.space, measuring: prefix, error: undefined });
    try {
      const measured = await measureSpace(this.deps.connection.requireSession().client, prefix);
      const space = measured ?? { ...this.space, measuring: undefined };
      if (measured) {
        this.space = measured;
      }
      post(space);
      return measured;
    } catch (err) {
      const error = `Cannot measure ${prefix}: ${(err as Error).message}`;
      this.deps.log.warn(`Dashboard: ${error}`);
      post({ ...this.space, measuring: undefined, error });
      throw err;
    }
  }

  /** Shows what was clicked in the tree (and opens a key). */
  private async reveal(kind: 'key' | 'folder' | 'member', target: string): Promise<void> {
    const { tree, view } = this.deps;
    let node: TreeNode | undefined;
    if (kind === 'member') {
      const [root] = await tree.getChildren();
      const members = (await tree.getChildren(root)).find(n => n.id === 'members');
      node = members && (await tree.getChildren(members)).find(n => n.getTreeItem().label === target);
    } else {
      node = await tree.nodeForKey(target);
    }
    if (node) {
      await view.reveal(node, { select: true, focus: true, expand: kind !== 'key' });
    }
    if (kind === 'key') {
      await vscode.commands.executeCommand(COMMANDS.openKey, valueUri(target));
    }
  }

  private follow(session: EtcdSession): void {
    this.feed?.dispose();
    const heartbeatMs = readHeartbeatMs();
    const poll = this.deps.connection.members;
    if (!poll) {
      return; // the session ended meanwhile: the next one is followed when it starts
    }
    const key = describeConnection(session.config);
    const history = DashboardPanel.activity.get(key) ?? [];
    DashboardPanel.activity.set(key, history);
    this.metricsReading?.dispose();
    this.metricsReading = this.deps.connection.readMetricsWhile();
    const feed = new DashboardFeed(
      session,
      poll,
      (m: HostMessage) => {
        if (m.type === 'update' && m.activity) {
          // Kept on the host, so a dashboard closed and opened again in this window shows it.
          history.push(...m.activity);
          history.splice(0, Math.max(0, history.length - ACTIVITY_SECONDS));
        }
        void this.panel.webview.postMessage(m);
      },
      {
        heartbeatMs,
        title: this.deps.connection.displayName,
        history: [...history],
        metrics: this.deps.connection.metrics.map(m => metricsView(m, true)),
        metricsEverySeconds: readMetricsIntervalMs() / 1000,
        onError: (what, err) => this.deps.log.warn(`Dashboard: cannot read ${what}: ${(err as Error).message}`),
      },
    );
    this.feed = feed;
    this.sessionEnd?.dispose();
    this.sessionEnd = session.onDidEnd(() => feed.dispose());
    feed.start().catch(err => this.deps.log.warn(`Dashboard: cannot read the cluster: ${(err as Error).message}`));
  }

  dispose(): void {
    if (DashboardPanel.current === this) {
      DashboardPanel.current = undefined;
    }
    this.feed?.dispose();
    this.sessionEnd?.dispose();
    this.metricsReading?.dispose();
    this.disposables.forEach(d => d.dispose());
    this.panel.dispose();
  }
}

const VIEW_TYPE = 'ztap.dashboard';

/** What the page draws of a member's metrics: all its points when it opens, then the newest of each round. */
function metricsView(m: MemberMetrics, all: boolean): MemberMetricsView {
  return { url: m.url, memberId: m.memberId, name: m.name, error: m.error, warnings: m.warnings, points: all ? m.points : m.points.slice(-1) };
}

/** Scripts on, and nothing loaded but the bundled page (dist/). */
function panelOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] };
}

/** VS Code's theme colours, so light, dark and high contrast all read well. */
const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 16px 16px; }
header { display: flex; align-items: baseline; gap: 12px; flex-wrap: wrap; }
h1 { font-size: 1.3em; margin: 12px 0 4px; } h2 { font-size: 1.05em; margin: 18px 0 6px; }
.muted { color: var(--vscode-descriptionForeground); }
.buttons { margin-left: auto; display: flex; gap: 6px; }
button { background: var(--vscode-button-background); color: var(--vscode-button-foreground); border: 1px solid var(--vscode-button-border, transparent); padding: 4px 10px; cursor: pointer; }
button:hover { background: var(--vscode-button-hoverBackground); }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 8px; }
.tiles { grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); margin-top: 8px; }
.card, .tile { border: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, #8884)); border-radius: 4px; padding: 8px; }
.card.leader { border-color: var(--vscode-charts-yellow); }
.card.unhealthy { border-color: var(--vscode-errorForeground); background: color-mix(in srgb, var(--vscode-errorForeground) 12%, transparent); }
.title { font-weight: 600; }
.alarm, .unhealthy .health { color: var(--vscode-errorForeground); font-weight: 600; }
.bar { height: 6px; background: var(--vscode-editorWidget-background, #8883); margin-top: 4px; }
.bar .fill { height: 100%; background: var(--vscode-charts-blue); }
.bar .fill.high { background: var(--vscode-charts-orange); }
.row { display: flex; gap: 16px; align-items: center; }
.leader-card { display: flex; gap: 10px; align-items: center; }
.ring-track { fill: none; stroke: var(--vscode-editorWidget-background, #8883); stroke-width: 6; }
.ring-left { fill: none; stroke: var(--vscode-charts-green); stroke-width: 6; }
.ring-text { fill: var(--vscode-foreground); font-size: 12px; }
.candidates { margin: 4px 0; padding-left: 20px; }
.tile.lead { border-color: var(--vscode-charts-yellow); } .tile.wait { border-color: var(--vscode-charts-blue); }
.tile.warn { border-color: var(--vscode-charts-orange); } .tile.idle { opacity: 0.8; }
.warning { color: var(--vscode-charts-orange); }
.term { fill: var(--vscode-charts-blue); } .term.leading { fill: var(--vscode-charts-green); } .term.lease-gone { fill: var(--vscode-charts-red); }
.term-label { fill: var(--vscode-foreground); font-size: 11px; }
.series.nodes { fill: var(--vscode-charts-green); } .series.election { fill: var(--vscode-charts-yellow); }
.series.policies { fill: var(--vscode-charts-blue); } .series.other { fill: var(--vscode-charts-purple); }
.legend { margin-left: 8px; padding: 0 6px; border-left: 10px solid; }
.legend.nodes { border-color: var(--vscode-charts-green); } .legend.election { border-color: var(--vscode-charts-yellow); }
.legend.policies { border-color: var(--vscode-charts-blue); } .legend.other { border-color: var(--vscode-charts-purple); }
.clickable { cursor: pointer; } .clickable:hover { outline: 1px solid var(--vscode-focusBorder); }
svg.activity, svg.timeline { display: block; }
.axis { stroke: var(--vscode-descriptionForeground); stroke-width: 1; } .axis-label { fill: var(--vscode-descriptionForeground); font-size: 10px; }
.second:hover rect { opacity: 0.7; }
.card.warned { border-color: var(--vscode-charts-orange); }
.metrics-warning { color: var(--vscode-charts-orange); } .metrics-warning.critical { color: var(--vscode-errorForeground); font-weight: 600; }
.metrics-error { color: var(--vscode-disabledForeground, var(--vscode-descriptionForeground)); font-style: italic; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: 10px; }
.chart { border: 1px solid var(--vscode-panel-border, #8884); border-radius: 4px; padding: 4px 6px; }
.chart .now { float: right; }
.chart svg { display: block; width: 100%; }
.line { fill: none; stroke-width: 1.5; } .dot { fill: currentColor; stroke: none; }
.m0 { stroke: var(--vscode-charts-blue); color: var(--vscode-charts-blue); } .m1 { stroke: var(--vscode-charts-green); color: var(--vscode-charts-green); }
.m2 { stroke: var(--vscode-charts-purple); color: var(--vscode-charts-purple); } .m3 { stroke: var(--vscode-charts-yellow); color: var(--vscode-charts-yellow); }
.m4 { stroke: var(--vscode-charts-red); color: var(--vscode-charts-red); }
.threshold { stroke: var(--vscode-charts-orange); stroke-dasharray: 4 3; stroke-width: 1; }
.member-key { margin-right: 10px; } .member-key::before { content: '■ '; }
.space-bar { display: grid; grid-template-columns: minmax(120px, 25%) 1fr minmax(200px, 30%); gap: 8px; align-items: center; padding: 2px 4px; }
.space-bar .bar { height: 10px; margin: 0; } .space-label { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.crumb { font-weight: 600; } #space .row { flex-wrap: wrap; margin-bottom: 6px; }
`;
