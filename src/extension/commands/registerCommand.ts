import * as vscode from 'vscode';
import { classifyError } from '../../core/client/errors';
import { ConfigError } from '../../core/config/configError';
import type { Log } from '../log';
import { COMMANDS, CommandId } from './commandIds';
import { accessQuestionOf, showDenied } from '../access/offerCheckAccess';

/**
 * Registers a command so every failure is logged and shown the same way,
 * with an "Open Log" button (and Check Access for a denial that names a key), and
 * never escapes as an unhandled rejection.
 */
export function registerCommand(log: Log, id: CommandId, run: (...args: any[]) => unknown): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await run(...args);
    } catch (err) {
      const message = err instanceof ConfigError ? err.message : classifyError(err).message;
      log.error(`${id} failed: ${message}`);
      const question = accessQuestionOf(err);
      const shown = question ? showDenied(`ZTAP: ${message}`, question, 'Open Log') : vscode.window.showErrorMessage(`ZTAP: ${message}`, 'Open Log');
      void shown.then(choice => {
        if (choice === 'Open Log') {
          void vscode.commands.executeCommand(COMMANDS.showLog);
        }
      });
      return undefined;
    }
  });
}
