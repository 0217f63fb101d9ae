import type * as vscode from 'vscode';
import type { ConnectionService } from './connectionService';
import type { LocalEtcdService } from './localEtcdService';
import type { Log } from './log';
import type { ClusterTreeProvider } from './tree/clusterTreeProvider';
import type { ValueDocumentProvider } from './valueDocuments';

/** The composition root's parts, handed to each command. */
export interface Services {
  log: Log;
  connection: ConnectionService;
  tree: ClusterTreeProvider;
  values: ValueDocumentProvider;
  localEtcd: LocalEtcdService;
  /** The folder of this extension's log files (the tests read the report from there). */
  logUri: vscode.Uri;
}
