import * as vscode from 'vscode';
import type { Services } from '../services';

export async function stopLocalEtcd({ localEtcd }: Services): Promise<boolean> {
  const stopped = await localEtcd.stop();
  void vscode.window.showInformationMessage(stopped ? 'ZTAP: local etcd stopped; back to the configured endpoints.' : 'ZTAP: the local etcd is not running.');
  return stopped;
}
