import * as vscode from 'vscode';
import type { Profile } from '../../core/config/profiles';
import { COMMANDS } from '../commands/commandIds';
import { type TreeNode, withMenus } from '../tree/treeNode';

/** A connection profile that is not the active one: click to switch to it. */
export class ProfileNode implements TreeNode {
  readonly id: string;

  constructor(readonly profile: Profile) {
    this.id = `profile/${profile.name}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.profile.name, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const endpoints = this.profile.input.endpoints?.join(', ') ?? (this.profile.source === 'environment' ? 'ZTAP_ETCD_* env vars' : '');
    item.description = `not connected${endpoints ? ` · ${endpoints}` : ''}`;
    const from = { settings: 'ztap.connections', single: 'the ztap.etcd.* settings', environment: 'the ZTAP_ETCD_* environment variables' }[
      this.profile.source
    ];
    item.tooltip = `Connection "${this.profile.name}" (from ${from})${endpoints ? `\n${endpoints}` : ''}\nClick to switch to it.`;
    item.iconPath = new vscode.ThemeIcon('plug');
    const user = this.profile.input.username ? '.user' : '';
    withMenus(item, this.profile.source === 'settings' ? `ztapProfile${user}.removable` : `ztapProfile${user}`);
    item.command = { command: COMMANDS.switchConnection, title: 'Switch Connection', arguments: [this.profile.name] };
    return item;
  }
}
