import * as vscode from 'vscode';
import type { Services } from '../services';
import { keyOfUri, VALUE_SCHEME } from './valueUris';
import { COMMANDS } from '../commands/commandIds';

/** Says why the active key value cannot be saved (the status bar's lock links here). */
export async function whyReadOnly({ values, dialogs }: Services, _invocation: unknown, target?: vscode.Uri): Promise<string | undefined> {
  const uri = target ?? vscode.window.activeTextEditor?.document.uri;
  const reason = uri?.scheme === VALUE_SCHEME ? values.readOnlyOf(uri) : undefined;
  const message = reason ? `ZTAP: ${keyOfUri(uri!)} is read-only: ${reason}.` : 'ZTAP: this value can be edited and saved.';
  // Where the reason names a way out, it is a button.
  const actions = reason?.includes('Open Raw Value') ? ['Open Raw Value'] : reason?.includes('Replace Value from File') ? ['Replace Value from File'] : [];
  void dialogs.inform(message, ...actions).then(choice => {
    if (choice && uri) {
      void (choice === 'Open Raw Value'
        ? vscode.commands.executeCommand(COMMANDS.openRawValue, uri)
        : vscode.commands.executeCommand(COMMANDS.replaceValueFromFile, keyOfUri(uri)));
    }
  });
  return reason;
}
