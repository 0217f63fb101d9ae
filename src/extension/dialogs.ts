import * as vscode from 'vscode';

/** The questions commands ask, in one place (tests answer them instead of the user). */
export class Dialogs {
  /** A modal warning with one action; true when the user chose it. */
  confirm: (message: string, detail: string, action: string) => Thenable<boolean> = async (message, detail, action) =>
    (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;

  /** An information notification with actions (Undo); the one chosen, or undefined when it is closed. */
  inform: (message: string, ...actions: string[]) => Thenable<string | undefined> = (message, ...actions) =>
    vscode.window.showInformationMessage(message, ...actions);

  /** A quick pick of items; the one picked, or undefined when it is dismissed. */
  pick: <T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions) => Thenable<T | undefined> = (items, options) =>
    vscode.window.showQuickPick(items, options);

  /** An input box; the text entered, or undefined when it is dismissed. */
  ask: (options: vscode.InputBoxOptions) => Thenable<string | undefined> = options => vscode.window.showInputBox(options);

  /** A warning notification with actions; the one chosen, or undefined when it is closed. */
  choose: (message: string, ...actions: string[]) => Thenable<string | undefined> = (message, ...actions) =>
    vscode.window.showWarningMessage(message, ...actions);
}
