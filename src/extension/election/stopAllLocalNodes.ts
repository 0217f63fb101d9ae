import * as vscode from 'vscode';
import type { Services } from '../services';

export async function stopAllLocalNodes({ localNodes }: Services): Promise<number> {
  const stopped = await localNodes.stopAll();
  void vscode.window.showInformationMessage(`ZTAP: stopped ${stopped} local election node${stopped === 1 ? '' : 's'}.`);
  return stopped;
}
