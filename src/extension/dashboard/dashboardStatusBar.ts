import * as vscode from 'vscode';
import { unhealthyCount } from '../../core/cluster/memberHealthPoll';
import { plural } from '../../core/text/plural';
import { COMMANDS } from '../commands/commandIds';
import type { ConnectionService } from '../connections/connectionService';

/**
 * A status-bar item while connected: the cluster in a few words, following the members'
 * poll (a member that stops answering shows within one poll); a click opens the Cluster Dashboard.
 */
export class DashboardStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('ztap.dashboard', vscode.StatusBarAlignment.Left, 51);
  private readonly subscriptions: vscode.Disposable[];

  constructor(connection: ConnectionService) {
    this.item.name = 'ZTAP Cluster Dashboard';
    this.item.command = COMMANDS.openDashboard;
    this.subscriptions = [
      connection.onDidChangeState(state => {
        if (state.kind === 'connected') {
          this.draw(state.memberCount, 0, `${state.target}, cluster ${state.clusterId}`);
          this.item.show();
        } else {
          this.item.hide();
        }
      }),
      connection.onDidPollMembers(members => {
        if (connection.state.kind === 'connected') {
          this.draw(members.members.length, unhealthyCount(members), `${connection.state.target}, cluster ${members.clusterId}`);
        }
      }),
    ];
  }

  /** What the item says now (the suite reads it). */
  get text(): string {
    return this.item.text;
  }

  private draw(count: number, unhealthy: number, where: string): void {
    this.item.text = `${unhealthy ? '$(warning)' : '$(pulse)'} etcd: ${plural(count, 'member')}${unhealthy ? `, ${unhealthy} unhealthy` : ''}`;
    this.item.backgroundColor = unhealthy ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.tooltip = `ZTAP: ${where}${unhealthy ? `: ${plural(unhealthy, 'member')} not answering` : ''}. Open Cluster Dashboard`;
  }

  dispose(): void {
    this.subscriptions.forEach(s => s.dispose());
    this.item.dispose();
  }
}
