import * as vscode from 'vscode';
import { COMMANDS } from '../commands/commandIds';
import type { ConnectionService } from '../connectionService';

/** A status-bar item while connected: the cluster in a few words; a click opens the Cluster Dashboard. */
export class DashboardStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('ztap.dashboard', vscode.StatusBarAlignment.Left, 51);
  private readonly subscription: vscode.Disposable;

  constructor(connection: ConnectionService) {
    this.item.name = 'ZTAP Cluster Dashboard';
    this.item.command = COMMANDS.openDashboard;
    this.subscription = connection.onDidChangeState(state => {
      if (state.kind === 'connected') {
        this.item.text = `$(pulse) etcd: ${state.memberCount} member${state.memberCount === 1 ? '' : 's'}`;
        this.item.tooltip = `ZTAP: ${state.target}, cluster ${state.clusterId}. Open Cluster Dashboard`;
        this.item.show();
      } else {
        this.item.hide();
      }
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
