import * as vscode from 'vscode';
import type { Services } from '../services';
import { keyOfUri, VALUE_SCHEME } from '../valueUris';

/** Says why the active key value cannot be saved (the status bar's lock links here). */
export async function whyReadOnly({ values }: Services, _invocation: unknown, target?: vscode.Uri): Promise<string | undefined> {
  const uri = target ?? vscode.window.activeTextEditor?.document.uri;
  const reason = uri?.scheme === VALUE_SCHEME ? values.readOnlyOf(uri) : undefined;
  const message = reason ? `ZTAP: ${keyOfUri(uri!)} is read-only: ${reason}.` : 'ZTAP: this value can be edited and saved.';
  void vscode.window.showInformationMessage(message);
  return reason;
}
