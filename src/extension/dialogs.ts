import * as vscode from 'vscode';

/** The yes/no questions of maintenance commands, in one place (tests answer them instead of the modal). */
export class Dialogs {
  /** A modal warning with one action; true when the user chose it. */
  confirm: (message: string, detail: string, action: string) => Thenable<boolean> = async (message, detail, action) =>
    (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
}
