import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { cancelRunningSnapshots } from './commands/saveSnapshot';
import { ConnectionService } from './connectionService';
import { TreeLiveUpdates } from './treeLiveUpdates';
import { WatchesService } from './watchesService';
import { LocalEtcdService } from './localEtcdService';
import { LocalNodesService } from './localNodesService';
import { LocalNodesStatusBar } from './localNodesStatusBar';
import { createLog } from './log';
import { PasswordStore } from './secrets';
import type { Services } from './services';
import { ClusterTreeProvider } from './tree/clusterTreeProvider';
import { ValueDocumentProvider } from './valueDocuments';
import { VALUE_SCHEME } from './valueUris';
import { ValueStatusBar } from './valueStatusBar';
import { RecentDeletes } from './recentDeletes';
import { HistoryTreeProvider } from './history/historyView';
import { Dialogs } from './dialogs';
import { OpenSnapshots } from './snapshots/openSnapshots';
import { DashboardPanel } from './dashboard/dashboardPanel';
import { dashboardDeps } from './commands/openDashboard';
import { DashboardStatusBar } from './dashboard/dashboardStatusBar';
import { ConnectWelcome } from './connectWelcome';
import { WalkthroughConnectStep } from './walkthroughConnectStep';
import { SNAPSHOT_STATUS_SCHEME, SnapshotStatusDocuments } from './snapshotStatusDocuments';

let active: Services | undefined;

/** The composition root: builds every service once and hands them to commands and views. */
export function activate(context: vscode.ExtensionContext): Services {
  const log = createLog();
  const passwords = new PasswordStore(context.secrets);
  const connection = new ConnectionService(log, passwords, context.globalState);
  const localNodes = new LocalNodesService(connection, log);
  const watches = new WatchesService(connection, context.globalState, log);
  const snapshots = new OpenSnapshots(log);
  const tree = new ClusterTreeProvider(connection, localNodes, watches, snapshots);
  const values = new ValueDocumentProvider(connection, log, snapshots, context.workspaceState);
  const live = new TreeLiveUpdates(connection, tree, values, log);
  const valueStatus = new ValueStatusBar(values);
  const snapshotStatus = new SnapshotStatusDocuments();
  const localEtcd = new LocalEtcdService(context.globalStorageUri, connection, log);
  const statusBar = new LocalNodesStatusBar(localNodes);
  const view = vscode.window.createTreeView('ztap.cluster', { treeDataProvider: tree, showCollapseAll: true, canSelectMany: true });
  tree.track(view);
  tree.electionClock = live.electionClock;
  const history = new HistoryTreeProvider();
  const historyView = vscode.window.createTreeView('ztap.history', { treeDataProvider: history, canSelectMany: true });
  history.view = historyView;
  const services: Services = {
    log,
    passwords,
    connection,
    tree,
    values,
    valueStatus,
    snapshotStatus,
    localEtcd,
    localNodes,
    statusBar,
    watches,
    live,
    view,
    logUri: context.logUri,
    recoveryDir: vscode.Uri.joinPath(context.globalStorageUri, 'recovery').fsPath,
    recentDeletes: new RecentDeletes(context.globalState),
    history,
    dialogs: new Dialogs(),
    snapshots,
    extensionUri: context.extensionUri,
    clusterStatus: new DashboardStatusBar(connection),
    connectWelcome: new ConnectWelcome(connection),
  };
  context.subscriptions.push(
    log,
    connection,
    tree,
    values,
    valueStatus,
    localEtcd,
    localNodes,
    statusBar,
    watches,
    live,
    view,
    history,
    historyView,
    snapshots,
    services.clusterStatus,
    services.connectWelcome,
    new WalkthroughConnectStep(connection),
    { dispose: () => DashboardPanel.open?.dispose() },
    DashboardPanel.registerSerializer(dashboardDeps(services)),
    vscode.workspace.registerFileSystemProvider(VALUE_SCHEME, values, { isCaseSensitive: true }),
    vscode.workspace.onDidOpenTextDocument(doc => void values.applyLanguage(doc)),
    vscode.window.registerFileDecorationProvider(values),
    vscode.workspace.registerTextDocumentContentProvider(SNAPSHOT_STATUS_SCHEME, snapshotStatus),
    ...registerCommands(services),
  );
  log.info('ZTAP etcd Explorer activated.');
  active = services;
  // Returned for the integration tests that run inside VS Code.
  return services;
}

/**
 * Cancels snapshot saves (removing their partial files), resigns and stops the local election nodes (while etcd still runs), then stops the
 * local etcd; the rest is disposed through context.subscriptions.
 */
export async function deactivate(): Promise<void> {
  await cancelRunningSnapshots();
  await active?.localNodes.stopAll();
  await active?.localEtcd.stop();
  active = undefined;
}
