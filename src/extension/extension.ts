import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { ConnectionService } from './connectionService';
import { LocalEtcdService } from './localEtcdService';
import { createLog } from './log';
import { PasswordStore } from './secrets';
import type { Services } from './services';
import { ClusterTreeProvider } from './tree/clusterTreeProvider';
import { VALUE_SCHEME, ValueDocumentProvider } from './valueDocuments';

let active: Services | undefined;

/** The composition root: builds every service once and hands them to commands and views. */
export function activate(context: vscode.ExtensionContext): Services {
  const log = createLog();
  const connection = new ConnectionService(log, new PasswordStore(context.secrets));
  const tree = new ClusterTreeProvider(connection);
  const values = new ValueDocumentProvider(connection);
  const localEtcd = new LocalEtcdService(context.globalStorageUri, connection, log);
  const services: Services = { log, connection, tree, values, localEtcd, logUri: context.logUri };
  const view = vscode.window.createTreeView('ztap.cluster', { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(
    log,
    connection,
    tree,
    values,
    localEtcd,
    view,
    vscode.workspace.registerTextDocumentContentProvider(VALUE_SCHEME, values),
    ...registerCommands(services),
  );
  log.info('ZTAP etcd Explorer activated.');
  active = services;
  // Returned for the integration tests that run inside VS Code.
  return services;
}

/** Waits for the local etcd to shut down cleanly; the rest is disposed through context.subscriptions. */
export async function deactivate(): Promise<void> {
  await active?.localEtcd.stop();
  active = undefined;
}
