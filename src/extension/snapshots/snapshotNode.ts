import * as vscode from 'vscode';
import { folderPrefix } from '../../core/keys/keyRange';
import type { SnapshotEntry } from '../../core/snapshot/snapshotIndex';
import { decodeNode } from '../../core/ztap/nodeJson';
import { COMMANDS } from '../commands/commandIds';
import type { OpenSnapshot } from './openSnapshots';
import { valueUri } from '../keys/valueUris';
import { FolderNode } from '../keys/folderNode';
import { childrenOrError, MessageNode } from '../tree/messageNode';
import type { TreeContext } from '../tree/treeContext';
import { type TreeNode, withMenus } from '../tree/treeNode';

/** Where ZTAP keeps its keys when no connection says otherwise (docs/ztap-etcd-config.md). */
const DEFAULT_PREFIX = '/ztap';

/**
 * "Snapshot <file> at revision N": a snapshot file opened as a read-only root beside
 * the connection, with the same Keys folders and counts, the election's line and
 * ZTAP's node registrations, all read from the file (no etcd involved).
 */
export class SnapshotRootNode implements TreeNode {
  readonly id: string;

  constructor(
    readonly snapshot: OpenSnapshot,
    private readonly live: TreeContext,
  ) {
    this.id = `snapshot/${snapshot.id}`;
  }

  get path(): string {
    return this.snapshot.browser.path;
  }

  getTreeItem(): vscode.TreeItem {
    const { browser, name } = this.snapshot;
    const item = new vscode.TreeItem(`Snapshot ${name}`, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = `at revision ${browser.revision} · ${browser.keyCount} key${browser.keyCount === 1 ? '' : 's'} alive`;
    item.tooltip =
      `${browser.path}\nrevision ${browser.revision}${browser.compactRevision ? `, history compacted to ${browser.compactRevision}` : ''}\n` +
      `${browser.keyCount} keys alive at that revision (what a listing of the file shows). Show Snapshot Status also gives etcd's own ` +
      `"total keys", which for a file of etcd 3.5 or earlier counts every entry: history, deleted keys and etcd's internal buckets.\n` +
      'Read from the file: no etcd runs for it.';
    item.iconPath = new vscode.ThemeIcon('archive');
    withMenus(item, 'ztapSnapshot');
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    const { keyPrefix, electionKey } = this.layout();
    const browser = this.snapshot.browser;
    const ctx: TreeContext = {
      ...this.live,
      snapshot: this.snapshot.id,
      keyIndex: () => ({ list: p => browser.list(p), invalidate: () => undefined }),
      registerFolder: () => undefined,
    };
    return [electionSection(this, electionKey), new FolderNode(ctx, `${keyPrefix}/`, 'Keys', undefined, this), nodesSection(this, `${keyPrefix}/nodes/`)];
  }

  /** The key layout of the connection's settings, or ZTAP's defaults. */
  private layout(): { keyPrefix: string; electionKey: string } {
    try {
      const config = this.live.config();
      return { keyPrefix: config.keyPrefix, electionKey: config.electionKey };
    } catch {
      return { keyPrefix: DEFAULT_PREFIX, electionKey: `${DEFAULT_PREFIX}/election` };
    }
  }

  /** Every key under `prefix` in the file, in key order. */
  async entries(prefix: string): Promise<SnapshotEntry[]> {
    const all: SnapshotEntry[] = [];
    for await (const entry of this.snapshot.browser.entries(prefix)) {
      all.push(entry);
    }
    return all;
  }
}

/** A section of a snapshot's root (Leader, Nodes): the keys under one folder of the file, shown by what they are. */
class SnapshotSectionNode implements TreeNode {
  readonly id: string;

  constructor(
    readonly parent: SnapshotRootNode,
    private readonly section: {
      id: string;
      label: string;
      description: string;
      tooltip?: string;
      icon: string;
      prefix: string;
      empty: [label: string, description: string];
      rows(entries: SnapshotEntry[], rowId: (e: SnapshotEntry) => string): TreeNode[];
    },
  ) {
    this.id = `${parent.id}/${section.id}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.section.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = this.section.description;
    item.tooltip = this.section.tooltip;
    item.iconPath = new vscode.ThemeIcon(this.section.icon);
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    return childrenOrError(this.id, this.section.prefix, async () => {
      const entries = await this.parent.entries(this.section.prefix);
      if (entries.length === 0) {
        const [label, description] = this.section.empty;
        return [new MessageNode(`${this.id}/none`, label, { description, icon: 'info' })];
      }
      return this.section.rows(entries, e => `${this.id}/${e.key}`);
    });
  }
}

/** The election's line as the file has it: candidates by create revision, the first leading. */
function electionSection(root: SnapshotRootNode, electionKey: string): SnapshotSectionNode {
  const prefix = folderPrefix(electionKey);
  return new SnapshotSectionNode(root, {
    id: 'election',
    label: 'Leader',
    description: 'in the snapshot',
    tooltip: `The keys under ${prefix} in the file, by create revision: the first was leading.`,
    icon: 'star-full',
    prefix,
    empty: ['No leader', 'no candidate in the snapshot'],
    rows: (entries, rowId) =>
      entries
        .sort((a, b) => Number(a.createRevision) - Number(b.createRevision))
        .map((e, i) => {
          const node = decodeNode(e.value);
          return new SnapshotEntryRow(rowId(e), root.snapshot.id, e, `${i + 1}. ${node?.id ?? e.value.toString('utf8').slice(0, 40)}`, {
            description: [i === 0 ? 'leader' : 'waiting', node?.address, `lease ${e.lease}`].filter(Boolean).join(' · '),
            icon: i === 0 ? 'star-full' : 'person',
          });
        }),
  });
}

/** ZTAP's node registrations in the file. */
function nodesSection(root: SnapshotRootNode, prefix: string): SnapshotSectionNode {
  return new SnapshotSectionNode(root, {
    id: 'nodes',
    label: 'Nodes',
    description: 'registrations in the snapshot',
    icon: 'server-environment',
    prefix,
    empty: ['No nodes', `nothing under ${prefix}`],
    rows: (entries, rowId) =>
      entries.map(e => {
        const node = decodeNode(e.value);
        const description = node
          ? [node.address, node.state, node.last_seen ? `last seen ${node.last_seen}` : '', e.lease === '0' ? 'no lease' : `lease ${e.lease}`]
          : ['not Node JSON'];
        return new SnapshotEntryRow(rowId(e), root.snapshot.id, e, node?.id ?? e.key.slice(prefix.length), {
          description: description.filter(Boolean).join(' · '),
          icon: 'vm',
        });
      }),
  });
}

/** A key of the snapshot shown by what it is (a candidate, a node): opens its value from the file. */
class SnapshotEntryRow implements TreeNode {
  constructor(
    readonly id: string,
    private readonly snapshot: string,
    private readonly entry: SnapshotEntry,
    private readonly label: string,
    private readonly options: { description: string; icon: string },
  ) {}

  get key(): string {
    return this.entry.key;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = this.options.description;
    item.tooltip = `${this.entry.key}\ncreate revision ${this.entry.createRevision}, mod revision ${this.entry.modRevision}, version ${this.entry.version}`;
    item.iconPath = new vscode.ThemeIcon(this.options.icon);
    withMenus(item, 'ztapSnapshotKey');
    item.command = { command: COMMANDS.openKey, title: 'Open Value', arguments: [valueUri(this.entry.key, { snapshot: this.snapshot })] };
    return item;
  }
}
