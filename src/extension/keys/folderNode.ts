import * as vscode from 'vscode';
import { policyOf } from '../../core/ztap/policyKey';
import { plural } from '../../core/text/plural';
import { folderPrefix } from '../../core/keys/keyRange';
import { COMMANDS } from '../commands/commandIds';
import { childrenOrError, MessageNode } from '../tree/messageNode';
import type { TreeContext } from '../tree/treeContext';
import { type ContextValue, type TreeNode, withMenus } from '../tree/treeNode';
import { KeyNode } from './keyNode';

/** Folders with more children than this show "Show more…" rather than thousands of rows. */
const PAGE = 500;

/**
 * A folder of keys: "Keys" itself (the key prefix) and every sub-folder.
 * One level is loaded per expansion, keys-only, with counts.
 */
export class FolderNode implements TreeNode {
  readonly id: string;
  private shown = PAGE;
  /** The rows of the last listing, by id. */
  private rows = new Map<string, TreeNode>();

  constructor(
    private readonly ctx: TreeContext,
    readonly prefix: string,
    private readonly label: string,
    private keyCount: number | undefined,
    /** None for a root of its own (Browse at Revision's). */
    readonly parent: TreeNode | undefined,
  ) {
    this.prefix = folderPrefix(prefix);
    this.id = `${snapshotIdPrefix(ctx)}folder/${this.prefix}`;
    ctx.registerFolder(this.prefix, this);
  }

  /** The open snapshot this folder is read from, if it is not live. */
  get snapshot(): string | undefined {
    return this.ctx.snapshot;
  }

  /** The past revision this folder shows (Browse at Revision), if it is not live. */
  get revision(): string | undefined {
    return this.ctx.revision;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = this.keyCount === undefined ? this.prefix : `${this.keyCount} key${this.keyCount === 1 ? '' : 's'}`;
    item.tooltip = this.prefix;
    item.iconPath = vscode.ThemeIcon.Folder;
    withMenus(item, folderMenus(this.ctx, this.keyCount === undefined));
    if (this.ctx.revision && this.keyCount === undefined) {
      item.iconPath = new vscode.ThemeIcon('history');
      item.tooltip = `${this.prefix} as it was at revision ${this.ctx.revision}: read-only (etcd's history, until it is compacted)`;
    }
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    return childrenOrError(
      this.id,
      this.prefix,
      async () => {
        const listing = await this.ctx.keyIndex().list(this.prefix);
        if (listing.children.length === 0) {
          return [new MessageNode(`${this.id}/empty`, 'No keys', { description: this.prefix, icon: 'info' })];
        }
        const nodes: TreeNode[] = [];
        // Under a filter's folder only what matches (and the folders on the way) is listed.
        const filter = this.ctx.snapshot || this.ctx.revision ? undefined : this.ctx.keyFilter();
        const filtered = filter && this.prefix.startsWith(filter.prefix) ? filter : undefined;
        if (filtered && this.prefix === filtered.prefix) {
          nodes.push(
            new MessageNode(`${this.id}/filter`, `Filter: "${filtered.text}"`, {
              icon: 'filter',
              description: `${plural(filtered.matches.size, 'match', 'matches')} in ${plural(filtered.scanned, 'key')}${filtered.values ? ' (names and values)' : ''}${filtered.partial ? ', scan cancelled' : ''} at revision ${filtered.revision} · click to clear`,
              tooltip: 'Keys written since are not shown until you filter again. Click (or Clear Filter in the view title) to show every key.',
              command: { command: COMMANDS.clearKeyFilter, title: 'Clear Filter' },
            }),
          );
        }
        const inFilter = (path: string, isFolder: boolean) => !filtered || (isFolder ? filtered.folders : filtered.matches).has(path);
        const children = filtered
          ? listing.children.filter(c => (c.isFolder && inFilter(`${this.prefix}${c.name}/`, true)) || (c.isKey && inFilter(`${this.prefix}${c.name}`, false)))
          : listing.children;
        // The rows listed before are kept (updated), not made anew: a redraw of a row on screen
        // must reach the object VS Code shows, whoever listed this folder since (Find Key, reveal).
        const rows = new Map<string, TreeNode>();
        for (const child of children.slice(0, this.shown)) {
          if (child.isFolder && inFilter(`${this.prefix}${child.name}/`, true)) {
            const prefix = `${this.prefix}${child.name}/`;
            const count = child.keys - (child.isKey ? 1 : 0);
            const known = this.rows.get(`${snapshotIdPrefix(this.ctx)}folder/${prefix}`);
            const node = known instanceof FolderNode ? known.recount(count) : new FolderNode(this.ctx, prefix, `${child.name}/`, count, this);
            rows.set(node.id, node);
            nodes.push(node);
          }
          if (child.isKey && inFilter(`${this.prefix}${child.name}`, false)) {
            const key = `${this.prefix}${child.name}`;
            const known = this.rows.get(`${snapshotIdPrefix(this.ctx)}key/${key}`);
            const policy = !this.ctx.snapshot && !this.ctx.revision && policyOf(key, this.ctx.config().keyPrefix) !== undefined;
            const source = this.ctx.snapshot ? { snapshot: this.ctx.snapshot } : this.ctx.revision ? { revision: this.ctx.revision } : undefined;
            const node = known instanceof KeyNode ? known.update(child) : new KeyNode(key, child, this, source, policy);
            rows.set(node.id, node);
            nodes.push(node);
          }
        }
        this.rows = rows;
        const rest = children.length - this.shown;
        if (rest > 0) {
          nodes.push(new ShowMoreNode(this, rest));
        }
        return nodes;
      },
      this.ctx.snapshot ? undefined : { key: this.prefix, prefix: true, user: this.ctx.config().username },
    );
  }

  /** The same row with the count of a newer listing. */
  recount(keyCount: number): this {
    this.keyCount = keyCount;
    return this;
  }

  showMore(): void {
    this.shown += PAGE;
    this.ctx.refresh(this);
  }

  /** The child row for `key` (a key, or a folder when it ends in "/"), shown more if it is past the first rows. */
  async childFor(key: string): Promise<TreeNode | undefined> {
    const listing = await this.ctx.keyIndex().list(this.prefix);
    const name = key.slice(this.prefix.length).replace(/\/$/, '');
    const index = listing.children.findIndex(c => c.name === name);
    if (index < 0) {
      return undefined;
    }
    if (index >= this.shown) {
      this.shown = index + 1;
      this.ctx.refresh(this);
    }
    const id = `${snapshotIdPrefix(this.ctx)}${key.endsWith('/') ? 'folder' : 'key'}/${key}`;
    return (await this.getChildren()).find(n => n.id === id);
  }

  /** Refresh from the menu: read this folder (and what is below it) from etcd again. */
  async reload(): Promise<void> {
    this.ctx.keyIndex().invalidate(this.prefix);
  }
}

class ShowMoreNode implements TreeNode {
  readonly id: string;

  constructor(
    private readonly folder: FolderNode,
    private readonly remaining: number,
  ) {
    this.id = `${folder.id}/more`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Show more…', vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = `${this.remaining} more`;
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.command = { command: COMMANDS.showMore, title: 'Show More', arguments: [this.folder] };
    return item;
  }
}

/** Rows under an open snapshot get ids of their own: the same key may be shown live too. */
/** Rows under a snapshot or a past revision have ids of their own: the same key is a row of each. */
function snapshotIdPrefix(ctx: TreeContext): string {
  return ctx.snapshot ? `snapshot/${ctx.snapshot}/` : ctx.revision ? `rev/${ctx.revision}/` : '';
}

/** The menus of a folder row: a snapshot's, a past revision's (its root apart), the live Keys row, or a live folder. */
function folderMenus(ctx: TreeContext, isRoot: boolean): ContextValue {
  if (ctx.snapshot) {
    return 'ztapSnapshotFolder';
  }
  if (ctx.revision) {
    return isRoot ? 'ztapPastRoot' : 'ztapPastFolder';
  }
  return isRoot ? 'ztapKeys' : 'ztapFolder';
}
