import * as vscode from 'vscode';
import { classifyError, deniedOn } from '../../core/client/errors';
import { type TreeNode, withMenus } from './treeNode';
import { COMMANDS } from '../commands/commandIds';
import { accessQuestionOf } from '../access/offerCheckAccess';

/** A leaf that says something: an error while loading a level, "no leader", a detail row. */
export class MessageNode implements TreeNode {
  constructor(
    readonly id: string,
    private readonly label: string,
    private readonly options: { error?: boolean; description?: string; icon?: string; tooltip?: string; command?: vscode.Command } = {},
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = this.options.description;
    item.tooltip = this.options.tooltip ?? (this.options.description ? `${this.label}: ${this.options.description}` : this.label);
    withMenus(item, this.options.error ? 'ztapMessage' : 'ztapDetail');
    if (this.options.command) {
      item.command = this.options.command;
    }
    const icon = this.options.error ? 'error' : this.options.icon;
    if (icon) {
      item.iconPath = new vscode.ThemeIcon(icon, this.options.error ? new vscode.ThemeColor('errorForeground') : undefined);
    }
    return item;
  }
}

/** A detail row: "label: value". */
export function detail(parentId: string, label: string, value: string, icon?: string): MessageNode {
  return new MessageNode(`${parentId}/${label}`, label, { description: value, icon });
}

/**
 * Loads children, turning any failure into one error child that names the reason. A
 * read of keys (`reads`) that etcd denies names the user and the keys, and the row
 * runs Check Access on them when clicked.
 */
export async function childrenOrError(
  parentId: string,
  what: string,
  load: () => Promise<TreeNode[]>,
  reads?: { key: string; prefix: boolean; user: string | undefined },
): Promise<TreeNode[]> {
  try {
    return await load();
  } catch (err) {
    const denied = deniedOn(err, reads ? { op: 'read', key: reads.key, prefix: reads.prefix } : what, reads?.user);
    const failure = classifyError(denied);
    const question = accessQuestionOf(denied);
    return [
      new MessageNode(`${parentId}/error`, `Cannot load ${what}`, {
        error: true,
        description: failure.message,
        tooltip: question ? `${failure.message}\n\nClick to see which role would allow it (Check Access).` : undefined,
        command: question ? { command: COMMANDS.checkAccess, title: 'Check Access', arguments: [question] } : undefined,
      }),
    ];
  }
}
