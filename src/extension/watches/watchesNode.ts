import * as vscode from 'vscode';
import type { UserWatch, WatchesService } from './watchesService';
import { MessageNode } from '../tree/messageNode';
import { type TreeNode, withMenus } from '../tree/treeNode';

/** "Watches": the live watches of this window with prefix, state and event count. */
export class WatchesNode implements TreeNode {
  readonly id = 'watches';

  constructor(private readonly watches: WatchesService) {}

  getTreeItem(): vscode.TreeItem {
    const count = this.watches.all.length;
    const item = new vscode.TreeItem('Watches', count ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = count ? `${count} live` : 'none';
    item.iconPath = new vscode.ThemeIcon('eye');
    withMenus(item, count ? 'ztapWatches.running' : 'ztapWatches');
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    const all = this.watches.all;
    if (all.length === 0) {
      return [new MessageNode(`${this.id}/none`, 'No watches', { description: 'ZTAP: Watch Prefix...', icon: 'info' })];
    }
    return all.map(w => new WatchNode(w));
  }
}

export class WatchNode implements TreeNode {
  readonly id: string;

  constructor(readonly watch: UserWatch) {
    this.id = `watch/${watch.id}`;
  }

  getTreeItem(): vscode.TreeItem {
    const w = this.watch;
    const state = w.state;
    const stateText = state.kind === 'reconnecting' || state.kind === 'paused' ? `${state.kind}: ${state.reason}` : state.kind === 'live' ? 'live' : state.kind;
    const item = new vscode.TreeItem(this.watch.prefix, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = `${stateText} · ${w.count} event${w.count === 1 ? '' : 's'}`;
    item.tooltip = `${this.watch.prefix}\n${stateText}; next revision ${w.watcher.nextRevision}; ${w.count} events (in the "ZTAP Watch" output)`;
    item.iconPath = new vscode.ThemeIcon(state.kind === 'live' ? 'eye' : state.kind === 'reconnecting' || state.kind === 'paused' ? 'sync~spin' : 'eye-closed');
    withMenus(item, 'ztapWatch');
    return item;
  }
}
