import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { ConnectionService } from './connectionService';
import { createLog } from './log';
import { PasswordStore } from './secrets';
import type { Services } from './services';
import { ClusterTreeProvider } from './tree/clusterTreeProvider';
import { VALUE_SCHEME, ValueDocumentProvider } from './valueDocuments';

/** The composition root: builds every service once and hands them to commands and views. */
export function activate(context: vscode.ExtensionContext): Services {
  const log = createLog();
  const connection = new ConnectionService(log, new PasswordStore(context.secrets));
  const tree = new ClusterTreeProvider(connection);
  const values = new ValueDocumentProvider(connection);
  const services: Services = { log, connection, tree, values };
  const view = vscode.window.createTreeView('ztap.cluster', { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(
    log,
    connection,
    tree,
    values,
    view,
    vscode.workspace.registerTextDocumentContentProvider(VALUE_SCHEME, values),
    ...registerCommands(services),
  );
  log.info('ZTAP etcd Explorer activated.');
  // Returned for the integration tests that run inside VS Code.
  return services;
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
