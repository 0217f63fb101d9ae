import * as vscode from 'vscode';

/** The one log channel of the extension ("ZTAP etcd"), created once at activation. */
export type Log = vscode.LogOutputChannel;

export function createLog(): Log {
  return vscode.window.createOutputChannel('ZTAP etcd', { log: true });
}
