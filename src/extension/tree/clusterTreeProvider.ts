import * as vscode from 'vscode';
import type { ConnectionService } from '../connections/connectionService';
import type { LocalNodesService } from '../election/localNodesService';
import type { WatchesService } from '../watches/watchesService';
import type { EtcdSession } from '../../core/connection/etcdSession';
import { KeyIndex } from '../../core/keys/keyIndex';
import type { KeyFilter } from '../../core/keys/keyFilter';
import { ConnectionNode } from '../connections/connectionNode';
import { FolderNode } from '../keys/folderNode';
import { ProfileNode } from '../connections/profileNode';
import type { TreeContext } from './treeContext';
import { LeaseClock } from '../leases/leaseClock';
import type { TreeNode } from './treeNode';
import { SnapshotRootNode } from '../snapshots/snapshotNode';
import { listChildren } from '../../core/keys/listChildren';
import type { OpenSnapshots } from '../snapshots/openSnapshots';
import { readHeartbeatMs } from '../settings';

/** Nodes' warnings depend on time (last seen too long ago): read again every this many seconds while open. */
const NODES_REREAD_TICKS = 5;

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
  /** Browse at Revision's roots: the keys as they were at each revision, for the current connection. */
  private readonly pastRoots = new Map<string, FolderNode>();
  private readonly ctx: TreeContext;
  private nodesTicks = 0;
  /** Rows whose children VS Code is being handed, and redraws waiting for them. */
  private readonly listing = new Map<TreeNode, Promise<TreeNode[]>>();
  private readonly deferred = new Set<TreeNode>();
  /** Filter Keys...: only the matching keys (and the folders on the way) under its folder are shown. */
  private filter: KeyFilter | undefined;
  private readonly nodesTimer = setInterval(() => this.tickNodes(), 1000);

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
      memberPoll: () => connection.members,
      keyFilter: () => this.filter,
      keyIndex: () => this.keyIndexFor(),
      registerFolder: (prefix, node) => this.folders.set(prefix, node),
      electionClock: () => this.electionClock,
      leaseClock: () => this.leaseClock,
      localLeases: () => new Set(nodes.all.map(n => n.snapshot.leaseId).filter(Boolean)),
      heartbeatMs: readHeartbeatMs,
    };
    this.ctx = ctx;
    this.root = new ConnectionNode(connection, ctx, nodes, watches);
    this.disposables.push(
      // The root's label and children follow the connection state; listings belong to one connection.
      connection.onDidChangeState(() => {
        this.pastRoots.clear(); // another connection (or none): its past is not this one's
        this.filter = undefined;
        void vscode.commands.executeCommand('setContext', 'ztap.keyFilter', false);
        this.index = undefined;
        this.indexSession = undefined;
        this.folders.clear();
        this.refresh();
      }),
      // Member health follows the shared poll: the member rows in place, the connection row when its words change.
      connection.onDidPollMembers(members => {
        if (this.root.setMembers(members)) {
          this.changes.fire(this.root);
        }
        this.root.members?.apply(members);
      }),
      // Metrics warnings (while the dashboard reads them) on the connection row.
      connection.onDidPollMetrics(members => this.root.setMetrics(members) && this.changes.fire(this.root)),
      nodes.onDidChange(() => this.onLocalNodesChanged(nodes)),
      snapshots.onDidChange(() => this.changes.fire(undefined)),
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

  /** The prefixes of the live folders the user has expanded. */
  openFolders(): string[] {
    return [...this.folders].filter(([, node]) => this.expanded.has(node.id)).map(([prefix]) => prefix);
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

  /** Shows only `filter`'s keys under its folder (undefined: every key again), and redraws Keys. */
  setKeyFilter(filter: KeyFilter | undefined): void {
    this.filter = filter;
    void vscode.commands.executeCommand('setContext', 'ztap.keyFilter', filter !== undefined);
    if (this.root.keys) {
      this.refresh(this.root.keys);
    }
  }

  get keyFilter(): KeyFilter | undefined {
    return this.filter;
  }

  /** Re-reads the nodes' report and redraws Nodes, its summary and rows (driven by the watch on their keys). */
  async refreshNodes(): Promise<void> {
    const nodes = this.root.nodes;
    if (nodes) {
      await nodes.reload();
      this.refresh(nodes);
    }
  }

  /** Once a second while Nodes is open and shown: last-seen ages tick; every few seconds the report is read again. */
  private tickNodes(): void {
    const nodes = this.root.nodes;
    if (!nodes || !this.view?.visible || !this.expanded.has(nodes.id)) {
      return;
    }
    if (++this.nodesTicks % NODES_REREAD_TICKS === 0) {
      void this.refreshNodes();
    } else {
      nodes.rows.filter(r => r.ageChanged).forEach(r => this.refresh(r));
    }
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
      // The lease rows of Leases, Nodes and the leader count on with the clock.
      clearInterval(this.ticker);
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

  /**
   * Redraws `node` (its rows kept), or without one the whole tree, read again from etcd.
   * VS Code drops the rows of a listing that a second listing of the same row overtook
   * ("already registered"): a redraw of a row that is being listed, or whose rows below
   * are, waits for that listing to end.
   */
  refresh(node?: TreeNode): void {
    if (!node) {
      this.root.forgetChildren();
      this.changes.fire(undefined);
      return;
    }
    const busy = [...this.listing].filter(([n]) => isAtOrBelow(n, node)).map(([, p]) => p);
    if (busy.length === 0) {
      this.changes.fire(node);
      return;
    }
    if (!this.deferred.has(node)) {
      this.deferred.add(node);
      // A listing that never ends must not swallow redraws: two seconds at most.
      void Promise.race([Promise.allSettled(busy), new Promise(resolve => setTimeout(resolve, 2000))]).then(() => {
        this.deferred.delete(node);
        this.changes.fire(node);
      });
    }
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
      return [
        this.root,
        ...this.pastRoots.values(),
        ...this.connection.profiles.filter(p => p.name !== active).map(p => new ProfileNode(p)),
        ...this.snapshotNodes(),
      ];
    }
    if (!node.getChildren) {
      return [];
    }
    const listing = node.getChildren();
    this.listing.set(node, listing);
    try {
      return await listing;
    } finally {
      if (this.listing.get(node) === listing) {
        this.listing.delete(node);
      }
    }
  }

  /**
   * A read-only root "Keys at revision N" under the connection: folders, counts and
   * values as they were then, read lazily (a folder is listed when it is opened) at N.
   */
  showPast(revision: string): FolderNode {
    let node = this.pastRoots.get(revision);
    if (!node) {
      const client = () => this.connection.requireSession().client;
      const ctx: TreeContext = {
        ...this.ctx,
        revision,
        keyIndex: () => ({ list: prefix => listChildren(client(), prefix, { revision }), invalidate: () => undefined }),
        registerFolder: () => undefined,
      };
      node = new FolderNode(ctx, `${this.ctx.config().keyPrefix}/`, `Keys at revision ${revision}`, undefined, undefined);
      this.pastRoots.set(revision, node);
      this.changes.fire(undefined);
    }
    return node;
  }

  /** Closes a past revision's root. */
  closePast(revision: string): void {
    if (this.pastRoots.delete(revision)) {
      this.changes.fire(undefined);
    }
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
    clearInterval(this.nodesTimer);
    clearTimeout(this.watchesTimer);
    this.leaseClock.dispose();
    this.disposables.forEach(d => d.dispose());
    this.changes.dispose();
  }
}

/** Whether `node` is `ancestor` or below it (by the rows' parents). */
function isAtOrBelow(node: TreeNode, ancestor: TreeNode): boolean {
  for (let n: TreeNode | undefined = node; n; n = n.parent) {
    if (n === ancestor) {
      return true;
    }
  }
  return false;
}
