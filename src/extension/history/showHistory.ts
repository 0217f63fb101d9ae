import * as vscode from 'vscode';
import { readKeyHistory } from '../../core/history/keyHistory';
import type { Services } from '../services';
import { KeyNode } from '../keys/keyNode';
import { keyOfUri, VALUE_SCHEME } from '../keys/valueUris';
import { pickKeyPath } from '../keys/findKey';
import { Invocation, nodeOf } from '../commands/invocation';
import { withCancellableProgress } from '../progress';

/**
 * Show History: every version of a key still in etcd's history, in the History view.
 * The key is the row it was invoked on, the active value editor's, the one given, or asked.
 */
export async function showHistory(services: Services, invocation: Invocation, given?: string): Promise<string | undefined> {
  const uri = vscode.window.activeTextEditor?.document.uri;
  const key =
    nodeOf(invocation, KeyNode)?.key ??
    given ??
    (invocation.node === undefined && uri?.scheme === VALUE_SCHEME ? keyOfUri(uri) : undefined) ??
    (await pickKeyPath(services, undefined, 'ZTAP: Show History of Key'));
  if (key === undefined) {
    return undefined;
  }
  if (key.endsWith('/')) {
    throw new Error(`${key} is a folder: Show Changes tells what changed under a folder; Show History is for one key.`);
  }
  const history = await withCancellableProgress(`Reading the history of ${key}`, signal =>
    readKeyHistory(services.connection.requireSession().client, key, signal),
  );
  if (history) {
    await services.history.showKeyHistory(history);
  }
  return key;
}
