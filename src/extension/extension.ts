import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { ConnectionService } from './connections/connectionService';
import { TreeLiveUpdates } from './tree/treeLiveUpdates';
import { WatchesService } from './watches/watchesService';
import { LocalEtcdService } from './connections/localEtcdService';
import { LocalNodesService } from './election/localNodesService';
import { LocalNodesStatusBar } from './election/localNodesStatusBar';
import { createLog } from './log';
import { PasswordStore } from './connections/secrets';
import type { Services } from './services';
import { ClusterTreeProvider } from './tree/clusterTreeProvider';
import { ValueDocumentProvider } from './keys/valueDocuments';
import { VALUE_SCHEME } from './keys/valueUris';
import { ValueStatusBar } from './keys/valueStatusBar';
import { RecentDeletes } from './keys/recentDeletes';
import { HistoryTreeProvider } from './history/historyTreeProvider';
import { Dialogs } from './dialogs';
import { WritePolicy } from './writePolicy';
import { OpenSnapshots } from './snapshots/openSnapshots';
import { DashboardPanel } from './dashboard/dashboardPanel';
import { dashboardDeps } from './dashboard/openDashboard';
import { DashboardStatusBar } from './dashboard/dashboardStatusBar';
import { ConnectWelcome } from './connections/connectWelcome';
import { WalkthroughConnectStep } from './connections/walkthroughConnectStep';
import { RunningSaves } from './snapshots/runningSaves';
import { SNAPSHOT_STATUS_SCHEME, SnapshotStatusDocuments } from './snapshots/snapshotStatusDocuments';

/** What deactivation must wait for: the stops that dispose() cannot await, in order. */
let stopping: (() => Promise<void>) | undefined;

/**
 * The composition root: builds every service once, lists each once (in `services`,
 * which commands get and which is disposed with the extension), and wires the views.
 */
export function activate(context: vscode.ExtensionContext): Services {
  const log = createLog();
  const passwords = new PasswordStore(context.secrets);
  const connection = new ConnectionService(log, passwords, context.globalState);
  const localNodes = new LocalNodesService(connection, log);
  const watches = new WatchesService(connection, context.globalState, log);
  const snapshots = new OpenSnapshots(log);
  const tree = new ClusterTreeProvider(connection, localNodes, watches, snapshots);
  const dialogs = new Dialogs();
  const writes = new WritePolicy(connection, log, dialogs);
  const values = new ValueDocumentProvider(connection, writes, dialogs, log, snapshots, context.workspaceState);
  const live = new TreeLiveUpdates(connection, tree, values, log);
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
    valueStatus: new ValueStatusBar(values),
    snapshotStatus: new SnapshotStatusDocuments(),
    localEtcd: new LocalEtcdService(context.globalStorageUri, connection, log),
    localNodes,
    statusBar: new LocalNodesStatusBar(localNodes),
    watches,
    live,
    view,
    logUri: context.logUri,
    recoveryDir: vscode.Uri.joinPath(context.globalStorageUri, 'recovery').fsPath,
    recentDeletes: new RecentDeletes(context.globalState),
    history,
    historyView,
    dialogs,
    writes,
    snapshots,
    extensionUri: context.extensionUri,
    clusterStatus: new DashboardStatusBar(connection),
    connectWelcome: new ConnectWelcome(connection),
    runningSaves: new RunningSaves(),
    walkthrough: new WalkthroughConnectStep(connection),
  };
  context.subscriptions.push(
    ...Object.values(services).filter(isDisposable),
    { dispose: () => DashboardPanel.open?.dispose() },
    DashboardPanel.registerSerializer(dashboardDeps(services)),
    vscode.workspace.registerFileSystemProvider(VALUE_SCHEME, values, { isCaseSensitive: true }),
    vscode.workspace.onDidOpenTextDocument(doc => void values.applyLanguage(doc)),
    vscode.window.registerFileDecorationProvider(values),
    vscode.workspace.registerTextDocumentContentProvider(SNAPSHOT_STATUS_SCHEME, services.snapshotStatus),
    ...registerCommands(services),
  );
  // Snapshot saves first (removing their partial files), then the local election nodes
  // resign (while etcd still runs), then the local etcd stops; the rest is disposed
  // through context.subscriptions, after deactivate.
  stopping = async () => {
    await services.runningSaves.cancelAll();
    await services.localNodes.stopAll();
    await services.localEtcd.stop();
  };
  log.info('ZTAP etcd Explorer activated.');
  // Returned for the integration tests that run inside VS Code.
  return services;
}

/** Waits for what activate said deactivation must wait for. */
export async function deactivate(): Promise<void> {
  const stop = stopping;
  stopping = undefined;
  await stop?.();
}

function isDisposable(value: unknown): value is vscode.Disposable {
  return typeof value === 'object' && value !== null && typeof (value as Partial<vscode.Disposable>).dispose === 'function';
}
