import * as vscode from 'vscode';
import { COMMANDS } from '../commands/commandIds';
import type { LocalNodesService } from './localNodesService';

/** One status-bar item: the role of this window's election nodes; hidden when there are none. */
export class LocalNodesStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('ztap.localNodes', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly nodes: LocalNodesService) {
    this.item.name = 'ZTAP Local Election Nodes';
    this.item.command = COMMANDS.focusLocalNodes;
    this.subscription = nodes.onDidChange(() => this.update());
    this.update();
  }

  /** The text shown, exposed for tests. */
  get text(): string {
    return this.item.text;
  }

  private update(): void {
    const all = this.nodes.all;
    if (all.length === 0) {
      this.item.hide();
      return;
    }
    const leader = all.find(p => p.isLeader);
    const roles = all.map(p => `${p.config.nodeId}: ${p.snapshot.role}`);
    this.item.text = leader
      ? `$(star-full) ZTAP leader: ${leader.config.nodeId}${all.length > 1 ? ` (+${all.length - 1})` : ''}`
      : `$(person) ZTAP: ${all.length} local node${all.length === 1 ? '' : 's'}, none leading`;
    this.item.tooltip = `Local election nodes in this window\n${roles.join('\n')}`;
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
