import * as vscode from 'vscode';
import type { WriteConflict } from '../core/writes/guardedWrites';
import { askAboutRestoreConflict, type RestoreChoice } from './history/restoreDialog';
import { askAboutConflict, askAboutInvalidJson, type ConflictChoice } from './keys/valueSaveDialogs';

/** What Restore Keys to Cluster is told to do with a snapshot's keys. */
export type RestoreAnswer = 'create and overwrite' | 'create only' | 'cancel';

/**
 * The questions the extension asks, in one place: the one seam through which tests
 * answer them instead of the user (they assign a field and put it back).
 */
export class Dialogs {
  /** A save met a change made in etcd meanwhile: Compare, Overwrite or Cancel. */
  saveConflict: (key: string, conflict: WriteConflict) => Thenable<ConflictChoice> = askAboutConflict;

  /** The text to save is no longer valid JSON where the key held JSON: true to save anyway. */
  invalidJson: (key: string, error: string) => Thenable<boolean> = askAboutInvalidJson;

  /** Restore This Version met a change made after the history was read. */
  restoreConflict: (key: string, conflict: WriteConflict) => Thenable<RestoreChoice> = askAboutRestoreConflict;

  /** Restore Keys to Cluster: what to write, told how many keys are absent, changed and the same. */
  restoreFromSnapshot: (message: string, detail: string, counts: { create: number; update: number }) => Thenable<RestoreAnswer> = async (
    message,
    detail,
    { create, update },
  ) => {
    const createOnly = `Create ${create}`;
    const both = `Create ${create}, Overwrite ${update}`;
    const picked = await vscode.window.showWarningMessage(message, { modal: true, detail }, ...(update > 0 ? [createOnly, both] : [createOnly]));
    return picked === both ? 'create and overwrite' : picked === createOnly ? 'create only' : 'cancel';
  };

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

  /** A modal explanation (Check Access's answer) with actions; the one chosen, or undefined. */
  explain: (message: string, detail: string, ...actions: string[]) => Thenable<string | undefined> = (message, detail, ...actions) =>
    vscode.window.showInformationMessage(message, { modal: true, detail }, ...actions);

  /** A warning notification with actions; the one chosen, or undefined when it is closed. */
  choose: (message: string, ...actions: string[]) => Thenable<string | undefined> = (message, ...actions) =>
    vscode.window.showWarningMessage(message, ...actions);
}
