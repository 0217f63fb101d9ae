import * as vscode from 'vscode';
import type { KeyHistory } from '../../core/history/keyHistory';
import type { KeyChange, PrefixChanges } from '../../core/history/prefixChanges';
import { MessageNode } from '../tree/messageNode';
import type { TreeNode } from '../tree/treeNode';
import { ChangeSides, changeChildren, countsOf, MoreVersionsNode, revisionSides, VersionNode, VERSIONS_PAGE } from './historyNodes';

type Shown =
  | { kind: 'key'; history: KeyHistory; limit: number }
  | { kind: 'changes'; changes: PrefixChanges }
  | { kind: 'comparison'; prefix: string; header: string; changes: KeyChange[]; sides: ChangeSides };

/**
 * The History view: one result at a time, a key's versions (newest first, paged) or
 * what changed under a folder between two revisions (as a tree with counts).
 */
export class HistoryTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private shown: Shown | undefined;
  view: vscode.TreeView<TreeNode> | undefined;

  get current(): Shown | undefined {
    return this.shown;
  }

  async showKeyHistory(history: KeyHistory): Promise<void> {
    this.shown = { kind: 'key', history, limit: VERSIONS_PAGE };
    await this.refresh(`History of ${history.key}`);
  }

  async showChanges(changes: PrefixChanges): Promise<void> {
    this.shown = { kind: 'changes', changes };
    await this.refresh(`Changes under ${changes.prefix || '/'}`);
  }

  /** Changes between two sides other than two revisions: a snapshot and the live cluster, or two snapshots. */
  async showComparison(comparison: { prefix: string; header: string; changes: KeyChange[]; sides: ChangeSides }): Promise<void> {
    this.shown = { kind: 'comparison', ...comparison };
    await this.refresh(comparison.header);
  }

  showMore(): void {
    if (this.shown?.kind === 'key') {
      this.shown.limit += VERSIONS_PAGE;
      this.changed.fire(undefined);
    }
  }

  private async refresh(title: string): Promise<void> {
    await vscode.commands.executeCommand('setContext', 'ztap.historyShown', true);
    this.changed.fire(undefined);
    if (this.view) {
      this.view.description = title;
    }
    await vscode.commands.executeCommand('ztap.history.focus');
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (node) {
      return node.getChildren ? node.getChildren() : [];
    }
    const shown = this.shown;
    if (!shown) {
      return [];
    }
    if (shown.kind === 'key') {
      const { history, limit } = shown;
      const rows: TreeNode[] = [new MessageNode('history/header', history.key, { description: headerOf(history), icon: 'key' })];
      rows.push(...history.versions.slice(0, limit).map(v => new VersionNode(history, v)));
      if (history.versions.length > limit) {
        rows.push(new MoreVersionsNode(history.versions.length - limit));
      }
      return rows;
    }
    if (shown.kind === 'comparison') {
      const header = new MessageNode('comparison/header', shown.header, { description: countsOf(shown.changes), icon: 'git-compare' });
      return [header, ...changeChildren(shown.prefix, shown.changes, shown.sides)];
    }
    const c = shown.changes;
    const span = { from: c.from, to: c.to };
    const header = new MessageNode('changes/header', `${c.prefix || '/'} after rev ${c.from} up to rev ${c.to}`, {
      description: `${countsOf(c.changes)}${c.transient ? `, ${c.transient} created and deleted again` : ''}`,
      icon: 'git-compare',
    });
    return [header, ...changeChildren(c.prefix, c.changes, revisionSides(span))];
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function headerOf(h: KeyHistory): string {
  const n = h.versions.length;
  const count = n === 0 ? 'no history' : n === 1 ? '1 version' : `${n} versions`;
  return `${count} (read at rev ${h.revision})${h.compactRevision !== undefined ? `; history before revision ${h.compactRevision} has been compacted` : ''}`;
}
