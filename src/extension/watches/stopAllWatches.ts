import * as vscode from 'vscode';
import type { Services } from '../services';

export function stopAllWatches({ watches }: Services): number {
  const stopped = watches.stopAll();
  void vscode.window.showInformationMessage(`ZTAP: stopped ${stopped} watch${stopped === 1 ? '' : 'es'}.`);
  return stopped;
}
