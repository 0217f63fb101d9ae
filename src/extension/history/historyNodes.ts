import * as vscode from 'vscode';
import { previewOf } from '../../core/history/changedFields';
import type { KeyHistory, KeyVersion } from '../../core/history/keyHistory';
import type { KeyChange } from '../../core/history/prefixChanges';
import { formatBytes } from '../../core/values/valueFormat';
import { type TreeNode, withMenus } from '../tree/treeNode';
import { valueTitle, valueUri } from '../keys/valueUris';

// The rows of the History view: a key's versions, or the changes under a folder.

/** One version of a key (or its deletion); opens read-only at its revision. */
export class VersionNode implements TreeNode {
  readonly id: string;
  constructor(
    readonly history: KeyHistory,
    readonly version: KeyVersion,
  ) {
    this.id = `history/${history.key}/${version.modRevision}`;
  }

  get key(): string {
    return this.history.key;
  }

  get revision(): string {
    return this.version.modRevision.toString();
  }

  getTreeItem(): vscode.TreeItem {
    const v = this.version;
    const item = new vscode.TreeItem(`rev ${v.modRevision}`, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const newest = this.history.versions[0] === v;
    if (v.deleted) {
      item.description = `deleted${newest ? ' (now)' : ''}`;
      item.iconPath = new vscode.ThemeIcon('trash');
      withMenus(item, 'ztapHistoryDeletion');
    } else {
      const what = v.changed ? `changed: ${v.changed.join(', ') || 'nothing'}` : previewOf(v.value);
      item.description = `v${v.version} · ${formatBytes(v.value.length)} · ${what}${newest ? ' (current)' : ''}${v.atCompaction ? ' (at the compaction point)' : ''}`;
      item.iconPath = new vscode.ThemeIcon(v.version === 1n ? 'add' : 'history');
      withMenus(item, 'ztapHistoryVersion');
    }
    item.tooltip = new vscode.MarkdownString(
      [
        `**${this.key}** at mod revision ${v.modRevision}`,
        v.deleted
          ? 'deleted'
          : `version ${v.version}, created at revision ${v.createRevision}, ${formatBytes(v.value.length)}, lease ${v.lease === '0' ? 'none' : BigInt(v.lease).toString(16)}`,
        v.changed ? `fields changed from the version before: ${v.changed.join(', ') || 'none'}` : '',
      ]
        .filter(Boolean)
        .join('\n\n'),
    );
    item.command = { command: 'vscode.open', title: 'Open This Version', arguments: [valueUri(this.key, { revision: this.revision }), { preview: true }] };
    return item;
  }
}

/**
 * What a list of changes compares: two revisions of the cluster (Show Changes), or a
 * snapshot file and the live cluster or another snapshot; how each side of a key opens.
 */
export interface ChangeSides {
  /** Distinguishes the rows of one comparison from another's. */
  readonly id: string;
  left(key: string): vscode.Uri;
  right(key: string): vscode.Uri;
  /** The diff editor's title for a key. */
  title(key: string): string;
  tooltip(change: KeyChange): string;
}

/** The sides of "what changed after revision `from` up to `to`". */
export function revisionSides(span: { from: bigint; to: bigint }): ChangeSides {
  const from = span.from.toString();
  const to = span.to.toString();
  return {
    id: `${from}-${to}`,
    left: key => valueUri(key, { revision: from }),
    right: key => valueUri(key, { revision: to }),
    title: key => `${valueTitle(key)}: rev ${from} ↔ rev ${to}`,
    tooltip: c => `${c.key}: ${c.change} after revision ${from} (last change at revision ${c.toRevision})`,
  };
}

/** A folder of changed keys, with its counts. */
export class ChangeFolderNode implements TreeNode {
  readonly id: string;
  constructor(
    readonly prefix: string,
    readonly changes: KeyChange[],
    readonly sides: ChangeSides,
    private readonly name: string,
    readonly parent?: TreeNode,
  ) {
    this.id = `changes/${sides.id}/${prefix}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.name, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.iconPath = vscode.ThemeIcon.Folder;
    item.description = countsOf(this.changes);
    withMenus(item, 'ztapChangeFolder');
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    return changeChildren(this.prefix, this.changes, this.sides, this);
  }
}

/** One changed key: opens as a diff of its two sides. */
export class ChangeNode implements TreeNode {
  readonly id: string;
  constructor(
    readonly change: KeyChange,
    readonly sides: ChangeSides,
    private readonly name: string,
    readonly parent?: TreeNode,
  ) {
    this.id = `changes/${sides.id}/${change.key}`;
  }

  get key(): string {
    return this.change.key;
  }

  getTreeItem(): vscode.TreeItem {
    const c = this.change;
    const item = new vscode.TreeItem(this.name, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = `${c.change}${c.events > 1 ? ` (${c.events} changes)` : ''}`;
    item.iconPath = new vscode.ThemeIcon(c.change === 'added' ? 'diff-added' : c.change === 'deleted' ? 'diff-removed' : 'diff-modified');
    item.tooltip = this.sides.tooltip(c);
    withMenus(item, 'ztapChange');
    item.command = {
      command: 'vscode.diff',
      title: 'Compare',
      arguments: [this.sides.left(c.key), this.sides.right(c.key), this.sides.title(c.key), { preview: true }],
    };
    return item;
  }
}

/** The rows under a folder of changes: sub-folders first, then keys, by name. */
export function changeChildren(prefix: string, changes: KeyChange[], sides: ChangeSides, parent?: TreeNode): TreeNode[] {
  const folders = new Map<string, KeyChange[]>();
  const keys: TreeNode[] = [];
  for (const c of changes) {
    const rest = c.key.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash >= 0) {
      const name = rest.slice(0, slash);
      folders.set(name, [...(folders.get(name) ?? []), c]);
    } else {
      keys.push(new ChangeNode(c, sides, rest || '(the folder key)', parent));
    }
  }
  return [...[...folders].map(([name, list]) => new ChangeFolderNode(`${prefix}${name}/`, list, sides, name, parent)), ...keys];
}

export function countsOf(changes: readonly KeyChange[]): string {
  const n = (kind: KeyChange['change']) => changes.filter(c => c.change === kind).length;
  return `${n('added')} added, ${n('changed')} changed, ${n('deleted')} deleted`;
}

/** Versions shown at first and added by each "Show more…". */
export const VERSIONS_PAGE = 200;

/** "More versions…" at the end of a long history. */
export class MoreVersionsNode implements TreeNode {
  readonly id = 'history/more';
  constructor(private readonly remaining: number) {}
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(`Show ${Math.min(this.remaining, VERSIONS_PAGE)} more…`, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = `${this.remaining} older`;
    item.command = { command: 'ztap.showMore', title: 'Show More', arguments: [this] };
    return item;
  }
}
