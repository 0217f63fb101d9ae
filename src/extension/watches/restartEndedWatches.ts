import * as vscode from 'vscode';
import { plural } from '../../core/text/plural';
import type { Services } from '../services';
import type { UserWatch } from './watchesService';

/** From the notification of a change of cluster: the watches it ended, started again here. */
export async function restartEndedWatches({ watches }: Services): Promise<UserWatch[]> {
  if (watches.ended.length === 0) {
    void vscode.window.showInformationMessage('ZTAP: no watch has ended with a change of cluster.');
    return [];
  }
  const started = await watches.restartEnded();
  void vscode.window.showInformationMessage(`ZTAP: restarted ${plural(started.length, 'watch', 'watches')} on this connection.`);
  return started;
}
