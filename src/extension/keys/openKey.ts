import * as vscode from 'vscode';
import type { Services } from '../services';
import { findKey } from './findKey';
import type { Invocation } from '../commands/invocation';
import { valueUri, VALUE_SCHEME } from './valueUris';

/** Opens a key's value read-only: JSON with the JSON language, binary as hex, big values as a preview. */
export async function openKey(services: Services, invocation: Invocation, target?: vscode.Uri | string): Promise<vscode.TextEditor | undefined> {
  const { values } = services;
  if (target === undefined) {
    // From the palette: the same completion as Find Key, which opens the key and shows it in the tree.
    const key = await findKey(services, invocation);
    return key && !key.endsWith('/') ? vscode.window.activeTextEditor : undefined;
  }
  const uri = await resolveTarget(target);
  if (!uri) {
    return undefined;
  }
  values.reload(uri);
  const doc = await vscode.workspace.openTextDocument(uri);
  const format = values.formatOf(uri);
  const typed = format ? await vscode.languages.setTextDocumentLanguage(doc, format.language) : doc;
  if (format?.notice) {
    void vscode.window.showWarningMessage(`ZTAP: ${format.notice}`);
  }
  return vscode.window.showTextDocument(typed, { preview: true });
}

async function resolveTarget(target: vscode.Uri | string | undefined): Promise<vscode.Uri | undefined> {
  if (target instanceof vscode.Uri && target.scheme === VALUE_SCHEME) {
    return target;
  }
  const key = typeof target === 'string' ? target : await vscode.window.showInputBox({ title: 'ZTAP: open key', prompt: 'Key to open', value: '/ztap/' });
  return key ? valueUri(key) : undefined;
}
