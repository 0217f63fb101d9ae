import * as vscode from 'vscode';
import type { Services } from '../services';

export async function reconnect({ connection }: Services): Promise<void> {
  const state = await connection.connect();
  if (state.kind === 'failed') {
    void vscode.window.showErrorMessage(`ZTAP: cannot connect to etcd: ${state.failure.message}`);
  }
}
