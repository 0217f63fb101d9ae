import type * as vscode from 'vscode';
import { Disposable, Emitter } from '../../core/events';
import { folderPrefix } from '../../core/keys/keyRange';
import { PrefixWatcher, WatchEvent } from '../../core/watch/prefixWatcher';
import { Throttle } from '../../core/watch/throttle';
import type { EtcdSession } from '../../core/connection/etcdSession';
import type { ConnectionService } from '../connections/connectionService';
import type { Log } from '../log';
import type { ClusterTreeProvider } from './clusterTreeProvider';
import type { ValueDocumentProvider } from '../keys/valueDocuments';
import { keyToText } from '../../core/keys/keyText';

/** At most four redraws a second, however fast events come. */
export const FLUSH_MS = 250;

/**
 * Keeps the tree current by itself: one exact watch on `{keyPrefix}/` (and on the
 * election key when it lies elsewhere), re-made on every (re)connect. Events update
 * the key index and the open value documents; redraws are batched and limited to the
 * folders the user has open.
 */
export class TreeLiveUpdates implements vscode.Disposable {
  private watchers: PrefixWatcher[] = [];
  private readonly eventsEmitter = new Emitter<WatchEvent[]>();
  /** Every batch of the tree's watch, in order (the Cluster Dashboard counts and follows them). */
  readonly onDidSeeEvents = this.eventsEmitter.event;
  private readonly subscription: Disposable;
  /** The subscription to the end of the session the watchers run on. */
  private sessionEnd: Disposable | undefined;
  private generation = 0;
  private pendingFolders = new Set<string>();
  /** Keys changed since the last flush: their open documents are read again. */
  private pendingValues = new Set<string>();
  private leaderDirty = false;
  /** A key under {prefix}/nodes/ or the election changed: the Nodes rows are read again. */
  private nodesDirty = false;
  private readonly throttle = new Throttle(FLUSH_MS, () => this.flush());
  /** The revision each cluster (by endpoints) was at when this window first watched it: "since I opened the window". */
  private readonly firstSeen = new Map<string, bigint>();
  /** When each revision that changed the election was seen, while the window was open. */
  readonly electionClock = new Map<string, Date>();
  /** For tests: folder and leader redraws done. */
  redraws = 0;

  constructor(
    private readonly connection: ConnectionService,
    private readonly tree: ClusterTreeProvider,
    private readonly values: ValueDocumentProvider,
    private readonly log: Log,
  ) {
    this.subscription = connection.onDidStartSession(session => void this.follow(session));
  }

  /** Watches on a new session; they stop when it ends. */
  private async follow(session: EtcdSession): Promise<void> {
    const generation = ++this.generation;
    this.stopWatchers();
    this.sessionEnd = session.onDidEnd(() => this.stopWatchers());
    const config = session.config;
    const election = folderPrefix(config.electionKey);
    const keys = folderPrefix(config.keyPrefix);
    const prefixes = election.startsWith(keys) ? [keys] : [keys, election];
    const nodes = `${keys}nodes/`;
    const etcd = session.client;
    const watchers = prefixes.map(prefix => new PrefixWatcher(etcd, { prefix }));
    this.watchers = watchers;
    for (const w of watchers) {
      w.onEvents(batch => this.onEvents(batch, election, nodes));
      w.onResync(() => {
        this.tree.invalidateKeys();
        this.leaderDirty = this.nodesDirty = true;
        this.schedule();
      });
      let lostAt: number | undefined;
      w.onState(state => {
        if (state.kind === 'reconnecting') {
          lostAt ??= Date.now();
          this.log.warn(`Tree watch on ${w.options.prefix}: reconnecting (${state.reason})`);
        } else if (state.kind === 'live' && lostAt !== undefined) {
          this.log.info(`Tree watch on ${w.options.prefix}: live again after ${Date.now() - lostAt} ms, from revision ${w.nextRevision}`);
          lostAt = undefined;
        }
      });
    }
    try {
      await Promise.all(watchers.map(w => w.start()));
      if (generation !== this.generation) {
        return;
      }
      // Listings read before the watch began may miss events: read them again once.
      this.tree.invalidateKeys();
      // "Since I opened the window" starts where this window first watched this cluster.
      const cluster = config.endpoints.map(e => e.original).join(',');
      if (!this.firstSeen.has(cluster) && watchers[0]) {
        this.firstSeen.set(cluster, BigInt(watchers[0].nextRevision) - 1n);
      }
    } catch (err) {
      this.log.warn(`Cannot watch ${prefixes.join(', ')}; the tree updates on Refresh only: ${(err as Error).message}`);
    }
  }

  /** The revision this window first saw the connected cluster at. */
  windowRevision(): bigint | undefined {
    const config = this.connection.config;
    return config ? this.firstSeen.get(config.endpoints.map(e => e.original).join(',')) : undefined;
  }

  private onEvents(batch: WatchEvent[], election: string, nodes: string): void {
    this.eventsEmitter.fire(batch);
    const index = this.tree.keyIndex;
    if (index) {
      index.apply(batch).forEach(p => this.pendingFolders.add(p));
      // An open folder whose listing is not held (invalidated, its re-read not drawn yet)
      // is drawn again from etcd: no event under it can be lost to a missed redraw.
      for (const prefix of this.tree.openFolders()) {
        if (!index.has(prefix) && batch.some(ev => keyToText(ev.key).startsWith(prefix))) {
          this.pendingFolders.add(prefix);
        }
      }
    }
    const now = new Date();
    for (const ev of batch) {
      const key = keyToText(ev.key);
      if (key.startsWith(nodes)) {
        this.nodesDirty = true;
      }
      if (key.startsWith(election)) {
        // A node's place in the election is on its Nodes row too.
        this.leaderDirty = this.nodesDirty = true;
        if (!this.electionClock.has(ev.modRevision)) {
          this.electionClock.set(ev.modRevision, now);
        }
      }
    }
    for (const ev of batch) {
      this.pendingValues.add(keyToText(ev.key));
    }
    this.schedule();
  }

  /** For tests: batches flushed. */
  get flushes(): number {
    return this.throttle.flushes;
  }

  private schedule(): void {
    this.throttle.schedule();
  }

  private flush(): void {
    const folders = this.pendingFolders;
    this.pendingFolders = new Set();
    this.redraws += this.tree.refreshFolders(folders);
    const keys = this.pendingValues;
    this.pendingValues = new Set();
    this.values.keysChanged(keys);
    if (this.leaderDirty) {
      this.leaderDirty = false;
      this.redraws++;
      void this.tree.refreshLeader();
    }
    if (this.nodesDirty) {
      this.nodesDirty = false;
      this.redraws++;
      void this.tree.refreshNodes();
    }
  }

  private stopWatchers(): void {
    this.sessionEnd?.dispose();
    this.sessionEnd = undefined;
    this.watchers.forEach(w => w.dispose());
    this.watchers = [];
  }

  dispose(): void {
    this.eventsEmitter.dispose();
    this.generation++;
    this.throttle.dispose();
    this.subscription.dispose();
    this.stopWatchers();
  }
}
