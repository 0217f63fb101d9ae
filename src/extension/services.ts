import type * as vscode from 'vscode';
import type { ConnectionService } from './connections/connectionService';
import type { LocalEtcdService } from './connections/localEtcdService';
import type { LocalNodesService } from './election/localNodesService';
import type { LocalNodesStatusBar } from './election/localNodesStatusBar';
import type { TreeLiveUpdates } from './tree/treeLiveUpdates';
import type { TreeNode } from './tree/treeNode';
import type { Log } from './log';
import type { PasswordStore } from './connections/secrets';
import type { ClusterTreeProvider } from './tree/clusterTreeProvider';
import type { ValueDocumentProvider } from './keys/valueDocuments';
import type { SnapshotStatusDocuments } from './snapshots/snapshotStatusDocuments';
import type { ValueStatusBar } from './keys/valueStatusBar';
import type { WatchesService } from './watches/watchesService';
import type { RecentDeletes } from './keys/recentDeletes';
import type { HistoryTreeProvider } from './history/historyTreeProvider';
import type { Dialogs } from './dialogs';
import type { OpenSnapshots } from './snapshots/openSnapshots';
import type { DashboardStatusBar } from './dashboard/dashboardStatusBar';
import type { ConnectWelcome } from './connections/connectWelcome';
import type { WritePolicy } from './writePolicy';
import type { RunningSaves } from './snapshots/runningSaves';
import type { WalkthroughConnectStep } from './connections/walkthroughConnectStep';
import type { Shutdown } from './shutdown';
import type { ComparisonDocuments } from './compare/comparisonDocuments';
import type { DiagnosisDocuments } from './diagnose/diagnosisDocuments';

/** The composition root's parts, handed to each command. */
export interface Services {
  log: Log;
  passwords: PasswordStore;
  connection: ConnectionService;
  tree: ClusterTreeProvider;
  values: ValueDocumentProvider;
  snapshotStatus: SnapshotStatusDocuments;
  valueStatus: ValueStatusBar;
  localEtcd: LocalEtcdService;
  localNodes: LocalNodesService;
  statusBar: LocalNodesStatusBar;
  watches: WatchesService;
  live: TreeLiveUpdates;
  view: vscode.TreeView<TreeNode>;
  /** The folder of this extension's log files (the tests read the report from there). */
  logUri: vscode.Uri;
  /** Where deletes save what they delete (in the extension's global storage). */
  recoveryDir: string;
  recentDeletes: RecentDeletes;
  /** The History view: a key's versions or the changes under a folder. */
  history: HistoryTreeProvider;
  /** Maintenance commands' confirmations (tests answer them). */
  dialogs: Dialogs;
  /** Diagnose Cluster's reports, as read-only Markdown documents. */
  diagnoses: DiagnosisDocuments;
  /** The values of the last Compare with Connection, for its diffs. */
  comparisons: ComparisonDocuments;
  /** Snapshot files opened as read-only roots of the tree. */
  snapshots: OpenSnapshots;
  /** Where the extension is installed (the dashboard's page is in its dist/). */
  extensionUri: vscode.Uri;
  /** The cluster's status-bar item ("etcd: 3 members"), following the members' poll. */
  clusterStatus: DashboardStatusBar;
  /** The "Get Connected" view shown while the connection in use does not answer. */
  connectWelcome: ConnectWelcome;
  /** The door every write goes through: read-only check, confirmation, log line. */
  writes: WritePolicy;
  /** Snapshot saves in progress (cancelled when the window closes). */
  runningSaves: RunningSaves;
  /** The History view itself (its provider is `history`). */
  historyView: vscode.TreeView<unknown>;
  /** Ticks the walkthrough's Connect step. */
  walkthrough: WalkthroughConnectStep;
  /** The ordered stop deactivate runs: saves, local nodes, local etcd, then every service. */
  shutdown: Shutdown;
}
