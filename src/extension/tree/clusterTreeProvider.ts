import * as vscode from 'vscode';
import type { ConnectionService } from '../connectionService';
import type { LocalNodesService } from '../localNodesService';
import type { WatchesService } from '../watchesService';
import type { EtcdSession } from '../../core/connection/etcdSession';
import { KeyIndex } from '../../core/keys/keyIndex';
import { ConnectionNode } from './connectionNode';
import { FolderNode } from './keysNode';
import { ProfileNode } from './profileNode';
import type { TreeContext } from './treeContext';
import { LeaseClock } from './leaseClock';
import type { TreeNode } from './treeNode';
import { SnapshotRootNode } from './snapshotNode';
import type { OpenSnapshots } from '../snapshots/openSnapshots';

/** The "Cluster" view. Nodes load their own children; refresh can target one node. */
export class ClusterTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changes.event;
  private readonly root: ConnectionNode;
  /** When this window saw each election revision (set by the composition root from TreeLiveUpdates). */
  electionClock: ReadonlyMap<string, Date> = new Map();
  private readonly disposables: Array<{ dispose(): void }> = [];
  private ticker: NodeJS.Timeout | undefined;
  private watchesTimer: NodeJS.Timeout | undefined;
  private index: KeyIndex | undefined;
  private indexSession: EtcdSession | undefined;
  /** The latest node drawn for each folder prefix, and the ids the user has expanded. */
  private readonly folders = new Map<string, TreeNode>();
  private readonly expanded = new Set<string>();
  private view: vscode.TreeView<TreeNode> | undefined;
  /** Live TTL countdowns: rows redrawn once a second while their parent is open and the view visible. */
  readonly leaseClock = new LeaseClock(
    () => this.connection.requireSession().client,
    node => this.refresh(node),
    node => !!this.view?.visible && (node.parent === undefined || this.expanded.has(node.parent.id)),
  );

  /** The roots of the snapshot files open in this window, by snapshot id. */
  private readonly snapshotRoots = new Map<string, SnapshotRootNode>();
  private readonly ctx: TreeContext;

  constructor(
    private readonly connection: ConnectionService,
    nodes: LocalNodesService,
    watches: WatchesService,
    private readonly snapshots: OpenSnapshots,
  ) {
    const ctx: TreeContext = {
      client: () => connection.requireSession().client,
      config: () => {
        const config = connection.config;
        if (!config) {
          throw new Error('No connection is configured.');
        }
        return config;
      },
      refresh: node => this.refresh(node),
      keyIndex: () => this.keyIndexFor(),
      registerFolder: (prefix, node) => this.folders.set(prefix, node),
      electionClock: () => this.electionClock,
      leaseClock: () => this.leaseClock,
      localLeases: () => new Set(nodes.all.map(n => n.snapshot.leaseId).filter(Boolean)),
      heartbeatMs: () => 1000 * (vscode.workspace.getConfiguration('ztap.etcd').get<number>('heartbeatInterval') ?? 5),
    };
    this.ctx = ctx;
    this.root = new ConnectionNode(connection, ctx, nodes, watches);
    this.disposables.push(
      // The root's label and children follow the connection state; listings belong to one connection.
      connection.onDidChangeState(() => {
        this.index = undefined;
        this.indexSession = undefined;
        this.folders.clear();
        this.refresh();
      }),
      nodes.onDidChange(() => this.onLocalNodesChanged(nodes)),
      snapshots.onDidChange(() => this.refresh()),
      // Event counts change with every event: at most a few redraws a second.
      watches.onDidChange(
        () =>
          (this.watchesTimer ??= setTimeout(() => {
            this.watchesTimer = undefined;
            this.refresh(this.root.watches);
          }, 250)),
      ),
    );
  }

  /** Follows expansion in `view`, so live updates redraw only what the user has open. */
  track(view: vscode.TreeView<TreeNode>): void {
    this.view = view;
    this.disposables.push(
      view.onDidExpandElement(e => this.expanded.add(e.element.id)),
      view.onDidCollapseElement(e => this.expanded.delete(e.element.id)),
    );
  }

  /**
   * The index of listed folders of the live session, made on first use (Find Key lists
   * folders the tree has not shown); listings belong to one session.
   */
  keyIndexFor(): KeyIndex {
    const session = this.connection.requireSession();
    if (this.indexSession !== session) {
      this.index = new KeyIndex(session.client);
      this.indexSession = session;
    }
    return this.index as KeyIndex;
  }

  get keyIndex(): KeyIndex | undefined {
    return this.index;
  }

  /** Listings are stale (a resync): read them again on the next draw. */
  invalidateKeys(): void {
    this.index?.invalidate();
    const keys = this.root.keys;
    if (keys) {
      this.refresh(keys);
    }
  }

  /**
   * Redraws the folders whose listing changed, but only those the user has expanded,
   * and only the topmost of them: a redraw re-renders the open folders below it
   * from the index, without reading etcd.
   */
  refreshFolders(prefixes: Iterable<string>): number {
    const open = [...prefixes].filter(p => {
      const node = this.folders.get(p);
      return node !== undefined && this.expanded.has(node.id);
    });
    open.sort((a, b) => a.length - b.length);
    const drawn: string[] = [];
    for (const p of open) {
      if (!drawn.some(d => p.startsWith(d))) {
        drawn.push(p);
        this.refresh(this.folders.get(p));
      }
    }
    return drawn.length;
  }

  /** Re-reads the election and redraws the Leader node (driven by a watch on the election prefix). */
  async refreshLeader(): Promise<void> {
    const leader = this.root.leader;
    if (leader) {
      await leader.reload();
      this.refresh(leader);
    }
  }

  private onLocalNodesChanged(nodes: LocalNodesService): void {
    this.refresh(this.root.localNodes);
    // Remaining TTLs count down: redraw once a second while any node runs.
    if (nodes.all.length > 0 && !this.ticker) {
      this.ticker = setInterval(() => this.refresh(this.root.localNodes), 1000);
    } else if (nodes.all.length === 0 && this.ticker) {
      clearInterval(this.ticker);
      this.leaseClock.dispose();
      this.ticker = undefined;
    }
  }

  /**
   * The row of `key` (a folder when it ends in "/"), found level by level from Keys,
   * listing each folder on the way as expanding it would; undefined when it is not
   * under the key prefix or not there.
   */
  async nodeForKey(key: string): Promise<TreeNode | undefined> {
    if (!this.root.keys) {
      await this.getChildren(this.root); // the tree was not expanded yet: make its rows
    }
    let folder = this.root.keys;
    if (!folder || !key.startsWith(folder.prefix)) {
      return undefined;
    }
    const rest = key.slice(folder.prefix.length);
    const segments = rest.split('/');
    for (let i = 0; i < segments.length; i++) {
      const last = i === segments.length - 1 || (i === segments.length - 2 && segments[segments.length - 1] === '');
      const target = `${folder.prefix}${segments[i]}${last && !key.endsWith('/') ? '' : '/'}`;
      const node = await folder.childFor(target);
      if (!node || last) {
        return node;
      }
      if (!(node instanceof FolderNode)) {
        return undefined;
      }
      folder = node;
    }
    return folder;
  }

  refresh(node?: TreeNode): void {
    this.changes.fire(node);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) {
      // The active connection first, then the other profiles to switch to.
      const active = this.connection.activeProfile.name;
      return [this.root, ...this.connection.profiles.filter(p => p.name !== active).map(p => new ProfileNode(p)), ...this.snapshotNodes()];
    }
    return node.getChildren ? node.getChildren() : [];
  }

  /** The open snapshots' roots, after the connections (one node per snapshot, kept for reveal). */
  snapshotNodes(): SnapshotRootNode[] {
    const open = this.snapshots.all;
    for (const id of this.snapshotRoots.keys()) {
      if (!open.some(s => s.id === id)) {
        this.snapshotRoots.delete(id);
      }
    }
    return open.map(s => {
      let node = this.snapshotRoots.get(s.id);
      if (!node) {
        node = new SnapshotRootNode(s, this.ctx);
        this.snapshotRoots.set(s.id, node);
      }
      return node;
    });
  }

  dispose(): void {
    clearInterval(this.ticker);
    clearTimeout(this.watchesTimer);
    this.disposables.forEach(d => d.dispose());
    this.changes.dispose();
  }
}
