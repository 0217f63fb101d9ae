import * as vscode from 'vscode';
import type { Services } from '../services';
import { FolderNode } from '../keys/folderNode';
import { Invocation, nodeOf } from '../commands/invocation';
import type { UserWatch } from './watchesService';

/**
 * Starts a live watch. The prefix is asked for: it defaults to the folder the command
 * was invoked on, else `{keyPrefix}/`, and recent prefixes are offered.
 */
export async function watchPrefix({ connection, watches }: Services, invocation: Invocation, given?: unknown): Promise<UserWatch | undefined> {
  const state = await connection.ensureConnected();
  if (state.kind !== 'connected' || !connection.config) {
    throw new Error('Connect to etcd first: watches run on the current connection.');
  }
  const suggested = nodeOf(invocation, FolderNode)?.prefix ?? `${connection.config.keyPrefix}/`;
  const prefix = typeof given === 'string' ? given : await ask(suggested, watches.recentPrefixes);
  if (!prefix) {
    return undefined;
  }
  return watches.start(prefix);
}

async function ask(defaultPrefix: string, recent: string[]): Promise<string | undefined> {
  const pick = vscode.window.createQuickPick();
  pick.title = 'ZTAP: Watch Prefix';
  pick.placeholder = 'A key prefix to watch, e.g. /ztap/policies/';
  pick.value = defaultPrefix;
  const items = () => {
    const typed = pick.value.trim();
    const rest = [defaultPrefix, ...recent].filter((p, i, all) => p !== typed && all.indexOf(p) === i);
    return [...(typed ? [{ label: typed, description: 'watch this prefix' }] : []), ...rest.map(p => ({ label: p, description: 'recent' }))];
  };
  pick.items = items();
  pick.onDidChangeValue(() => (pick.items = items()));
  return new Promise(resolve => {
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]?.label ?? (pick.value.trim() || undefined));
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}
