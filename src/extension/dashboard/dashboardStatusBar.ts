import * as vscode from 'vscode';
import { unhealthyCount } from '../../core/cluster/memberHealthPoll';
import { warningLines } from '../../core/metrics/metricsPoll';
import { plural } from '../../core/text/plural';
import { COMMANDS } from '../commands/commandIds';
import type { ConnectionService } from '../connections/connectionService';

/**
 * A status-bar item while connected: the cluster in a few words, following the members'
 * poll (a member that stops answering shows within one poll) and, while the dashboard
 * reads them, the metrics warnings; a click opens the Cluster Dashboard.
 */
export class DashboardStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('ztap.dashboard', vscode.StatusBarAlignment.Left, 51);
  private readonly subscriptions: vscode.Disposable[];
  private shown = { count: 0, unhealthy: 0, where: '', warnings: [] as ReturnType<typeof warningLines> };

  constructor(connection: ConnectionService) {
    this.item.name = 'ZTAP Cluster Dashboard';
    this.item.command = COMMANDS.openDashboard;
    this.subscriptions = [
      connection.onDidChangeState(state => {
        if (state.kind === 'connected') {
          this.draw({ count: state.memberCount, unhealthy: 0, where: `${state.target}, cluster ${state.clusterId}`, warnings: [] });
          this.item.show();
        } else {
          this.item.hide();
        }
      }),
      connection.onDidPollMembers(members => {
        if (connection.state.kind === 'connected') {
          this.draw({ count: members.members.length, unhealthy: unhealthyCount(members), where: `${connection.state.target}, cluster ${members.clusterId}` });
        }
      }),
      connection.onDidPollMetrics(members => this.draw({ warnings: warningLines(members) })),
    ];
  }

  /** What the item says now (the suite reads it). */
  get text(): string {
    return this.item.text;
  }

  get tooltip(): string {
    return typeof this.item.tooltip === 'string' ? this.item.tooltip : '';
  }

  private draw(change: Partial<DashboardStatusBar['shown']>): void {
    const { count, unhealthy, where, warnings } = (this.shown = { ...this.shown, ...change });
    const critical = warnings.some(w => w.severity === 'critical');
    const words = [plural(count, 'member'), unhealthy ? `${unhealthy} unhealthy` : '', warnings.length ? plural(warnings.length, 'warning') : ''];
    this.item.text = `${unhealthy || warnings.length ? '$(warning)' : '$(pulse)'} etcd: ${words.filter(Boolean).join(', ')}`;
    this.item.backgroundColor =
      unhealthy || critical
        ? new vscode.ThemeColor(critical ? 'statusBarItem.errorBackground' : 'statusBarItem.warningBackground')
        : warnings.length
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    this.item.tooltip = [
      `ZTAP: ${where}${unhealthy ? `: ${plural(unhealthy, 'member')} not answering` : ''}.`,
      ...warnings.map(w => `${w.severity === 'critical' ? '✖' : '⚠'} ${w.text}`),
      'Open Cluster Dashboard',
    ].join('\n');
  }

  dispose(): void {
    this.subscriptions.forEach(s => s.dispose());
    this.item.dispose();
  }
}
