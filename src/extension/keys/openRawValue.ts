import * as vscode from 'vscode';
import type { Services } from '../services';
import { keyOfUri, VALUE_SCHEME, valueUri } from './valueUris';
import type { Invocation } from '../commands/invocation';
import { openKey } from './openKey';

/** From a decoded ZTAP policy view: the record's JSON as stored, editable where writes are allowed. */
export async function openRawValue(services: Services, invocation: Invocation, target?: vscode.Uri): Promise<vscode.TextEditor | undefined> {
  const uri = target ?? vscode.window.activeTextEditor?.document.uri;
  if (!uri || uri.scheme !== VALUE_SCHEME) {
    void vscode.window.showInformationMessage('ZTAP: Open Raw Value works on an open key value: open one from the tree first.');
    return undefined;
  }
  return openKey(services, invocation, valueUri(keyOfUri(uri), { raw: true }));
}
