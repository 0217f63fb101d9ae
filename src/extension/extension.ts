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
import { COMPARISON_SCHEME, ComparisonDocuments } from './compare/comparisonDocuments';
import { DIAGNOSIS_SCHEME, DiagnosisDocuments } from './diagnose/diagnosisDocuments';
import { ConnectWelcome } from './connections/connectWelcome';
import { WalkthroughConnectStep } from './connections/walkthroughConnectStep';
import { RunningSaves } from './snapshots/runningSaves';
import { SNAPSHOT_STATUS_SCHEME, SnapshotStatusDocuments } from './snapshots/snapshotStatusDocuments';
import { Shutdown } from './shutdown';
import { EXTENSION_ID } from './connections/configureConnection';

/**
 * The composition root: builds every service once, lists each once (in `parts`, which
 * commands get and which the shutdown disposes after its ordered stops), and wires the views.
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
  const parts: Omit<Services, 'shutdown'> = {
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
    comparisons: new ComparisonDocuments(),
    diagnoses: new DiagnosisDocuments(),
    extensionUri: context.extensionUri,
    clusterStatus: new DashboardStatusBar(connection),
    connectWelcome: new ConnectWelcome(connection),
    runningSaves: new RunningSaves(),
    walkthrough: new WalkthroughConnectStep(connection),
  };
  // Snapshot saves first (removing their partial files), then the local election nodes
  // resign (while etcd and the connection still run), then the local etcd stops, and
  // only then is each service disposed, the log last.
  const shutdown = new Shutdown(
    [
      { name: 'cancelling snapshot saves', run: () => parts.runningSaves.cancelAll() },
      { name: 'stopping local election nodes', run: () => parts.localNodes.stopAll() },
      { name: 'stopping the local etcd', run: () => parts.localEtcd.stop() },
      ...Object.entries(parts)
        .reverse()
        .flatMap(([name, service]) => (isDisposable(service) ? [{ name: `disposing ${name}`, run: () => service.dispose() }] : [])),
    ],
    log,
  );
  const services: Services = { ...parts, shutdown };
  context.subscriptions.push(
    { dispose: () => void shutdown.run() },
    { dispose: () => DashboardPanel.open?.dispose() },
    DashboardPanel.registerSerializer(dashboardDeps(services)),
    vscode.workspace.registerFileSystemProvider(VALUE_SCHEME, values, { isCaseSensitive: true }),
    vscode.workspace.onDidOpenTextDocument(doc => void values.applyLanguage(doc)),
    vscode.window.registerFileDecorationProvider(values),
    vscode.workspace.registerTextDocumentContentProvider(SNAPSHOT_STATUS_SCHEME, services.snapshotStatus),
    vscode.workspace.registerTextDocumentContentProvider(COMPARISON_SCHEME, services.comparisons),
    vscode.workspace.registerTextDocumentContentProvider(DIAGNOSIS_SCHEME, services.diagnoses),
    ...registerCommands(services),
  );
  log.info('ZTAP etcd Explorer activated.');
  // Returned for the integration tests that run inside VS Code, and for deactivate.
  return services;
}

/**
 * Runs the stop that activate built, found through VS Code (the exports activate
 * returned) rather than through state kept in this module.
 */
export function deactivate(): Promise<void> | undefined {
  return vscode.extensions.getExtension<Services>(EXTENSION_ID)?.exports?.shutdown.run();
}

function isDisposable(value: unknown): value is vscode.Disposable {
  return typeof value === 'object' && value !== null && typeof (value as Partial<vscode.Disposable>).dispose === 'function';
}
