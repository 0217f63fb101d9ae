import * as vscode from 'vscode';
import { PermissionDenied } from '../../core/client/errors';
import { COMMANDS } from '../commands/commandIds';
import type { AccessQuestion } from './checkAccess';

/** The Check Access question a denial asks, when it names a user and a key (else undefined). */
export function accessQuestionOf(err: unknown): AccessQuestion | undefined {
  if (!(err instanceof PermissionDenied) || !('op' in err.request) || !err.user) {
    return undefined;
  }
  return { user: err.user, key: err.request.key, asPrefix: err.request.prefix === true };
}

/** The button a denial's notification carries. */
export const CHECK_ACCESS = 'Check Access';

/** Runs Check Access on what a denial was about (a notification's button, an error row's click). */
export function runCheckAccess(question: AccessQuestion): Thenable<unknown> {
  return vscode.commands.executeCommand(COMMANDS.checkAccess, question);
}

/** A denial as an error notification with Check Access (and `more`, such as Open Log); the choice made. */
export async function showDenied(message: string, question: AccessQuestion, ...more: string[]): Promise<string | undefined> {
  const choice = await vscode.window.showErrorMessage(message, CHECK_ACCESS, ...more);
  if (choice === CHECK_ACCESS) {
    await runCheckAccess(question);
  }
  return choice;
}
