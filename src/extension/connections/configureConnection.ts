import * as vscode from 'vscode';
import type { Services } from '../services';

/**
 * Opens the settings UI on every setting of this extension: the single connection
 * (`ztap.etcd.*`) and the named connections (`ztap.connections`) together, so
 * neither is hidden behind the other's filter.
 */
export async function configureConnection(_services: Services): Promise<string> {
  const query = `@ext:${EXTENSION_ID}`;
  await vscode.commands.executeCommand('workbench.action.openSettings', query);
  return query;
}

export const EXTENSION_ID = 'ztap.ztap-etcd-explorer';
